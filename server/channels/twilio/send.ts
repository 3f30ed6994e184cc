/**
 * Twilio send: `POST {base}/2010-04-01/Accounts/{sid}/Messages.json`, Basic auth `sid:token`, form
 * `To`, `Body`, `From` or `MessagingServiceSid`, `MediaUrl` (repeated, first part only),
 * `StatusCallback` (our status webhook with `?msg=<message uuid>`, when the public URL is known).
 *
 * Texts over 1,600 characters become several messages split on word boundaries (Twilio's limit); media go
 * with the first. Answer 201 `{ "sid": "SM…", "status": "queued" }` → wired with the first sid.
 * A message carrying `template` (the outbox sets it outside WhatsApp's 24-hour window) goes as `ContentSid` +
 * `ContentVariables` instead of `Body`.
 * Errors: `{ "code": 21610 }` (recipient sent STOP) → contact stopped; 429 / code 20429 / 5xx → retry; other 4xx → failed.
 */
import { FinalError, RetryableError, type ChannelInfo, type OutgoingMessage, type SendResult } from '../types.js';
import { normalizeOutgoing } from '../common/attachments.js';
import { sendParts } from '../common/multipart-send.js';
import { callbackBase } from '../common/provider-environment.js';
import { failFor, providerFetch, retryAfterSeconds } from '../common/provider-http.js';
import { splitText } from '../common/sms-segments.js';
import { parseAttachment, urnPath, urnScheme } from '../common/urns.js';
import { webhookPath } from '../common/webhook.js';
import { parseTwilioConfig } from './config.js';
import { TWILIO_MAX_BODY, TWILIO_THROTTLE_CODES, TWILIO_UNSUBSCRIBED } from './status.js';

/** Our URN → Twilio's `To`. Example: "whatsapp:254711000001" → "whatsapp:+254711000001". */
export function twilioAddress(urn: string): string {
  const path = urnPath(urn);
  return urnScheme(urn) === 'whatsapp' ? `whatsapp:+${path.replace(/^\+/, '')}` : path;
}

/** A Twilio Content Template to send instead of a free-form body. Example: `{ name: "HX…", bodyParams: ["Kliniki …"] }` (name = ContentSid). */
export interface TwilioTemplate {
  name: string;
  bodyParams?: string[];
}

export async function sendTwilio(original: OutgoingMessage & { template?: TwilioTemplate }, channel: ChannelInfo): Promise<SendResult> {
  const template = original.template;
  const msg = template ? { ...original, text: '', attachments: [] } : normalizeOutgoing('twilio', original);
  const cfg = parseTwilioConfig(channel.config);
  const url = `${cfg.base_url}/2010-04-01/Accounts/${cfg.account_sid}/Messages.json`;
  const auth = `Basic ${Buffer.from(`${cfg.account_sid}:${cfg.auth_token}`).toString('base64')}`;
  const parts = template || (msg.text === '' && msg.attachments.length > 0) ? [''] : splitText(msg.text, TWILIO_MAX_BODY);
  const base = callbackBase(cfg);
  const statusCallback = base ? `${base}${webhookPath('twilio', channel.uuid, 'status')}?msg=${encodeURIComponent(msg.uuid)}` : null;
  return sendParts(msg.uuid, parts.length, async (i) => {
    const form = new URLSearchParams({ To: twilioAddress(msg.urn) });
    if (template) {
      // WhatsApp outside the 24-hour window: the approved Content Template, variables numbered from 1.
      form.set('ContentSid', template.name);
      form.set('ContentVariables', JSON.stringify(Object.fromEntries((template.bodyParams ?? []).map((v, k) => [String(k + 1), v]))));
    } else form.set('Body', parts[i]!);
    if (cfg.messaging_service_sid) form.set('MessagingServiceSid', cfg.messaging_service_sid);
    else form.set('From', channel.address);
    if (statusCallback) form.set('StatusCallback', statusCallback);
    if (i === 0) for (const a of msg.attachments) form.append('MediaUrl', parseAttachment(a).url);
    const res = await providerFetch('twilio', url, { method: 'POST', headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: form.toString() }, cfg.timeout_ms);
    if (res.ok) {
      const sid = res.json?.sid;
      if (typeof sid !== 'string') throw new FinalError(`twilio: accepted without a sid: ${res.text.slice(0, 200)}`);
      return sid;
    }
    const code = Number(res.json?.code);
    const detail = `${res.json?.message ?? res.text.slice(0, 200)}${code ? ` (code ${code})` : ''}`;
    if (code === TWILIO_UNSUBSCRIBED) throw new FinalError(`twilio: recipient unsubscribed: ${detail}`, { contactStopped: true });
    if (TWILIO_THROTTLE_CODES.has(code)) throw new RetryableError(`twilio: throttled: ${detail}`, retryAfterSeconds(res.headers));
    throw failFor('twilio', res, detail);
  });
}
