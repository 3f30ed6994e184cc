/**
 * Inbox labels: create, rename-free list with message counts, delete, and put on / take off messages.
 * Only inbound messages of the workspace can be labelled.
 *
 * Example:
 *   const label = await createLabel(db, ws, 'Stock-out');        // { uuid: '0193…', name: 'Stock-out', count: 0 }
 *   await setLabel(db, ws, messageId, label.uuid, true);
 */
import { v7 as uuidv7 } from 'uuid';
import { all, first, run, type Db } from '../messaging/sql.js';

/** Example: `{ uuid: '0193…', name: 'Stock-out', count: 3 }`. */
export interface InboxLabel {
  uuid: string;
  name: string;
  count: number;
}

export async function listLabels(db: Db, workspaceId: string): Promise<InboxLabel[]> {
  const rows = await all<{ uuid: string; name: string; n: number | string }>(
    db,
    `SELECT l.uuid, l.name, COUNT(ml.message_id) AS n FROM inbox_labels l LEFT JOIN inbox_message_labels ml ON ml.label_id = l.id
      WHERE l.workspace_id = ? GROUP BY l.id, l.uuid, l.name ORDER BY l.name`,
    [workspaceId],
  );
  return rows.map((r) => ({ uuid: r.uuid, name: r.name, count: Number(r.n) }));
}

export async function createLabel(db: Db, workspaceId: string, rawName: string): Promise<InboxLabel> {
  const name = rawName.trim();
  if (!name) throw new Error('name: a label needs a name');
  if (name.length > 60) throw new Error('name: at most 60 characters');
  const existing = await first<{ uuid: string }>(db, 'SELECT uuid FROM inbox_labels WHERE workspace_id = ? AND lower(name) = lower(?)', [workspaceId, name]);
  if (existing) throw new Error(`name: a label "${name}" already exists`);
  const uuid = uuidv7();
  await run(db, 'INSERT INTO inbox_labels (id, workspace_id, uuid, name, created_at) VALUES (?, ?, ?, ?, ?)', [uuidv7(), workspaceId, uuid, name, new Date().toISOString()]);
  return { uuid, name, count: 0 };
}

export async function deleteLabel(db: Db, workspaceId: string, labelUuid: string): Promise<void> {
  const label = await labelId(db, workspaceId, labelUuid);
  await run(db, 'DELETE FROM inbox_message_labels WHERE label_id = ?', [label]);
  await run(db, 'DELETE FROM inbox_labels WHERE id = ?', [label]);
}

async function labelId(db: Db, workspaceId: string, labelUuid: string): Promise<string> {
  const row = await first<{ id: string }>(db, 'SELECT id FROM inbox_labels WHERE workspace_id = ? AND uuid = ?', [workspaceId, labelUuid]);
  if (!row) throw new Error(`labelUuid: label ${labelUuid} not found in this workspace`);
  return row.id;
}

/** The inbound message `messageId` of the workspace, or a "not found" error. */
export async function requireInboundMessage(db: Db, workspaceId: string, messageId: string): Promise<{ id: string; contact_id: string; contact_urn_id: string | null; channel_id: string | null }> {
  const row = await first<{ id: string; contact_id: string; contact_urn_id: string | null; channel_id: string | null }>(
    db,
    `SELECT id, contact_id, contact_urn_id, channel_id FROM messages WHERE id = ? AND workspace_id = ? AND direction = 'in'`,
    [messageId, workspaceId],
  );
  if (!row) throw new Error(`messageId: inbound message ${messageId} not found in this workspace`);
  return row;
}

/** Puts the label on the message (`on` true) or takes it off; doing it twice changes nothing. */
export async function setLabel(db: Db, workspaceId: string, messageId: string, labelUuid: string, on: boolean): Promise<void> {
  const message = await requireInboundMessage(db, workspaceId, messageId);
  const label = await labelId(db, workspaceId, labelUuid);
  if (!on) {
    await run(db, 'DELETE FROM inbox_message_labels WHERE message_id = ? AND label_id = ?', [message.id, label]);
    return;
  }
  const already = await first<{ one: number }>(db, 'SELECT 1 AS one FROM inbox_message_labels WHERE message_id = ? AND label_id = ?', [message.id, label]);
  if (!already) await run(db, 'INSERT INTO inbox_message_labels (message_id, label_id, workspace_id, created_at) VALUES (?, ?, ?, ?)', [message.id, label, workspaceId, new Date().toISOString()]);
}
