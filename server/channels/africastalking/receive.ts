/**
 * Africa's Talking webhooks (no signature exists: the channel uuid in the URL is the secret).
 *
 *   POST /webhooks/channels/africastalking/<uuid>/receive  id, text, from, to, date[, linkId, networkCode]
 *   POST /webhooks/channels/africastalking/<uuid>/status   id, status[, failureReason, networkCode]
 *
 * Example: `from=%2B254711000001&to=20880&text=Ndio&id=ATXid_1&date=2026-11-25+15%3A00%3A00` → inbound "Ndio" from tel:+254711000001.
 */
import type { WebhookResponse } from '../../http/webhooks.js';
import { formParams } from '../common/form.js';
import { deliverInbound, deliverStatus, type NormalizedInbound } from '../common/inbound.js';
import { telUrn } from '../common/urns.js';
import { jsonAnswer, type ProviderWebhookContext } from '../common/webhook.js';
import { mapAfricasTalkingStatus } from './status.js';

/** The message of a receive callback, or the name of the missing field. */
export function normalizeAfricasTalkingInbound(form: Map<string, string>): NormalizedInbound | string {
  for (const field of ['id', 'from', 'text']) if (form.get(field) == null) return `"${field}" is required`;
  const date = form.get('date');
  if (date && Number.isNaN(Date.parse(date.includes('T') ? date : `${date.replace(' ', 'T')}Z`))) return `"date" is not a date: ${date}`;
  return { urn: telUrn(form.get('from')!), text: form.get('text')!, attachments: [], externalId: form.get('id')! };
}

export async function handleAfricasTalkingWebhook({ rt, channel, action, req }: ProviderWebhookContext): Promise<WebhookResponse> {
  if (req.method !== 'POST') return { status: 405, headers: { allow: 'POST' }, json: { ok: false, error: 'use POST' } };
  const form = formParams(req);
  if (action === 'status') {
    const id = form.get('id');
    const status = form.get('status');
    if (!id || !status) return jsonAnswer(400, { ok: false, error: '"id" and "status" are required' });
    const mapped = mapAfricasTalkingStatus(status);
    if (mapped === null) return jsonAnswer(400, { ok: false, error: `unknown status "${status}"` });
    const matched = await deliverStatus(rt, channel, { providerId: id, status: mapped, error: mapped === 'failed' ? (form.get('failureReason') ?? status) : null });
    return jsonAnswer(200, { ok: true, matched });
  }
  const msg = normalizeAfricasTalkingInbound(form);
  if (typeof msg === 'string') return jsonAnswer(400, { ok: false, error: msg });
  const receipt = await deliverInbound(rt, channel, msg);
  return jsonAnswer(200, { ok: true, uuid: receipt.messageUuid, duplicate: receipt.duplicate });
}
