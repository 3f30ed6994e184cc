/**
 * Hands a normalized inbound message to the messaging loop (`receiveInbound`, durable before we answer)
 * and a delivery report to `applyStatusCallback`, matching by the provider's message id.
 *
 * Example:
 *   await deliverInbound(rt, channel, { urn: 'tel:+254711000001', text: 'yes', attachments: [], externalId: 'ATXid_1' });
 *   await deliverStatus(rt, channel, { providerId: 'SM123', status: 'delivered' });
 */
import type { CachedChannel } from '../../messaging/channels-cache.js';
import { receiveInbound, type InboundReceipt } from '../../messaging/inbound.js';
import type { MessagingRuntime } from '../../messaging/runtime.js';
import { applyStatusCallback } from '../../messaging/status-callbacks.js';

/** A provider message, normalized. Example: `{ urn: "whatsapp:254711000001", text: "Hi", attachments: ["image/jpeg:https://…"], externalId: "wamid.X", contactName: "Kerry" }`. */
export interface NormalizedInbound {
  urn: string;
  text: string;
  /** "content-type:url" strings. */
  attachments: string[];
  externalId: string | null;
  contactName?: string | null;
}

export function deliverInbound(rt: MessagingRuntime, channel: CachedChannel, msg: NormalizedInbound): Promise<InboundReceipt> {
  return receiveInbound(rt, {
    channel: { id: channel.id, uuid: channel.uuid, workspaceId: channel.workspaceId, name: channel.name },
    urn: msg.urn,
    text: msg.text,
    attachments: msg.attachments,
    externalId: msg.externalId,
    contactName: msg.contactName ?? null,
  });
}

/** A delivery report, normalized. `status: null` = a state we do not track (e.g. "queued"): ignored. */
export interface NormalizedStatus {
  providerId?: string | null;
  messageUuid?: string | null;
  status: 'sent' | 'delivered' | 'read' | 'failed' | null;
  error?: string | null;
}

/** Applies a report; returns whether an outgoing message matched. Tries our uuid first, then the provider id. */
export async function deliverStatus(rt: MessagingRuntime, channel: CachedChannel, report: NormalizedStatus): Promise<boolean> {
  if (report.status === null) return false;
  const base = { status: report.status, error: report.error ?? null };
  if (report.messageUuid && (await applyStatusCallback(rt, channel, { ...base, messageUuid: report.messageUuid }))) return true;
  if (report.providerId) return applyStatusCallback(rt, channel, { ...base, providerId: report.providerId });
  return false;
}
