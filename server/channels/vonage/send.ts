/**
 * Vonage SMS API send: `POST {send_url}` form `api_key`, `api_secret`, `from`, `to` (digits, no "+"),
 * `text`, `type` ("unicode" unless the text is GSM-7), `status-report-req=1`, `callback` (our status
 * webhook), `client-ref` (our message uuid, echoed in receipts). Texts over 1,600 characters are sent
 * as several requests split on word boundaries; Vonage concatenates each into SMS parts itself.
 *
 * Answer (HTTP 200 even for errors): `{"message-count":"1","messages":[{"status":"0","message-id":"0A0000…"}]}`;
 * status 0 → wired; 1 (throttled) / 5 / 9 or "Throughput Rate Exceeded" → retry; 7 (number barred) → contact stopped; others → failed.
 */
import { FinalError, RetryableError, type ChannelInfo, type OutgoingMessage, type SendResult } from '../types.js';
import { sendParts } from '../common/multipart-send.js';
import { callbackBase } from '../common/provider-environment.js';
import { failFor, providerFetch } from '../common/provider-http.js';
import { isGsm7, splitText } from '../common/sms-segments.js';
import { urnPath } from '../common/urns.js';
import { webhookPath } from '../common/webhook.js';
import { normalizeOutgoing, smsTextWithAttachments } from '../common/attachments.js';
import { parseVonageConfig } from './config.js';
import { VONAGE_MAX_TEXT, VONAGE_RETRYABLE_SEND_CODES, VONAGE_STOPPED_SEND_CODES } from './status.js';

export async function sendVonage(original: OutgoingMessage, channel: ChannelInfo): Promise<SendResult> {
  const msg = normalizeOutgoing('vonage', original);
  const cfg = parseVonageConfig(channel.config);
  const text = smsTextWithAttachments(msg.text, msg.attachments);
  const parts = splitText(text, VONAGE_MAX_TEXT);
  const base = callbackBase(cfg);
  return sendParts(msg.uuid, parts.length, async (i) => {
    const part = parts[i]!;
    const form = new URLSearchParams({
      api_key: cfg.api_key, api_secret: cfg.api_secret, from: channel.address.replace(/^\+/, ''), to: urnPath(msg.urn).replace(/^\+/, ''),
      text: part, type: isGsm7(part) ? 'text' : 'unicode', 'status-report-req': '1', 'client-ref': msg.uuid,
    });
    if (base) form.set('callback', `${base}${webhookPath('vonage', channel.uuid, 'status')}`);
    const res = await providerFetch('vonage', cfg.send_url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form.toString() }, cfg.timeout_ms);
    if (!res.ok) throw failFor('vonage', res, res.text);
    const first = (res.json?.messages as { status?: string; 'message-id'?: string; 'error-text'?: string }[] | undefined)?.[0];
    if (!first) throw new FinalError(`vonage: no message in the answer: ${res.text.slice(0, 200)}`);
    const code = String(first.status);
    if (code === '0' && first['message-id']) return first['message-id'];
    const why = `vonage: status ${code}${first['error-text'] ? ` (${first['error-text']})` : ''}`;
    if (VONAGE_RETRYABLE_SEND_CODES.has(code) || /throughput rate exceeded/i.test(first['error-text'] ?? '')) throw new RetryableError(why);
    if (VONAGE_STOPPED_SEND_CODES.has(code)) throw new FinalError(why, { contactStopped: true });
    throw new FinalError(why);
  });
}
