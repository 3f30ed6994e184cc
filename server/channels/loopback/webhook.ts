/**
 * The loopback channel's webhooks (see ./index.ts for the channel):
 *
 *   POST /webhooks/loopback/<channel uuid>         {"id":"ext-1","from":"tel:+254700000001","text":"yes","attachments":[],"name":"Amina"}
 *        → 200 {"ok":true,"uuid":"<message uuid>","duplicate":false}; the message is durable before the answer.
 *   POST /webhooks/loopback/<channel uuid>/status  {"id":"<message uuid or provider id>","status":"delivered"}
 *        → 200 {"ok":true,"matched":true}
 *
 * Errors: 404 unknown or inactive channel, 405 not POST, 400 with the field at fault.
 * Example: `registerLoopbackWebhooks(registry, rt)` once at startup.
 */
import type { WebhookRegistry, WebhookRequest, WebhookResponse } from '../../http/webhooks.js';
import { channelByUuid } from '../../messaging/channels-cache.js';
import { receiveInbound } from '../../messaging/inbound.js';
import type { MessagingRuntime } from '../../messaging/runtime.js';
import { applyStatusCallback, type StatusReport } from '../../messaging/status-callbacks.js';

export const LOOPBACK_WEBHOOK_PREFIX = '/webhooks/loopback/';

function bad(message: string): WebhookResponse {
  return { status: 400, json: { ok: false, error: message } };
}

function parseBody(req: WebhookRequest): Record<string, unknown> | string {
  let value: unknown;
  try {
    value = JSON.parse(req.body.toString('utf8'));
  } catch {
    return 'body must be JSON like {"id":"ext-1","from":"tel:+254700000001","text":"yes"}';
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return 'body must be a JSON object';
  return value as Record<string, unknown>;
}

export async function handleLoopbackWebhook(rt: MessagingRuntime, req: WebhookRequest): Promise<WebhookResponse> {
  if (req.method !== 'POST') return { status: 405, headers: { allow: 'POST' }, json: { ok: false, error: 'use POST' } };
  const [channelUuid, action, ...rest] = req.subPath.split('/').filter(Boolean);
  if (!channelUuid || rest.length > 0 || (action !== undefined && action !== 'status')) {
    return { status: 404, json: { ok: false, error: 'expected /webhooks/loopback/<channel uuid> or /webhooks/loopback/<channel uuid>/status' } };
  }
  const channel = await channelByUuid(rt.db, channelUuid);
  if (!channel || channel.type !== 'loopback' || !channel.active) return { status: 404, json: { ok: false, error: `no active loopback channel ${channelUuid}` } };
  const body = parseBody(req);
  if (typeof body === 'string') return bad(body);

  if (action === 'status') {
    const id = body.id;
    if (typeof id !== 'string' || id === '') return bad('"id" (the message uuid or provider id) is required');
    const status = body.status;
    if (status !== 'sent' && status !== 'delivered' && status !== 'read' && status !== 'failed') return bad('"status" must be sent, delivered, read or failed');
    const report: StatusReport = { status, error: typeof body.error === 'string' ? body.error : null };
    let matched = await applyStatusCallback(rt, channel, { ...report, messageUuid: id });
    if (!matched) matched = await applyStatusCallback(rt, channel, { ...report, providerId: id });
    return { status: 200, json: { ok: true, matched } };
  }

  const { id, from, text } = body;
  if (id != null && typeof id !== 'string' && typeof id !== 'number') return bad('"id" must be a string (the provider message id used to drop retries)');
  if (typeof from !== 'string' || !/^[a-z][a-z0-9-]*:.+/i.test(from)) return bad('"from" must be a URN like "tel:+254700000001"');
  if (typeof text !== 'string') return bad('"text" must be a string');
  const attachments = body.attachments ?? [];
  if (!Array.isArray(attachments) || attachments.some((a) => typeof a !== 'string')) return bad('"attachments" must be an array of "content-type:url" strings');
  try {
    const receipt = await receiveInbound(rt, {
      channel: { id: channel.id, uuid: channel.uuid, workspaceId: channel.workspaceId, name: channel.name },
      urn: from,
      text,
      attachments: attachments as string[],
      externalId: id == null ? null : String(id),
      contactName: typeof body.name === 'string' ? body.name : null,
    });
    return { status: 200, json: { ok: true, uuid: receipt.messageUuid, duplicate: receipt.duplicate } };
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    if (message.startsWith('invalid URN')) return bad(message);
    throw err; // a storage failure: 5xx so the provider retries
  }
}

/** Mounts the loopback webhooks on a registry; returns the unregister function. */
export function registerLoopbackWebhooks(registry: WebhookRegistry, rt: MessagingRuntime): () => void {
  return registry.register(LOOPBACK_WEBHOOK_PREFIX, (req) => handleLoopbackWebhook(rt, req));
}
