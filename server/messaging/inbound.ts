/**
 * Inbound messages: written durably first, handled after, in arrival order, one at a time per contact.
 *
 * 1. `receiveInbound` (called by a channel's webhook before it answers 2xx) inserts the message with
 *    status "pending" in one transaction, creating the contact for an unknown URN. A provider retry
 *    with the same (channel, external id) is acknowledged as a duplicate; without an external id, the
 *    same text from the same URN within 3 s, with nothing sent to the contact in between, is too.
 * 2. The contact's work is queued on the in-process per-contact lock; `handlePendingFor` takes that
 *    contact's pending messages oldest first. Each is handled by one transaction that also marks it
 *    "handled", so after a crash the pending ones are found again (`resumePendingInbound`).
 * 3. Handling: an opt-out word stops the contact; a re-subscribe word restores a stopped contact; a
 *    keyword trigger starts its flow (interrupting a waiting session); else the waiting session is
 *    resumed; else, when automatic replies are on and the classifier understands it, their flow starts;
 *    else the message stays in the inbox (handled, no session).
 *
 * Example:
 *   const { messageUuid, duplicate } = await receiveInbound(rt, { channel, urn: 'tel:+254700000001', text: 'yes', externalId: 'AT-123' });
 */
import { v7 as uuidv7 } from 'uuid';
import type { MsgIn, SessionState } from '../../runtime/engine/api.js';
import { applySprint, InboundAlreadyHandledError, interruptWaitingSessions } from './apply-sprint.js';
import { getContactRow, type ContactRow } from './contact-json.js';
import type { MessagingRuntime } from './runtime.js';
import { all, first, run } from './sql.js';
import { firstWord, isOnlyOneOf, normalizeWord, onlyWord } from './words.js';
import { workspaceSettings } from './workspace-settings.js';
import { automaticReplyFlow } from '../nlp/automatic-replies.js';

/** A message as a channel's webhook hands it over. Example: `{ channel: { id, uuid, workspaceId, name }, urn: "tel:+254700000001", text: "1", externalId: "ext-9" }`. */
export interface InboundInput {
  channel: { id: string; uuid: string; workspaceId: string; name: string };
  /** "scheme:path", already normalized by the channel (E.164 for tel). */
  urn: string;
  text: string;
  attachments?: string[];
  externalId?: string | null;
  /** Display name the provider gave, used when the contact is created. */
  contactName?: string | null;
}

/** The outcome of `receiveInbound`. A duplicate returns the first copy's uuid. */
export interface InboundReceipt {
  messageId: string;
  messageUuid: string;
  contactId: string;
  duplicate: boolean;
}

/** Window in which an identical message without a provider id is taken for a retry (see receiveInbound). */
const CONTENT_DEDUPE_MS = 3_000;

/** How many times a message whose handling throws is retried before it is left in the inbox with the error. */
const MAX_HANDLE_ATTEMPTS = 3;

function parseUrn(urn: string): { scheme: string; path: string; identity: string } {
  const identity = urn.split('?')[0]!.trim();
  const colon = identity.indexOf(':');
  if (colon <= 0 || colon === identity.length - 1) throw new Error(`invalid URN "${urn}": expected "scheme:path", e.g. "tel:+254700000001"`);
  return { scheme: identity.slice(0, colon).toLowerCase(), path: identity.slice(colon + 1), identity: `${identity.slice(0, colon).toLowerCase()}:${identity.slice(colon + 1)}` };
}

export async function receiveInbound(rt: MessagingRuntime, input: InboundInput): Promise<InboundReceipt> {
  const { scheme, path, identity } = parseUrn(input.urn);
  if (typeof input.text !== 'string') throw new Error('inbound message: "text" must be a string');
  const workspaceId = input.channel.workspaceId;
  const externalId = input.externalId == null || input.externalId === '' ? null : String(input.externalId);
  const now = rt.nowIso();
  const receipt = await rt.commits.submit(async (trx) => {
    if (externalId) {
      const dup = await first<{ id: string; uuid: string; contact_id: string }>(trx, 'SELECT id, uuid, contact_id FROM messages WHERE channel_id = ? AND external_id = ?', [input.channel.id, externalId]);
      if (dup) return { messageId: dup.id, messageUuid: dup.uuid, contactId: dup.contact_id, duplicate: true };
    }
    let urnRow = await first<{ id: string; contact_id: string; channel_id: string | null }>(trx, 'SELECT id, contact_id, channel_id FROM contact_urns WHERE workspace_id = ? AND identity = ?', [workspaceId, identity]);
    if (!urnRow) {
      const contactId = uuidv7();
      await run(trx, `INSERT INTO contacts (id, workspace_id, uuid, name, language, timezone, status, fields, last_seen_at, fhir_ref, created_at, updated_at) VALUES (?, ?, ?, ?, NULL, NULL, 'active', '{}', ?, NULL, ?, ?)`, [
        contactId, workspaceId, uuidv7(), input.contactName ?? null, now, now, now,
      ]);
      urnRow = { id: uuidv7(), contact_id: contactId, channel_id: input.channel.id };
      await run(trx, 'INSERT INTO contact_urns (id, workspace_id, contact_id, scheme, path, identity, priority, channel_id, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)', [
        urnRow.id, workspaceId, contactId, scheme, path, identity, input.channel.id, now,
      ]);
    } else {
      if (!externalId) {
        // No provider id to dedupe on: the same text from the same URN within a few seconds, with nothing
        // sent to the contact in between, is a provider retry, not a new answer ("1" after a new question is new).
        const since = new Date(Date.parse(now) - CONTENT_DEDUPE_MS).toISOString();
        const same = await first<{ id: string; uuid: string; created_at: string }>(
          trx,
          `SELECT id, uuid, created_at FROM messages WHERE contact_id = ? AND created_at >= ? AND direction = 'in' AND contact_urn_id = ? AND text = ? AND external_id IS NULL ORDER BY created_at DESC LIMIT 1`,
          [urnRow.contact_id, since, urnRow.id, input.text],
        );
        if (same) {
          const sentSince = await first<{ one: number }>(trx, `SELECT 1 AS one FROM messages WHERE contact_id = ? AND created_at > ? AND direction = 'out' LIMIT 1`, [urnRow.contact_id, same.created_at]);
          if (!sentSince) return { messageId: same.id, messageUuid: same.uuid, contactId: urnRow.contact_id, duplicate: true };
        }
      }
      await run(trx, 'UPDATE contacts SET last_seen_at = ? WHERE id = ?', [now, urnRow.contact_id]);
      if (urnRow.channel_id !== input.channel.id) await run(trx, 'UPDATE contact_urns SET channel_id = ? WHERE id = ?', [input.channel.id, urnRow.id]);
    }
    const id = uuidv7();
    const uuid = uuidv7();
    await run(
      trx,
      `INSERT INTO messages (id, workspace_id, uuid, contact_id, contact_urn_id, channel_id, direction, text, attachments, quick_replies, status,
         external_id, priority, segments, attempts, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 'in', ?, ?, '[]', 'pending', ?, 1, 1, 0, ?, ?)`,
      [id, workspaceId, uuid, urnRow.contact_id, urnRow.id, input.channel.id, input.text, JSON.stringify(input.attachments ?? []), externalId, now, now],
    );
    return { messageId: id, messageUuid: uuid, contactId: urnRow.contact_id, duplicate: false };
  });
  if (!receipt.duplicate) scheduleContact(rt, receipt.contactId);
  return receipt;
}

/** Queues handling of a contact's pending messages (no-op if already queued behind running work). */
export function scheduleContact(rt: MessagingRuntime, contactId: string): Promise<void> {
  return rt.locks.run([contactId], async () => { await handlePendingFor(rt, contactId); }).catch((err: unknown) => {
    rt.logger.error('inbound handling failed', { contactId, error: String(err) });
  });
}

/** After a restart (and periodically): queue every contact that has pending inbound messages. */
export async function resumePendingInbound(rt: MessagingRuntime, limit = 1000): Promise<number> {
  const rows = await all<{ contact_id: string }>(rt.db, `SELECT DISTINCT contact_id FROM messages WHERE status = 'pending' AND direction = 'in' LIMIT ?`, [limit]);
  let queued = 0;
  for (const row of rows) {
    if (rt.locks.isBusy(row.contact_id)) continue;
    void scheduleContact(rt, row.contact_id);
    queued++;
  }
  return queued;
}

interface PendingRow {
  id: string;
  uuid: string;
  text: string;
  attachments: string;
  external_id: string | null;
  channel_id: string | null;
  attempts: number;
  urn: string | null;
  channel_uuid: string | null;
  channel_name: string | null;
}

/** Handles a contact's pending messages oldest first. Must run under the contact's lock. */
export async function handlePendingFor(rt: MessagingRuntime, contactId: string): Promise<number> {
  let handled = 0;
  for (;;) {
    if (rt.stopping) return handled; // still "pending" in the database: the next start picks it up
    const msg = await first<PendingRow>(
      rt.db,
      `SELECT m.id, m.uuid, m.text, m.attachments, m.external_id, m.channel_id, m.attempts, u.identity AS urn, c.uuid AS channel_uuid, c.name AS channel_name
         FROM messages m LEFT JOIN contact_urns u ON u.id = m.contact_urn_id LEFT JOIN channels c ON c.id = m.channel_id
        WHERE m.contact_id = ? AND m.direction = 'in' AND m.status = 'pending' ORDER BY m.id LIMIT 1`,
      [contactId],
    );
    if (!msg) return handled;
    try {
      await handleOne(rt, contactId, msg);
    } catch (err) {
      // Another server process on the same database handled it first; its sprint stands, ours rolled back.
      if (err instanceof InboundAlreadyHandledError) continue;
      const attempts = msg.attempts + 1;
      rt.logger.error('inbound message handling failed', { messageUuid: msg.uuid, attempts, error: String(err) });
      const giveUp = attempts >= MAX_HANDLE_ATTEMPTS;
      await run(rt.db, `UPDATE messages SET attempts = ?, error = ?, status = ?, updated_at = ? WHERE id = ?`, [
        attempts, String((err as Error).message ?? err).slice(0, 1000), giveUp ? 'handled' : 'pending', rt.nowIso(), msg.id,
      ]);
      if (!giveUp) return handled; // retried by the periodic sweep, not in a hot loop
    }
    handled++;
    rt.notify('outbox');
  }
}

async function handleOne(rt: MessagingRuntime, contactId: string, msg: PendingRow): Promise<void> {
  const contact = await getContactRow(rt.db, contactId);
  if (!contact) throw new Error(`contact ${contactId} vanished`);
  const settings = await workspaceSettings(rt.db, contact.workspace_id);
  const now = rt.nowIso();

  // Opt-out and re-subscribe words apply whatever flow the contact is in.
  if (isOnlyOneOf(msg.text, settings.optOutWords)) {
    await rt.commits.submit(async (trx) => {
      await run(trx, `UPDATE contacts SET status = 'stopped', updated_at = ? WHERE id = ?`, [now, contactId]);
      await interruptWaitingSessions(trx, contactId, false, now);
      // Bulk messages still queued for this contact will not go out.
      await run(trx, `UPDATE messages SET status = 'failed', error = 'contact stopped', updated_at = ? WHERE contact_id = ? AND direction = 'out' AND status IN ('queued', 'errored')`, [now, contactId]);
      await markHandled(trx, msg.id, now);
    });
    return;
  }
  if (contact.status === 'stopped' && isOnlyOneOf(msg.text, settings.startWords)) {
    await rt.commits.submit(async (trx) => {
      await run(trx, `UPDATE contacts SET status = 'active', updated_at = ? WHERE id = ?`, [now, contactId]);
      await markHandled(trx, msg.id, now);
    });
    return;
  }
  if (contact.status !== 'active') {
    await rt.commits.submit((trx) => markHandled(trx, msg.id, now)); // stopped / blocked: kept in the inbox, no flow runs
    return;
  }

  const msgIn: MsgIn = {
    uuid: msg.uuid,
    text: msg.text,
    ...(msg.urn ? { urn: msg.urn } : {}),
    ...(msg.channel_uuid ? { channel: { uuid: msg.channel_uuid, name: msg.channel_name ?? '' } } : {}),
    attachments: JSON.parse(msg.attachments) as string[],
    ...(msg.external_id ? { external_id: msg.external_id } : {}),
  };

  const trigger = await matchKeywordTrigger(rt, contact, msg);
  if (trigger) {
    const prepared = await rt.startSprint({ contact, flowUuid: trigger.flowUuid, trigger: { type: 'msg', msg: msgIn, keyword_match: { type: trigger.matchType, keyword: trigger.keyword } } });
    await rt.commits.submit(async (trx) => {
      await interruptWaitingSessions(trx, contactId, false, now);
      await applySprint(trx, { workspaceId: contact.workspace_id, contact, assets: prepared.assets, sprint: prepared.sprint, priority: 1, inboundMessageId: msg.id, now });
    });
    await rt.writeBack(prepared); // committed; FHIR write-back never fails the sprint
    return;
  }

  const waiting = await first<{ id: string; state: string }>(
    rt.db,
    `SELECT id, state FROM sessions WHERE contact_id = ? AND simulated = 0 AND status = 'waiting' ORDER BY created_at DESC LIMIT 1`,
    [contactId],
  );
  if (waiting) {
    const prepared = await rt.resumeSprint({ contact, state: JSON.parse(waiting.state) as SessionState, resume: { type: 'msg', msg: msgIn } });
    await rt.commits.submit((trx) =>
      applySprint(trx, { workspaceId: contact.workspace_id, contact, assets: prepared.assets, sprint: prepared.sprint, sessionId: waiting.id, priority: 1, inboundMessageId: msg.id, now }),
    );
    await rt.writeBack(prepared); // committed; FHIR write-back never fails the sprint
    return;
  }
  // Automatic replies (server/nlp/automatic-replies.ts): an understood question starts the chosen flow.
  const automatic = await automaticReplyFlow(rt.db, contact.workspace_id, { text: msg.text, language: contact.language }, rt.services(contact.workspace_id).classifier);
  if (automatic) {
    const prepared = await rt.startSprint({ contact, flowUuid: automatic.flowUuid, trigger: { type: 'msg', msg: msgIn } });
    await rt.commits.submit((trx) =>
      applySprint(trx, { workspaceId: contact.workspace_id, contact, assets: prepared.assets, sprint: prepared.sprint, priority: 1, inboundMessageId: msg.id, now }),
    );
    await rt.writeBack(prepared);
    return;
  }
  await rt.commits.submit((trx) => markHandled(trx, msg.id, now)); // no flow: the message stays in the inbox
}

/** Marks a pending inbound message handled; throws InboundAlreadyHandledError (rolling back) if it no longer is pending. */
async function markHandled(db: Parameters<typeof run>[0], messageId: string, now: string): Promise<void> {
  const changed = await run(db, `UPDATE messages SET status = 'handled', updated_at = ? WHERE id = ? AND status = 'pending'`, [now, messageId]);
  if (changed === 0) throw new InboundAlreadyHandledError(messageId);
}

interface TriggerRow {
  keyword: string;
  match_type: 'first_word' | 'only_word';
  flow_uuid: string;
  channel_id: string | null;
}

const triggerCache = new Map<string, { at: number; rows: TriggerRow[] }>();
/** How long a workspace's keyword triggers are cached: a new trigger answers within this delay. */
const TRIGGER_CACHE_MS = 2_000;

/** The workspace's active keyword triggers, channel-specific ones first (cached briefly: read on every message). */
async function workspaceTriggers(rt: MessagingRuntime, workspaceId: string): Promise<TriggerRow[]> {
  const hit = triggerCache.get(workspaceId);
  if (hit && Date.now() - hit.at < TRIGGER_CACHE_MS) return hit.rows;
  const rows = await all<TriggerRow>(
    rt.db,
    `SELECT t.keyword, t.match_type, f.uuid AS flow_uuid, t.channel_id FROM triggers t JOIN flows f ON f.id = t.flow_id
      WHERE t.workspace_id = ? AND t.archived = 0 AND f.archived = 0 ORDER BY t.channel_id IS NULL, t.created_at`,
    [workspaceId],
  );
  triggerCache.set(workspaceId, { at: Date.now(), rows });
  return rows;
}

/** Forget cached keyword triggers (after triggers are created or archived). */
export function invalidateTriggers(workspaceId?: string): void {
  if (workspaceId) triggerCache.delete(workspaceId);
  else triggerCache.clear();
}

/** The first keyword trigger of the workspace the message matches, or null. */
async function matchKeywordTrigger(
  rt: MessagingRuntime,
  contact: ContactRow,
  msg: PendingRow,
): Promise<{ flowUuid: string; keyword: string; matchType: 'first_word' | 'only_word' } | null> {
  const first_ = firstWord(msg.text);
  if (!first_) return null;
  const only = onlyWord(msg.text);
  const triggers = (await workspaceTriggers(rt, contact.workspace_id)).filter((t) => t.channel_id === null || t.channel_id === msg.channel_id);
  for (const t of triggers) {
    const keyword = normalizeWord(t.keyword);
    if ((t.match_type === 'only_word' && only === keyword) || (t.match_type !== 'only_word' && first_ === keyword)) {
      return { flowUuid: t.flow_uuid, keyword: t.keyword, matchType: t.match_type === 'only_word' ? 'only_word' : 'first_word' };
    }
  }
  return null;
}


