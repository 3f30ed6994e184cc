/**
 * Africa's Talking send: `POST {send_url}` form `username`, `to`, `message`[, `from`], headers
 * `apiKey`, `Accept: application/json`. AT concatenates long SMS itself (billing per segment), so the
 * text goes in one request; attachment URLs are appended to it (SMS has no media).
 *
 * Answer: `{"SMSMessageData":{"Message":"Sent to 1/1","Recipients":[{"statusCode":101,"number":"+2547…","status":"Success","messageId":"ATXid_…"}]}}`.
 * statusCode 100–102 → wired with messageId; 406 UserInBlacklist / 409 DoNotDisturbRejection → contact stopped;
 * 405/500/501 → retry; other codes → failed. HTTP 429/5xx → retry; other 4xx → failed.
 */
import { FinalError, RetryableError, type ChannelInfo, type OutgoingMessage, type SendResult } from '../types.js';
import { failFor, providerFetch } from '../common/provider-http.js';
import { normalizeOutgoing, smsTextWithAttachments } from '../common/attachments.js';
import { urnPath } from '../common/urns.js';
import { parseAfricasTalkingConfig } from './config.js';
import { AT_RETRYABLE_CODES, AT_STOPPED_CODES } from './status.js';

export async function sendAfricasTalking(original: OutgoingMessage, channel: ChannelInfo): Promise<SendResult> {
  const msg = normalizeOutgoing('africastalking', original);
  const cfg = parseAfricasTalkingConfig(channel.config);
  const form = new URLSearchParams({ username: cfg.username, to: urnPath(msg.urn), message: smsTextWithAttachments(msg.text, msg.attachments) });
  if (!cfg.is_shared && channel.address) form.set('from', channel.address);
  const res = await providerFetch('africastalking', cfg.send_url, {
    method: 'POST',
    headers: { apiKey: cfg.api_key, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  }, cfg.timeout_ms);
  if (!res.ok) throw failFor('africastalking', res, res.text);
  const data = res.json?.SMSMessageData as { Message?: string; Recipients?: { statusCode?: number; status?: string; messageId?: string }[] } | undefined;
  const recipient = data?.Recipients?.[0];
  if (!recipient) throw new FinalError(`africastalking: no recipient in the answer: ${data?.Message ?? res.text.slice(0, 200)}`);
  const code = Number(recipient.statusCode);
  if (recipient.status === 'Success' || code === 100 || code === 101 || code === 102) {
    return { status: 'wired', providerId: recipient.messageId ?? null };
  }
  const why = `africastalking: recipient ${recipient.status ?? 'rejected'} (${code})`;
  if (AT_STOPPED_CODES.has(code)) throw new FinalError(why, { contactStopped: true });
  if (AT_RETRYABLE_CODES.has(code)) throw new RetryableError(why);
  throw new FinalError(why);
}
