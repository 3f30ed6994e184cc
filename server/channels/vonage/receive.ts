/**
 * Vonage SMS API webhooks, signed (`sig`, see ./signature.ts), GET or POST (form or JSON):
 *
 *   …/webhooks/channels/vonage/<uuid>/receive  msisdn, to, messageId, text, type, message-timestamp[, concat, concat-ref, concat-total, concat-part]
 *   …/webhooks/channels/vonage/<uuid>/status   msisdn, to, messageId, status, err-code, client-ref (our message uuid)
 *
 * Messages API webhooks (JSON, `Authorization: Bearer <JWT>` signed with the signature secret, see ./jwt.ts) are
 * accepted on the same URLs: inbound `{ message_uuid, from, to, channel: "sms", message_type: "text", text }`
 * (image/audio/video/file messages keep their `url` as a link), statuses `{ message_uuid, status, client_ref, error }`.
 *
 * Parts of a long SMS (concat=true) are held durably (../common/part-buffer.ts) and delivered as one
 * message, with the first part's messageId, when the last arrives. Unsigned → 401, bad signature → 403.
 * Vonage wants 200/204 quickly or retries for 24 h; we answer 204 after the message is stored.
 */
import path from 'node:path';
import type { WebhookRequest, WebhookResponse } from '../../http/webhooks.js';
import type { CachedChannel } from '../../messaging/channels-cache.js';
import type { MessagingRuntime } from '../../messaging/runtime.js';
import { stopContactOfMessage } from '../common/contacts.js';
import { deliverInbound, deliverStatus } from '../common/inbound.js';
import { PartBuffer } from '../common/part-buffer.js';
import { providerEnvironment } from '../common/provider-environment.js';
import { telUrn } from '../common/urns.js';
import { jsonAnswer, rejectSignature, type ProviderWebhookContext } from '../common/webhook.js';
import { parseVonageConfig } from './config.js';
import { verifyVonageParams } from './signature.js';
import { verifyVonageJwt } from './jwt.js';
import { header } from '../common/signatures.js';
import { mapVonageMessagesStatus, mapVonageStatus, VONAGE_DLR_BARRED_BY_USER, VONAGE_DLR_ERRORS } from './status.js';

/** All parameters of the request: query, then form or JSON body. */
export function vonageParams(req: WebhookRequest): Map<string, string> | string {
  const out = new Map<string, string>(req.query);
  if (req.method === 'POST' && req.body.length > 0) {
    const type = String(req.headers['content-type'] ?? '');
    if (type.includes('json')) {
      let value: unknown;
      try {
        value = JSON.parse(req.body.toString('utf8'));
      } catch {
        return 'body is not valid JSON';
      }
      if (!value || typeof value !== 'object' || Array.isArray(value)) return 'body must be a JSON object';
      for (const [k, v] of Object.entries(value)) if (v != null) out.set(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
    } else {
      for (const [k, v] of new URLSearchParams(req.body.toString('utf8'))) out.set(k, v);
    }
  }
  return out;
}

function partBuffer(): PartBuffer {
  const dir = providerEnvironment().stateDir;
  if (!dir) throw new Error('vonage: no state folder configured for long-SMS parts');
  return new PartBuffer(path.join(dir, 'vonage-concat'));
}

async function flushStaleParts(rt: MessagingRuntime, channel: CachedChannel): Promise<void> {
  try {
    // Only this channel's parts: another channel's are flushed by its own webhook.
    await partBuffer().takeStale(`${channel.uuid}|`, async (msg) => {
      await deliverInbound(rt, channel, { urn: msg.meta.urn!, text: msg.text, attachments: [], externalId: msg.externalId });
    });
  } catch (err) {
    // The current request is already stored; a failed flush is tried again on the next webhook.
    rt.logger.error('vonage: delivering incomplete long SMS failed', { channel: channel.uuid, error: String(err) });
  }
}

export async function handleVonageWebhook({ rt, channel, action, req }: ProviderWebhookContext): Promise<WebhookResponse> {
  if (req.method !== 'POST' && req.method !== 'GET') return { status: 405, headers: { allow: 'GET, POST' }, json: { ok: false, error: 'use GET or POST' } };
  const cfg = parseVonageConfig(channel.config);
  const params = vonageParams(req);
  if (typeof params === 'string') return jsonAnswer(400, { ok: false, error: params });
  // Messages-API-style webhooks carry a signed JWT; SMS API webhooks a `sig` parameter.
  const authorization = header(req.headers, 'authorization');
  if (authorization) {
    const verdict = verifyVonageJwt(authorization, req.body, cfg.signature_secret);
    if (verdict !== 'valid') return rejectSignature(false, 'Vonage signed webhook (JWT)');
    return handleMessagesApi(rt, channel, action, params);
  }
  const verdict = verifyVonageParams(params, cfg);
  if (verdict !== 'valid') return rejectSignature(verdict === 'missing', 'Vonage signature (sig)');

  if (action === 'status') {
    const id = params.get('messageId');
    const status = params.get('status');
    if (!id || !status) return jsonAnswer(400, { ok: false, error: '"messageId" and "status" are required' });
    const code = params.get('err-code') ?? '0';
    const mapped = mapVonageStatus(status);
    const ref = { providerId: id, messageUuid: params.get('client-ref') ?? null };
    await deliverStatus(rt, channel, { ...ref, status: mapped, error: mapped === 'failed' ? `vonage ${status}: ${VONAGE_DLR_ERRORS[code] ?? `error ${code}`}` : null });
    if (code === VONAGE_DLR_BARRED_BY_USER) await stopContactOfMessage(rt, channel, ref.messageUuid ? { messageUuid: ref.messageUuid } : ref);
    return { status: 204 };
  }

  const msisdn = params.get('msisdn');
  const messageId = params.get('messageId');
  if (!msisdn || !messageId) {
    // Vonage checks a new webhook URL with an empty request: acknowledge it.
    return params.size <= 3 ? { status: 204 } : jsonAnswer(400, { ok: false, error: '"msisdn" and "messageId" are required' });
  }
  const urn = telUrn(msisdn);
  const text = params.get('text') ?? '';
  if (params.get('concat') === 'true') {
    const total = Number(params.get('concat-total'));
    const part = Number(params.get('concat-part'));
    const ref = params.get('concat-ref');
    if (!ref || !(total >= 1) || !(part >= 1) || part > total) return jsonAnswer(400, { ok: false, error: 'concat-ref, concat-part and concat-total must describe a part' });
    const buffer = partBuffer();
    const key = `${channel.uuid}|${msisdn}|${ref}|${params.get('concat-total')}`;
    const whole = await buffer.add(key, { part, total, text, externalId: messageId, meta: { urn } });
    if (whole) {
      await deliverInbound(rt, channel, { urn, text: whole.text, attachments: [], externalId: whole.externalId });
      await buffer.forget(key); // only now: if storing failed, Vonage's retry of this part assembles the message again
    }
    await flushStaleParts(rt, channel);
    return { status: 204 };
  }
  await deliverInbound(rt, channel, { urn, text, attachments: [], externalId: messageId });
  await flushStaleParts(rt, channel);
  return { status: 204 };
}

/** A Messages API webhook (already authenticated): inbound message or status. */
async function handleMessagesApi(rt: MessagingRuntime, channel: CachedChannel, action: string, params: Map<string, string>): Promise<WebhookResponse> {
  const messageUuid = params.get('message_uuid');
  if (!messageUuid) return jsonAnswer(400, { ok: false, error: '"message_uuid" is required' });
  if (action === 'status') {
    const status = params.get('status');
    if (!status) return jsonAnswer(400, { ok: false, error: '"status" is required' });
    const mapped = mapVonageMessagesStatus(status);
    const error = params.get('error');
    await deliverStatus(rt, channel, { providerId: messageUuid, messageUuid: params.get('client_ref') ?? null, status: mapped, error: mapped === 'failed' ? `vonage ${status}${error ? `: ${error.slice(0, 300)}` : ''}` : null });
    return { status: 204 };
  }
  const from = params.get('from');
  if (!from) return jsonAnswer(400, { ok: false, error: '"from" is required' });
  const type = params.get('message_type') ?? 'text';
  const attachments: string[] = [];
  if (type !== 'text') {
    // Media objects arrive as JSON text in params (vonageParams stringifies nested values).
    const media = params.get(type);
    let url: unknown = null;
    try {
      url = media ? (JSON.parse(media) as { url?: unknown }).url : null;
    } catch {
      url = null;
    }
    if (typeof url === 'string') attachments.push(`${type === 'file' ? 'application/octet-stream' : `${type}/*`}:${url}`);
  }
  await deliverInbound(rt, channel, { urn: telUrn(from), text: params.get('text') ?? '', attachments, externalId: messageUuid });
  return { status: 204 };
}
