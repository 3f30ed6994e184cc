/**
 * How many recipients of a broadcast replied: contacts the broadcast queued a message for who sent any
 * message after the broadcast was created (the "replied" part of the broadcasts page's progress bar).
 *
 * Example: `await broadcastReplies(db, broadcastId, '2026-11-25T09:00:00.000Z')` → 12.
 */
import { first, type Db } from '../messaging/sql.js';

export async function broadcastReplies(db: Db, broadcastId: string, createdAt: string): Promise<number> {
  const row = await first<{ n: number | string }>(
    db,
    `SELECT COUNT(DISTINCT m.contact_id) AS n FROM messages m
      WHERE m.direction = 'in' AND m.created_at >= ?
        AND m.contact_id IN (SELECT b.contact_id FROM messages b WHERE b.broadcast_id = ?)`,
    [createdAt, broadcastId],
  );
  return Number(row?.n ?? 0);
}
