/**
 * Telegram webhook: `POST …/webhooks/channels/telegram/<uuid>/receive` with a Bot API `Update`, authenticated by
 * `X-Telegram-Bot-Api-Secret-Token` = the channel's `secret_token` (401 missing, 403 wrong; nothing stored).
 *
 * `message` updates only (edits, channel posts and callbacks are acknowledged and ignored). URN `telegram:<chat id>`,
 * contact name from first/last name. text or caption → text; photo (largest size), voice, audio, video, video_note,
 * document, sticker → downloaded via getFile into the media store (file URLs contain the bot token, so they are never
 * stored); location/venue → "geo:lat,lng"; contact → its phone number as text. The external id is "<chat id>:<message id>",
 * so a retried update is stored once. "/start" arrives as an ordinary message.
 */
import type { WebhookResponse } from '../../http/webhooks.js';
import { deliverInbound, type NormalizedInbound } from '../common/inbound.js';
import { downloadToStore } from '../common/media-store.js';
import { providerFetch } from '../common/provider-http.js';
import { header, safeEqual } from '../common/signatures.js';
import { jsonAnswer, rejectSignature, type ProviderWebhookContext } from '../common/webhook.js';
import { RetryableError } from '../types.js';
import { parseTelegramConfig, type TelegramConfig } from './config.js';

interface TgFile { file_id: string; mime_type?: string }
interface TgMessage {
  message_id?: number;
  from?: { id?: number; first_name?: string; last_name?: string; username?: string };
  chat?: { id?: number; type?: string };
  text?: string;
  caption?: string;
  photo?: (TgFile & { width?: number; height?: number; file_size?: number })[];
  voice?: TgFile; audio?: TgFile; video?: TgFile; video_note?: TgFile; document?: TgFile; sticker?: TgFile;
  location?: { latitude?: number; longitude?: number };
  venue?: { location?: { latitude?: number; longitude?: number }; title?: string };
  contact?: { phone_number?: string };
}

const FALLBACK_TYPES: Record<string, string> = { photo: 'image/jpeg', voice: 'audio/ogg', audio: 'audio/mpeg', video: 'video/mp4', video_note: 'video/mp4', document: 'application/octet-stream', sticker: 'image/webp' };

async function downloadTelegramFile(cfg: TelegramConfig, file: TgFile, kind: string): Promise<string> {
  const res = await providerFetch('telegram', `${cfg.api_url}/bot${cfg.bot_token}/getFile`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ file_id: file.file_id }),
  }, cfg.timeout_ms);
  const path = (res.json?.result as { file_path?: string } | undefined)?.file_path;
  if (!res.ok || !path) throw new RetryableError(`telegram: getFile failed (${res.status}): ${String(res.json?.description ?? res.text.slice(0, 200))}`);
  return downloadToStore('telegram', `${cfg.api_url}/file/bot${cfg.bot_token}/${path}`, { fallbackType: file.mime_type ?? FALLBACK_TYPES[kind] });
}

export async function normalizeTelegramMessage(cfg: TelegramConfig, m: TgMessage): Promise<NormalizedInbound | null> {
  const chatId = m.chat?.id ?? m.from?.id;
  if (chatId == null || m.message_id == null) return null;
  const name = [m.from?.first_name, m.from?.last_name].filter(Boolean).join(' ') || m.from?.username || null;
  const attachments: string[] = [];
  let text = m.text ?? m.caption ?? '';
  const kind = (['voice', 'audio', 'video', 'video_note', 'document', 'sticker'] as const).find((k) => m[k]);
  if (m.photo?.length) {
    const largest = [...m.photo].sort((a, b) => (b.file_size ?? (b.width ?? 0) * (b.height ?? 0)) - (a.file_size ?? (a.width ?? 0) * (a.height ?? 0)))[0]!;
    attachments.push(await downloadTelegramFile(cfg, largest, 'photo'));
  } else if (kind) {
    attachments.push(await downloadTelegramFile(cfg, m[kind]!, kind));
  }
  const loc = m.location ?? m.venue?.location;
  if (loc?.latitude != null && loc.longitude != null) {
    attachments.push(`geo:${loc.latitude},${loc.longitude}`);
    if (!text && m.venue?.title) text = m.venue.title;
  }
  if (!text && m.contact?.phone_number) text = m.contact.phone_number;
  if (!text && attachments.length === 0) return null;
  return { urn: `telegram:${chatId}`, text, attachments, externalId: `${chatId}:${m.message_id}`, contactName: name };
}

export async function handleTelegramWebhook({ rt, channel, req }: ProviderWebhookContext): Promise<WebhookResponse> {
  if (req.method !== 'POST') return { status: 405, headers: { allow: 'POST' }, json: { ok: false, error: 'use POST' } };
  const cfg = parseTelegramConfig(channel.config);
  const given = header(req.headers, 'x-telegram-bot-api-secret-token');
  if (!safeEqual(cfg.secret_token, given)) return rejectSignature(!given, 'X-Telegram-Bot-Api-Secret-Token');
  let update: { update_id?: number; message?: TgMessage };
  try {
    update = JSON.parse(req.body.toString('utf8')) as typeof update;
  } catch {
    return jsonAnswer(400, { ok: false, error: 'body must be a JSON Update' });
  }
  if (!update?.message) return jsonAnswer(200, { ok: true, ignored: true });
  const msg = await normalizeTelegramMessage(cfg, update.message);
  if (!msg) return jsonAnswer(200, { ok: true, ignored: true });
  const receipt = await deliverInbound(rt, channel, msg);
  return jsonAnswer(200, { ok: true, uuid: receipt.messageUuid, duplicate: receipt.duplicate });
}
