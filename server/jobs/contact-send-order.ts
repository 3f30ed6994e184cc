/**
 * Per-contact send order across server processes. One process never sends a contact's next message while
 * an earlier one is in flight (OutboxSender keeps its own in-flight contacts, and the claim skips contacts
 * with a message in "sending"). Two processes claiming at the same instant could still each take a
 * different message of the same contact, because neither sees the other's uncommitted claim. On
 * PostgreSQL the claim therefore also takes a transaction-scoped advisory lock per contact (its own lock
 * space, so it never waits on a session being resumed), drops the contacts another claim holds, and
 * re-checks "sending" once the lock is held: a claim that committed just before is visible by then, and
 * that no earlier due message of the contact was passed over.
 * SQLite has a single writer, so the claim's own check is enough there.
 *
 * Example: `const rows = await keepContactOrderAcrossProcesses(trx, picked, nowIso)` → the picked rows whose
 * contacts this claim may send to now.
 */
import { isPostgres } from '../db/dialect.js';
import { all, type Db } from '../messaging/sql.js';

/** Advisory lock space of outbox claims ("KO"); contact sessions use another (server/jobs/pg). */
export const SEND_ORDER_LOCK_SPACE = 0x4b4f;

export async function keepContactOrderAcrossProcesses<Row extends { id: string; contact_id: string }>(trx: Db, picked: Row[], nowIso: string): Promise<Row[]> {
  if (picked.length === 0 || !isPostgres(trx)) return picked;
  const contacts = [...new Set(picked.map((row) => row.contact_id))];
  const locked = await all<{ id: string; ok: boolean }>(
    trx,
    `SELECT id, pg_try_advisory_xact_lock(?, hashtext(id)) AS ok FROM unnest(CAST(? AS text[])) AS id`,
    [SEND_ORDER_LOCK_SPACE, contacts],
  );
  const mine = new Set(locked.filter((row) => row.ok).map((row) => row.id));
  if (mine.size === 0) return [];
  const busy = await all<{ contact_id: string }>(
    trx,
    `SELECT DISTINCT contact_id FROM messages WHERE status = 'sending' AND contact_id = ANY(CAST(? AS text[]))`,
    [[...mine]],
  );
  for (const row of busy) mine.delete(row.contact_id);
  if (mine.size === 0) return [];
  // SKIP LOCKED lets a claim pass over a contact's first message while another claim has it locked (and
  // may drop it): taking the second message then would overtake the first. Keep a contact only when no
  // earlier due message of it was left out.
  const pickedIds = picked.filter((row) => mine.has(row.contact_id)).map((row) => row.id);
  const lastPicked = new Map<string, string>();
  for (const row of picked) if (mine.has(row.contact_id) && row.id > (lastPicked.get(row.contact_id) ?? '')) lastPicked.set(row.contact_id, row.id);
  const overtaking = await all<{ contact_id: string }>(
    trx,
    `SELECT DISTINCT p.contact_id FROM unnest(CAST(? AS text[]), CAST(? AS text[])) AS p(contact_id, last_id)
       JOIN messages m ON m.contact_id = p.contact_id AND m.id < p.last_id
      WHERE m.status IN ('queued', 'errored') AND m.next_attempt_at <= ? AND NOT (m.id = ANY(CAST(? AS text[])))`,
    [[...lastPicked.keys()], [...lastPicked.values()], nowIso, pickedIds],
  );
  for (const row of overtaking) mine.delete(row.contact_id);
  return picked.filter((row) => mine.has(row.contact_id));
}
