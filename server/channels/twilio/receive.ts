/**
 * Twilio webhooks, every request signed (`X-Twilio-Signature`, see ./signature.ts):
 *
 *   POST /webhooks/channels/twilio/<uuid>/receive  MessageSid, AccountSid, From, To, Body, NumMedia, MediaUrl{i}, MediaContentType{i}
 *        → 200 TwiML `<Response/>`; media are downloaded (Basic auth) into the media store.
 *   POST /webhooks/channels/twilio/<uuid>/status?msg=<our uuid>  MessageSid, MessageStatus, ErrorCode
 *
 * Unsigned → 401, wrong signature or another account → 403; nothing is stored.
 * "whatsapp:+2547…" senders become whatsapp URNs (digits only), others tel URNs.
 */
import type { WebhookResponse } from '../../http/webhooks.js';
import { stopContactOfMessage } from '../common/contacts.js';
import { formParams } from '../common/form.js';
import { deliverInbound, deliverStatus, type NormalizedInbound } from '../common/inbound.js';
import { downloadToStore } from '../common/media-store.js';
import { providerEnvironment } from '../common/provider-environment.js';
import { safeEqual } from '../common/signatures.js';
import { telUrn } from '../common/urns.js';
import { jsonAnswer, rejectSignature, type ProviderWebhookContext } from '../common/webhook.js';
import { parseTwilioConfig, type TwilioConfig } from './config.js';
import { verifyTwilioRequest } from './signature.js';
import { mapTwilioStatus, THROTTLED_RETRY_SECONDS, TWILIO_UNSUBSCRIBED, TWILIO_WHATSAPP_THROTTLED } from './status.js';
import { requeueThrottled } from '../common/requeue.js';

const TWIML_OK: WebhookResponse = { status: 200, headers: { 'content-type': 'text/xml' }, body: '<?xml version="1.0" encoding="UTF-8"?><Response/>' };

/** A Twilio address → URN. Example: "whatsapp:+254711000001" → "whatsapp:254711000001". */
export function twilioUrn(address: string): string {
  if (address.startsWith('whatsapp:')) return `whatsapp:${address.slice('whatsapp:'.length).replace(/^\+/, '')}`;
  return telUrn(address);
}

/** Twilio may base64-encode the body of a concatenated SMS; decode only when it round-trips cleanly to text. */
function decodePossibleBase64(body: string): string {
  if (body.length < 60 || body.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(body)) return body;
  const decoded = Buffer.from(body, 'base64').toString('utf8');
  return !decoded.includes('\uFFFD') && Buffer.from(decoded, 'utf8').toString('base64') === body ? decoded : body;
}

export async function normalizeTwilioInbound(form: Map<string, string>, cfg: TwilioConfig): Promise<NormalizedInbound | string> {
  for (const field of ['MessageSid', 'From']) if (!form.get(field)) return `"${field}" is required`;
  const count = Math.min(Number(form.get('NumMedia') ?? '0') || 0, 10);
  const attachments: string[] = [];
  const basic = `Basic ${Buffer.from(`${cfg.account_sid}:${cfg.auth_token}`).toString('base64')}`;
  for (let i = 0; i < count; i++) {
    const url = form.get(`MediaUrl${i}`);
    if (!url) continue;
    attachments.push(await downloadToStore('twilio', url, { headers: { authorization: basic }, fallbackType: form.get(`MediaContentType${i}`) ?? undefined }));
  }
  return { urn: twilioUrn(form.get('From')!), text: decodePossibleBase64(form.get('Body') ?? ''), attachments, externalId: form.get('MessageSid')! };
}

export async function handleTwilioWebhook({ rt, channel, action, req }: ProviderWebhookContext): Promise<WebhookResponse> {
  if (req.method !== 'POST') return { status: 405, headers: { allow: 'POST' }, json: { ok: false, error: 'use POST' } };
  const cfg = parseTwilioConfig(channel.config);
  const verdict = verifyTwilioRequest(req, cfg.auth_token, [cfg.callback_base_url, providerEnvironment().publicUrl]);
  if (verdict !== 'valid') return rejectSignature(verdict === 'missing', 'X-Twilio-Signature');
  const form = formParams(req);
  if (!safeEqual(cfg.account_sid, form.get('AccountSid'))) return jsonAnswer(403, { ok: false, error: 'AccountSid does not match this channel' });

  if (action === 'status') {
    const sid = form.get('MessageSid');
    const status = form.get('MessageStatus') ?? form.get('SmsStatus');
    if (!sid || !status) return jsonAnswer(400, { ok: false, error: '"MessageSid" and "MessageStatus" are required' });
    const errorCode = Number(form.get('ErrorCode') ?? '') || null;
    const mapped = mapTwilioStatus(status);
    const ref = { providerId: sid, messageUuid: req.query.get('msg') };
    // 63018: Twilio throttled a WhatsApp sender and did not send; the outbox tries again in a minute.
    if (mapped === 'failed' && errorCode === TWILIO_WHATSAPP_THROTTLED && (await requeueThrottled(rt, channel, ref, `twilio ${status} (error ${errorCode}: throttled), retrying`, THROTTLED_RETRY_SECONDS))) {
      return jsonAnswer(200, { ok: true, matched: true, requeued: true });
    }
    const matched = await deliverStatus(rt, channel, { ...ref, status: mapped, error: mapped === 'failed' ? `twilio ${status}${errorCode ? ` (error ${errorCode})` : ''}` : null });
    if (errorCode === TWILIO_UNSUBSCRIBED) await stopContactOfMessage(rt, channel, ref.messageUuid ? { messageUuid: ref.messageUuid } : ref);
    return jsonAnswer(200, { ok: true, matched });
  }
  const msg = await normalizeTwilioInbound(form, cfg);
  if (typeof msg === 'string') return jsonAnswer(400, { ok: false, error: msg });
  await deliverInbound(rt, channel, msg);
  return TWIML_OK;
}
