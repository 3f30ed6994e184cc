/**
 * Telegram send: `POST {api}/bot<token>/<method>` with JSON. Attachments first (sendPhoto / sendVideo / sendAudio /
 * sendDocument by URL, with the text as caption when a single attachment and the text fits 1,024 characters), then
 * sendMessage with the text split at 4,096 characters. Quick replies become a one-time ReplyKeyboardMarkup (one button
 * per row) on the last message. No parse_mode: health workers' text is sent as written, never as Markdown.
 *
 * Answer `{"ok":true,"result":{"message_id":…}}` → wired with the first message id. Errors: 429 (`retry_after`) and 5xx
 * → retry; 403 "bot was blocked by the user" / "user is deactivated" → contact stopped; other 4xx → failed.
 */
import { FinalError, RetryableError, type ChannelInfo, type OutgoingMessage, type SendResult } from '../types.js';
import { normalizeOutgoing } from '../common/attachments.js';
import { sendParts } from '../common/multipart-send.js';
import { failFor, providerFetch, retryAfterSeconds } from '../common/provider-http.js';
import { splitText } from '../common/sms-segments.js';
import { mediaKind, parseAttachment, urnPath } from '../common/urns.js';
import { parseTelegramConfig } from './config.js';
import { isTelegramStopped, TELEGRAM_CAPTION_MAX, TELEGRAM_TEXT_MAX } from './status.js';

/** One Bot API call. Example: `{ method: "sendPhoto", body: { photo: "https://…", caption: "Hi" } }`. */
export interface TelegramCall {
  method: string;
  body: Record<string, unknown>;
}

const MEDIA_METHODS = { image: ['sendPhoto', 'photo'], video: ['sendVideo', 'video'], audio: ['sendAudio', 'audio'], document: ['sendDocument', 'document'] } as const;

export function telegramCalls(msg: OutgoingMessage): TelegramCall[] {
  const keyboard = msg.quickReplies.length
    ? { reply_markup: { keyboard: msg.quickReplies.map((text) => [{ text }]), resize_keyboard: true, one_time_keyboard: true } }
    : {};
  const calls: TelegramCall[] = [];
  const captioned = msg.attachments.length === 1 && msg.text !== '' && Array.from(msg.text).length <= TELEGRAM_CAPTION_MAX;
  for (const a of msg.attachments) {
    const { contentType, url } = parseAttachment(a);
    const [method, field] = MEDIA_METHODS[mediaKind(contentType)];
    calls.push({ method, body: { [field]: url, ...(captioned ? { caption: msg.text } : {}) } });
  }
  if (!captioned && msg.text !== '') {
    for (const text of splitText(msg.text, TELEGRAM_TEXT_MAX)) calls.push({ method: 'sendMessage', body: { text } });
  }
  if (calls.length > 0) Object.assign(calls[calls.length - 1]!.body, keyboard);
  return calls;
}

export async function sendTelegram(original: OutgoingMessage, channel: ChannelInfo): Promise<SendResult> {
  const msg = normalizeOutgoing('telegram', original);
  const cfg = parseTelegramConfig(channel.config);
  const chatId = urnPath(msg.urn);
  const calls = telegramCalls(msg);
  if (calls.length === 0) throw new FinalError('telegram: nothing to send (no text or attachment)');
  return sendParts(msg.uuid, calls.length, async (i) => {
    const call = calls[i]!;
    const res = await providerFetch('telegram', `${cfg.api_url}/bot${cfg.bot_token}/${call.method}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ chat_id: chatId, ...call.body }),
    }, cfg.timeout_ms);
    const description = String(res.json?.description ?? res.text.slice(0, 200));
    if (res.ok && res.json?.ok === true) {
      const id = (res.json.result as { message_id?: number } | undefined)?.message_id;
      return id == null ? null : String(id);
    }
    const code = Number(res.json?.error_code ?? res.status);
    if (code === 429) {
      const after = Number((res.json?.parameters as { retry_after?: number } | undefined)?.retry_after);
      throw new RetryableError(`telegram: ${description}`, Number.isFinite(after) && after > 0 ? after : retryAfterSeconds(res.headers));
    }
    if (isTelegramStopped(code, description)) throw new FinalError(`telegram: ${description}`, { contactStopped: true });
    throw failFor('telegram', res, description);
  });
}
