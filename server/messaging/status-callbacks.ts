/**
 * Provider status callbacks (delivery reports): move an outgoing message forward to sent, delivered,
 * read or failed. A status never moves backwards (a late "sent" after "delivered" is ignored), and a
 * callback that overtakes our own "wired" record (the row is still "sending") is applied: the sender
 * then keeps it (see OutboxSender.markSent).
 *
 * Example: `await applyStatusCallback(rt, channel, { messageUuid: '0193…', status: 'delivered' })` → true.
 */
import type { MessagingRuntime } from './runtime.js';
import { first, inTransaction, run } from './sql.js';

/** A provider's report. Give our message uuid or the provider's id. Example: `{ providerId: "AT-77", status: "failed", error: "absent subscriber" }`. */
export interface StatusReport {
  messageUuid?: string | null;
  providerId?: string | null;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  error?: string | null;
}

const RANK: Record<string, number> = { queued: 0, errored: 0, sending: 1, wired: 2, sent: 3, delivered: 4, read: 5 };

/** Returns false when no outgoing message of this channel matches. */
export async function applyStatusCallback(rt: MessagingRuntime, channel: { id: string }, report: StatusReport): Promise<boolean> {
  if (!['sent', 'delivered', 'read', 'failed'].includes(report.status)) throw new Error(`status must be sent, delivered, read or failed, got "${report.status}"`);
  if (!report.messageUuid && !report.providerId) throw new Error('a status report needs the message uuid or the provider id');
  const now = rt.nowIso();
  return inTransaction(rt.db, async (trx) => {
    const msg = report.messageUuid
      ? await first<{ id: string; status: string }>(trx, `SELECT id, status FROM messages WHERE uuid = ? AND channel_id = ? AND direction = 'out'`, [report.messageUuid, channel.id])
      : await first<{ id: string; status: string }>(trx, `SELECT id, status FROM messages WHERE channel_id = ? AND provider_id = ? AND direction = 'out'`, [channel.id, report.providerId]);
    if (!msg) return false;
    if (report.status === 'failed') {
      if (msg.status === 'delivered' || msg.status === 'read') return true; // a delivered message stays delivered
      await run(trx, `UPDATE messages SET status = 'failed', error = ?, updated_at = ? WHERE id = ?`, [report.error ?? 'provider reported failure', now, msg.id]);
      return true;
    }
    if (msg.status === 'failed' || (RANK[msg.status] ?? 0) >= RANK[report.status]!) return true;
    const delivered = report.status === 'delivered' || report.status === 'read';
    await run(trx, `UPDATE messages SET status = ?, sent_at = COALESCE(sent_at, ?), delivered_at = ${delivered ? 'COALESCE(delivered_at, ?)' : 'delivered_at'}, updated_at = ? WHERE id = ?`,
      delivered ? [report.status, now, now, now, msg.id] : [report.status, now, now, msg.id]);
    return true;
  });
}
