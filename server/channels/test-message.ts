/**
 * "Send a test message" from the channel setup page: finds or creates the contact of the URN, queues a
 * message on this channel as a reply (priority 1, so it overtakes a running bulk), and wakes the outbox.
 * The message then goes through the same outbox path as any other (rate limit, 24-hour window, retries),
 * and its status and error show in the channel's traffic list.
 *
 * Example: `await queueTestMessage(rt, { channel, urn: 'tel:+254711000001', text: 'Test from Kiunga' })` → "0193…" (message uuid).
 */
import { v7 as uuidv7 } from 'uuid';
import { parseUrn } from '../../runtime/engine/urns.js';
import type { MessagingRuntime } from '../messaging/runtime.js';
import { countSegments } from '../messaging/segments.js';
import { first, run } from '../messaging/sql.js';
import type { ChannelInfo } from './types.js';

export async function queueTestMessage(rt: MessagingRuntime, input: { channel: ChannelInfo & { active?: boolean }; urn: string; text: string }): Promise<string> {
  const { scheme, path } = parseUrn(input.urn.trim());
  if (!scheme || !path) throw new Error(`urn: "${input.urn}" is not scheme:path (e.g. tel:+254711000001)`);
  if (!input.channel.schemes.includes(scheme)) throw new Error(`urn: channel "${input.channel.name}" sends to ${input.channel.schemes.join(', ')} URNs, not ${scheme}`);
  if (input.channel.active === false) throw new Error(`channel "${input.channel.name}" is inactive`);
  const identity = `${scheme}:${path}`;
  const workspaceId = input.channel.workspaceId;
  const now = rt.nowIso();
  const uuid = uuidv7();
  await rt.commits.submit(async (trx) => {
    let urnRow = await first<{ id: string; contact_id: string }>(trx, 'SELECT id, contact_id FROM contact_urns WHERE workspace_id = ? AND identity = ?', [workspaceId, identity]);
    if (!urnRow) {
      const contactId = uuidv7();
      await run(trx, `INSERT INTO contacts (id, workspace_id, uuid, name, language, timezone, status, fields, last_seen_at, fhir_ref, created_at, updated_at) VALUES (?, ?, ?, NULL, NULL, NULL, 'active', '{}', NULL, NULL, ?, ?)`, [contactId, workspaceId, uuidv7(), now, now]);
      urnRow = { id: uuidv7(), contact_id: contactId };
      await run(trx, 'INSERT INTO contact_urns (id, workspace_id, contact_id, scheme, path, identity, priority, channel_id, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)', [urnRow.id, workspaceId, contactId, scheme, path, identity, input.channel.id, now]);
    }
    const contact = await first<{ status: string }>(trx, 'SELECT status FROM contacts WHERE id = ?', [urnRow.contact_id]);
    if (contact && contact.status !== 'active') throw new Error(`urn: the contact of ${identity} is ${contact.status}; a test message would not be sent`);
    await run(
      trx,
      `INSERT INTO messages (id, workspace_id, uuid, contact_id, contact_urn_id, channel_id, direction, text, attachments, quick_replies, status, priority, segments, attempts, next_attempt_at, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 'out', ?, '[]', '[]', 'queued', 1, ?, 0, ?, ?, ?)`,
      [uuidv7(), workspaceId, uuid, urnRow.contact_id, urnRow.id, input.channel.id, input.text, countSegments(input.text), now, now, now],
    );
  });
  rt.notify('outbox');
  return uuid;
}
