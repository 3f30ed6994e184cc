/**
 * Archiving inbox messages: an archived message leaves the inbox view but stays in the "archived" view
 * and in searches of it; restoring brings it back.
 *
 * Example: `await setArchived(db, ws, messageId, true, userId)`.
 */
import { first, run, type Db } from '../messaging/sql.js';
import { requireInboundMessage } from './labels.js';

export async function setArchived(db: Db, workspaceId: string, messageId: string, archived: boolean, userId: string | null): Promise<void> {
  const message = await requireInboundMessage(db, workspaceId, messageId);
  if (!archived) {
    await run(db, 'DELETE FROM inbox_archived WHERE message_id = ?', [message.id]);
    return;
  }
  const already = await first<{ one: number }>(db, 'SELECT 1 AS one FROM inbox_archived WHERE message_id = ?', [message.id]);
  if (!already) await run(db, 'INSERT INTO inbox_archived (message_id, workspace_id, archived_by, archived_at) VALUES (?, ?, ?, ?)', [message.id, workspaceId, userId, new Date().toISOString()]);
}
