/**
 * WhatsApp Cloud API webhook: `…/webhooks/channels/whatsapp-cloud/<uuid>/receive`.
 *
 *   GET  hub.mode=subscribe&hub.verify_token=…&hub.challenge=… → the challenge (see ../common/meta.ts)
 *   POST {"object":"whatsapp_business_account","entry":[{"changes":[{"field":"messages","value":{metadata, contacts, messages, statuses}}]}]}
 *        signed with X-Hub-Signature-256 (401 missing, 403 wrong; nothing stored).
 *
 * Messages of this channel's `phone_number_id` only. text → text; image/audio/voice/video/document/sticker → media
 * resolved via `GET /{version}/{media-id}`, downloaded with the bearer token into the media store, caption as text;
 * location → "geo:lat,lng" attachment; button / interactive button_reply / list_reply → their title as text.
 * Statuses match outgoing messages by our uuid (`biz_opaque_callback_data`, set on send) or else by wamid. A payload we cannot use is answered 200 (Meta would retry a 4xx for
 * days); a storage failure is answered 500 so Meta retries.
 */
import type { WebhookResponse } from '../../http/webhooks.js';
import type { CachedChannel } from '../../messaging/channels-cache.js';
import type { MessagingRuntime } from '../../messaging/runtime.js';
import { deliverInbound, deliverStatus, type NormalizedInbound } from '../common/inbound.js';
import { downloadToStore } from '../common/media-store.js';
import { metaVerifyHandshake, verifyMetaSignature } from '../common/meta.js';
import { providerFetch } from '../common/provider-http.js';
import { jsonAnswer, rejectSignature, type ProviderWebhookContext } from '../common/webhook.js';
import { RetryableError } from '../types.js';
import { parseWhatsAppCloudConfig, type WhatsAppCloudConfig } from './config.js';
import { mapWhatsAppStatus } from './status.js';

interface WaMedia { id: string; mime_type?: string; caption?: string }
interface WaMessage {
  from?: string;
  id?: string;
  timestamp?: string;
  type?: string;
  text?: { body?: string };
  image?: WaMedia; audio?: WaMedia; voice?: WaMedia; video?: WaMedia; document?: WaMedia & { filename?: string }; sticker?: WaMedia;
  location?: { latitude?: number; longitude?: number; name?: string; address?: string };
  button?: { text?: string; payload?: string };
  interactive?: { type?: string; button_reply?: { id?: string; title?: string }; list_reply?: { id?: string; title?: string; description?: string } };
}
interface WaStatus { id?: string; status?: string; biz_opaque_callback_data?: string; errors?: { code?: number; title?: string; message?: string }[] }
interface WaValue {
  metadata?: { phone_number_id?: string };
  contacts?: { wa_id?: string; profile?: { name?: string } }[];
  messages?: WaMessage[];
  statuses?: WaStatus[];
}

const MEDIA_TYPES = ['image', 'audio', 'voice', 'video', 'document', 'sticker'] as const;

/** Resolves a media id to its URL and downloads it with the bearer token. */
async function fetchWhatsAppMedia(cfg: WhatsAppCloudConfig, media: WaMedia): Promise<string> {
  const auth = { authorization: `Bearer ${cfg.access_token}` };
  const meta = await providerFetch('whatsapp_cloud', `${cfg.graph_url}/${cfg.api_version}/${encodeURIComponent(media.id)}`, { headers: auth }, cfg.timeout_ms);
  if (!meta.ok || typeof meta.json?.url !== 'string') throw new RetryableError(`whatsapp_cloud: cannot resolve media ${media.id}: ${meta.status} ${meta.text.slice(0, 200)}`);
  const mime = typeof meta.json.mime_type === 'string' ? meta.json.mime_type : media.mime_type;
  return downloadToStore('whatsapp_cloud', meta.json.url, { headers: auth, fallbackType: mime?.split(';')[0] });
}

/** One WhatsApp message → our inbound message, or null for kinds we do not take (reactions, system, unsupported). */
export async function normalizeWhatsAppMessage(cfg: WhatsAppCloudConfig, msg: WaMessage, names: Map<string, string>): Promise<NormalizedInbound | null> {
  if (!msg.from || !msg.id) return null;
  const base = { urn: `whatsapp:${msg.from}`, externalId: msg.id, contactName: names.get(msg.from) ?? null };
  switch (msg.type) {
    case 'text':
      return { ...base, text: msg.text?.body ?? '', attachments: [] };
    case 'button':
      return { ...base, text: msg.button?.text ?? msg.button?.payload ?? '', attachments: [] };
    case 'interactive': {
      const reply = msg.interactive?.button_reply ?? msg.interactive?.list_reply;
      return reply ? { ...base, text: reply.title ?? reply.id ?? '', attachments: [] } : null;
    }
    case 'location': {
      const loc = msg.location;
      if (loc?.latitude == null || loc.longitude == null) return null;
      return { ...base, text: [loc.name, loc.address].filter(Boolean).join(', '), attachments: [`geo:${loc.latitude},${loc.longitude}`] };
    }
    default: {
      const kind = MEDIA_TYPES.find((t) => t === msg.type);
      const media = kind ? msg[kind] : undefined;
      if (!media?.id) return null;
      return { ...base, text: media.caption ?? '', attachments: [await fetchWhatsAppMedia(cfg, media)] };
    }
  }
}

async function handleValue(rt: MessagingRuntime, channel: CachedChannel, cfg: WhatsAppCloudConfig, value: WaValue, seen: Set<string>): Promise<{ messages: number; statuses: number }> {
  const counts = { messages: 0, statuses: 0 };
  if (value.metadata?.phone_number_id !== cfg.phone_number_id) return counts; // another number of the same app
  const names = new Map((value.contacts ?? []).filter((c) => c.wa_id).map((c) => [c.wa_id!, c.profile?.name ?? '']));
  for (const msg of value.messages ?? []) {
    if (!msg.id || seen.has(msg.id)) continue;
    seen.add(msg.id);
    const normalized = await normalizeWhatsAppMessage(cfg, msg, names);
    if (!normalized) continue;
    await deliverInbound(rt, channel, normalized);
    counts.messages++;
  }
  for (const st of value.statuses ?? []) {
    const mapped = st.status ? mapWhatsAppStatus(st.status) : null;
    if (!st.id || !mapped) continue;
    const err = st.errors?.[0];
    await deliverStatus(rt, channel, { providerId: st.id, messageUuid: st.biz_opaque_callback_data ?? null, status: mapped, error: mapped === 'failed' ? `whatsapp ${err?.code ?? ''} ${err?.title ?? err?.message ?? 'failed'}`.replace(/\s+/g, ' ').trim() : null });
    counts.statuses++;
  }
  return counts;
}

export async function handleWhatsAppCloudWebhook({ rt, channel, req }: ProviderWebhookContext): Promise<WebhookResponse> {
  const cfg = parseWhatsAppCloudConfig(channel.config);
  const handshake = metaVerifyHandshake(req, cfg.verify_token);
  if (handshake) return handshake;
  if (req.method !== 'POST') return { status: 405, headers: { allow: 'GET, POST' }, json: { ok: false, error: 'use POST' } };
  const verdict = verifyMetaSignature(req, cfg.app_secret);
  if (verdict !== 'valid') return rejectSignature(verdict === 'missing', 'X-Hub-Signature-256');
  let payload: { object?: string; entry?: { changes?: { field?: string; value?: WaValue }[] }[] };
  try {
    payload = JSON.parse(req.body.toString('utf8')) as typeof payload;
  } catch {
    return jsonAnswer(200, { ok: false, error: 'body is not JSON; ignored' });
  }
  if (payload?.object !== 'whatsapp_business_account') return jsonAnswer(200, { ok: false, error: `object "${String(payload?.object)}" is not whatsapp_business_account; ignored` });
  const seen = new Set<string>();
  const total = { messages: 0, statuses: 0 };
  for (const entry of payload.entry ?? []) {
    for (const change of entry.changes ?? []) {
      if (change.field !== 'messages' || !change.value) continue;
      const counts = await handleValue(rt, channel, cfg, change.value, seen);
      total.messages += counts.messages;
      total.statuses += counts.statuses;
    }
  }
  return jsonAnswer(200, { ok: true, ...total });
}
