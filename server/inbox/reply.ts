/**
 * Replying to an inbox message: one outgoing message to the same contact, through the channel and
 * address the message came in on (or the contact's preferred reachable one), queued in the outbox as a
 * reply (priority 1, sent before bulk). The outbox sender sends it exactly once like any other message.
 *
 * Example: `await replyToMessage(rt, ws, messageId, 'Thanks, the district team will call you')` → `{ id, uuid, status: 'queued' }`.
 */
import { v7 as uuidv7 } from 'uuid';
import { chooseUrns } from '../messaging/broadcasts.js';
import type { MessagingRuntime } from '../messaging/runtime.js';
import { countSegments } from '../messaging/segments.js';
import { first, run } from '../messaging/sql.js';
import { requireInboundMessage } from './labels.js';

export const MAX_REPLY_LENGTH = 1600;

export async function replyToMessage(rt: MessagingRuntime, workspaceId: string, messageId: string, rawText: string): Promise<{ id: string; uuid: string; status: 'queued' }> {
  const text = rawText.trim();
  if (!text) throw new Error('text: the reply is empty');
  if (text.length > MAX_REPLY_LENGTH) throw new Error(`text: at most ${MAX_REPLY_LENGTH} characters`);
  const db = rt.db;
  const message = await requireInboundMessage(db, workspaceId, messageId);
  const contact = await first<{ status: string }>(db, 'SELECT status FROM contacts WHERE id = ?', [message.contact_id]);
  if (contact?.status !== 'active') throw new Error(`the contact is ${contact?.status ?? 'gone'}: no message can be sent to it`);
  let urnId = message.contact_urn_id;
  let channelId = message.channel_id;
  const channelOk = channelId ? await first<{ one: number }>(db, `SELECT 1 AS one FROM channels WHERE id = ? AND active = 1 AND role LIKE '%send%'`, [channelId]) : undefined;
  if (!urnId || !channelOk) {
    const choice = (await chooseUrns(db, workspaceId, [message.contact_id])).get(message.contact_id);
    if (!choice) throw new Error('no active channel can send to this contact');
    urnId = choice.urnId;
    channelId = choice.channelId;
  }
  const id = uuidv7();
  const uuid = uuidv7();
  const now = rt.now().toISOString();
  await run(
    db,
    `INSERT INTO messages (id, workspace_id, uuid, contact_id, contact_urn_id, channel_id, direction, text, attachments, quick_replies, status,
       priority, segments, attempts, next_attempt_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, 'out', ?, '[]', '[]', 'queued', 1, ?, 0, ?, ?, ?)`,
    [id, workspaceId, uuid, message.contact_id, urnId, channelId, text, countSegments(text), now, now, now],
  );
  rt.notify('outbox');
  return { id, uuid, status: 'queued' };
}
