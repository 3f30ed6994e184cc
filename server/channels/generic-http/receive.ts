/**
 * Kannel webhooks (GET or POST form), authenticated by `secret=<receive_secret>` in the query:
 *
 *   …/webhooks/channels/generic-http/<uuid>/receive?secret=S&id=%I&ts=%T&sender=%p&to=%P&message=%a
 *   …/webhooks/channels/generic-http/<uuid>/status?secret=S&msg=<our uuid>&status=%d   (we put this in `dlr-url`)
 *
 * Missing secret → 401, wrong → 403, nothing stored. Answers 200 "OK" as text (Kannel would send a JSON body back as an SMS reply
 * if get-url replies were enabled; we keep `omit-empty`-friendly short bodies).
 */
import type { WebhookResponse } from '../../http/webhooks.js';
import { formAndQuery } from '../common/form.js';
import { deliverInbound, deliverStatus } from '../common/inbound.js';
import { safeEqual } from '../common/signatures.js';
import { telUrn } from '../common/urns.js';
import { jsonAnswer, rejectSignature, type ProviderWebhookContext } from '../common/webhook.js';
import { parseGenericHttpConfig } from './config.js';
import { mapKannelStatus } from './status.js';

const OK: WebhookResponse = { status: 200, headers: { 'content-type': 'text/plain' }, body: '' };

export async function handleGenericHttpWebhook({ rt, channel, action, req }: ProviderWebhookContext): Promise<WebhookResponse> {
  if (req.method !== 'POST' && req.method !== 'GET') return { status: 405, headers: { allow: 'GET, POST' }, json: { ok: false, error: 'use GET or POST' } };
  const cfg = parseGenericHttpConfig(channel.config);
  const secret = req.query.get('secret');
  if (!safeEqual(cfg.receive_secret, secret)) return rejectSignature(!secret, 'secret');
  const params = formAndQuery(req);

  if (action === 'status') {
    const msgUuid = params.get('msg');
    const value = Number(params.get('status'));
    if (!msgUuid || !Number.isInteger(value)) return jsonAnswer(400, { ok: false, error: '"msg" and a numeric "status" are required' });
    const mapped = mapKannelStatus(value);
    await deliverStatus(rt, channel, { messageUuid: msgUuid, status: mapped, error: mapped === 'failed' ? `kannel DLR ${value}${params.get('answer') ? `: ${params.get('answer')}` : ''}` : null });
    return OK;
  }
  const sender = params.get('sender');
  const text = params.get('message') ?? params.get('text');
  if (!sender) return jsonAnswer(400, { ok: false, error: '"sender" is required (get-url …&sender=%p)' });
  if (text == null) return jsonAnswer(400, { ok: false, error: '"message" is required (get-url …&message=%a)' });
  await deliverInbound(rt, channel, { urn: telUrn(sender), text, attachments: [], externalId: params.get('id') || null });
  return OK;
}
