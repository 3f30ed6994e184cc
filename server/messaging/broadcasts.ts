/**
 * Broadcasts: one message, translated, to many contacts. Creating one writes a single row; the bulk
 * loop then writes its outbox rows in batches of `batchSize` (one transaction each, cursor included),
 * so 100,000 recipients stream through without being held in memory and a crash resumes at the last
 * committed batch. Stopped, blocked and archived contacts are skipped; contacts without a URN a
 * channel can reach are counted as skipped too. In quiet hours the rows are queued with
 * `next_attempt_at` at the end of the window (held, not dropped).
 *
 * Example:
 *   const id = await createBroadcast(db, { workspaceId, translations: { eng: { text: 'Clinic closed Monday' } }, baseLanguage: 'eng', targets: { groups: [g] } });
 *   while (await processBroadcastBatch(rt, id)) {}
 */
import { v7 as uuidv7 } from 'uuid';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { MessagingRuntime } from './runtime.js';
import { nextRecipients, parseTargets, type Targets } from './recipients.js';
import { quietHoursEnd } from './quiet-hours.js';
import { countSegments } from './segments.js';
import { all, first, inTransaction, parseJson, run, sqlFor, type Db } from './sql.js';
import { workspaceSettings } from './workspace-settings.js';

/** One language's content. Example: `{ "text": "Habari", "attachments": [], "quick_replies": ["Ndiyo"] }`. */
export interface BroadcastTranslation {
  text: string;
  attachments?: string[];
  quick_replies?: string[];
}

/** Input of `createBroadcast`. Example: see the module comment. */
export interface NewBroadcast {
  workspaceId: string;
  translations: Record<string, BroadcastTranslation>;
  baseLanguage: string;
  targets: unknown;
  createdBy?: string | null;
  /** When set, the row waits ("scheduled") for the schedule to fire it. */
  scheduleId?: string | null;
}

/** Progress stored in broadcasts.totals / flow_starts.totals. `cursor` is the last contact id done. */
export interface BulkTotals {
  recipients: number;
  queued: number;
  skipped: number;
  failed?: number;
  cursor: string | null;
}

export function validateTranslations(translations: Record<string, BroadcastTranslation>, baseLanguage: string): void {
  if (!translations || typeof translations !== 'object') throw new Error('translations must be an object keyed by language code');
  const base = translations[baseLanguage];
  if (!base || typeof base.text !== 'string' || base.text.trim() === '') throw new Error(`translations.${baseLanguage}.text (the base language) must be a non-empty text`);
  for (const [lang, t] of Object.entries(translations)) {
    if (!/^[a-z]{3}$/.test(lang)) throw new Error(`translations: "${lang}" is not an ISO-639-3 language code like "eng"`);
    if (typeof t.text !== 'string') throw new Error(`translations.${lang}.text must be a string`);
  }
}

export async function createBroadcast(db: Kysely<Database>, input: NewBroadcast): Promise<string> {
  validateTranslations(input.translations, input.baseLanguage);
  const targets = parseTargets(input.targets);
  const id = uuidv7();
  const now = new Date().toISOString();
  const totals: BulkTotals = { recipients: 0, queued: 0, skipped: 0, cursor: null };
  await run(
    db,
    `INSERT INTO broadcasts (id, workspace_id, translations, base_language, targets, status, schedule_id, totals, created_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [id, input.workspaceId, JSON.stringify(input.translations), input.baseLanguage, JSON.stringify(targets), input.scheduleId ? 'scheduled' : 'pending',
      input.scheduleId ?? null, JSON.stringify(totals), input.createdBy ?? null, now, now],
  );
  return id;
}

interface BroadcastRow {
  id: string;
  workspace_id: string;
  translations: string;
  base_language: string;
  targets: string;
  status: string;
  totals: string;
}

interface UrnChoice {
  contact_id: string;
  id: string;
  identity: string;
  scheme: string;
  channel_id: string | null;
}

const MESSAGE_COLUMNS = `(id, workspace_id, uuid, contact_id, contact_urn_id, channel_id, direction, text, attachments, quick_replies, status,
  broadcast_id, priority, segments, attempts, next_attempt_at, created_at, updated_at)`;
// direction, status, priority and attempts are the same for every bulk row.
const MESSAGE_VALUES = `(?, ?, ?, ?, ?, ?, 'out', ?, ?, ?, 'queued', ?, 0, ?, 0, ?, ?, ?)`;
const PARAMS_PER_ROW = 14;

/** The contacts' preferred URNs, keyed by contact, each with a channel able to send to it. */
export async function chooseUrns(db: Db, workspaceId: string, contactIds: string[]): Promise<Map<string, { urnId: string; channelId: string }>> {
  const channels = await all<{ id: string; schemes: string }>(db, `SELECT id, schemes FROM channels WHERE workspace_id = ? AND active = 1 AND type <> 'simulator' AND role LIKE '%send%' ORDER BY created_at`, [workspaceId]);
  const byScheme = new Map<string, string>();
  const activeIds = new Set<string>();
  for (const ch of channels) {
    activeIds.add(ch.id);
    for (const scheme of parseJson<string[]>(ch.schemes, [])) if (!byScheme.has(scheme)) byScheme.set(scheme, ch.id);
  }
  const out = new Map<string, { urnId: string; channelId: string }>();
  if (contactIds.length === 0) return out;
  const urns = await all<UrnChoice>(
    db,
    `SELECT contact_id, id, identity, scheme, channel_id FROM contact_urns WHERE contact_id IN (${sqlFor(db).jsonArrayValues}) ORDER BY contact_id, priority, created_at`,
    [JSON.stringify(contactIds)],
  );
  for (const urn of urns) {
    if (out.has(urn.contact_id)) continue;
    const channelId = urn.channel_id && activeIds.has(urn.channel_id) ? urn.channel_id : byScheme.get(urn.scheme);
    if (channelId) out.set(urn.contact_id, { urnId: urn.id, channelId });
  }
  return out;
}

/**
 * Writes the next batch of a broadcast's outbox rows in one transaction. Returns false when there is
 * nothing left to do (finished, cancelled or unknown).
 */
export async function processBroadcastBatch(rt: MessagingRuntime, broadcastId: string, batchSize = 500): Promise<boolean> {
  const row = await first<BroadcastRow>(rt.db, 'SELECT id, workspace_id, translations, base_language, targets, status, totals FROM broadcasts WHERE id = ?', [broadcastId]);
  if (!row || (row.status !== 'pending' && row.status !== 'sending')) return false;
  const settings = await workspaceSettings(rt.db, row.workspace_id);
  const translations = parseJson<Record<string, BroadcastTranslation>>(row.translations, {});
  const base = translations[row.base_language]!;
  const targets: Targets = parseTargets(row.targets);
  const now = rt.now();
  const nowIso = now.toISOString();
  const sendAt = quietHoursEnd(settings.quietHours, settings.timezone, now) ?? nowIso;

  return inTransaction(rt.db, async (trx) => {
    // Re-read inside the transaction, locked: a cancel may have committed since, and another server process
    // working on this broadcast waits here and then continues after this batch's cursor.
    const current = await first<{ status: string; totals: string }>(trx, `SELECT status, totals FROM broadcasts WHERE id = ?${sqlFor(trx).forUpdate}`, [broadcastId]);
    if (!current || (current.status !== 'pending' && current.status !== 'sending')) return false;
    const totals = parseJson<BulkTotals>(current.totals, { recipients: 0, queued: 0, skipped: 0, cursor: null });
    const page = await nextRecipients(trx, row.workspace_id, targets, totals.cursor, batchSize);
    const active = page.filter((c) => c.status === 'active');
    const urns = await chooseUrns(trx, row.workspace_id, active.map((c) => c.id));
    const values: unknown[] = [];
    let rows = 0;
    for (const contact of active) {
      const urn = urns.get(contact.id);
      if (!urn) continue;
      const t = (contact.language && translations[contact.language]) || base;
      const text = t.text || base.text;
      values.push(uuidv7(), row.workspace_id, uuidv7(), contact.id, urn.urnId, urn.channelId, text, JSON.stringify(t.attachments ?? base.attachments ?? []),
        JSON.stringify(t.quick_replies ?? base.quick_replies ?? []), broadcastId, countSegments(text), sendAt, nowIso, nowIso);
      rows++;
    }
    // SQLite allows 32766 bound values per statement (PostgreSQL 65535): 500 rows × 14 fit; split larger batches.
    const perStatement = Math.floor(32_000 / PARAMS_PER_ROW);
    for (let start = 0; start < rows; start += perStatement) {
      const n = Math.min(perStatement, rows - start);
      await run(trx, `INSERT INTO messages ${MESSAGE_COLUMNS} VALUES ${new Array(n).fill(MESSAGE_VALUES).join(', ')}`, values.slice(start * PARAMS_PER_ROW, (start + n) * PARAMS_PER_ROW));
    }
    totals.recipients += page.length;
    totals.queued += rows;
    totals.skipped += page.length - rows;
    if (page.length > 0) totals.cursor = page[page.length - 1]!.id;
    const done = page.length < batchSize;
    await run(trx, 'UPDATE broadcasts SET status = ?, totals = ?, updated_at = ? WHERE id = ?', [done ? 'queued' : 'sending', JSON.stringify(totals), nowIso, broadcastId]);
    return !done;
  });
}

/** Cancels a broadcast: no further batches, and its unsent messages are not sent. Returns false if already finished. */
export async function cancelBroadcast(db: Kysely<Database>, workspaceId: string, broadcastId: string): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const row = await first<{ status: string; schedule_id: string | null }>(trx, 'SELECT status, schedule_id FROM broadcasts WHERE id = ? AND workspace_id = ?', [broadcastId, workspaceId]);
    if (!row) throw new Error(`broadcast ${broadcastId} not found`);
    if (row.status === 'completed' || row.status === 'cancelled' || row.status === 'failed') return false;
    const now = new Date().toISOString();
    await run(trx, `UPDATE broadcasts SET status = 'cancelled', updated_at = ? WHERE id = ?`, [now, broadcastId]);
    await run(trx, `UPDATE messages SET status = 'failed', error = 'broadcast cancelled', updated_at = ? WHERE broadcast_id = ? AND status IN ('queued', 'errored')`, [now, broadcastId]);
    if (row.schedule_id && row.status === 'scheduled') await run(trx, 'UPDATE schedules SET active = 0, updated_at = ? WHERE id = ?', [now, row.schedule_id]);
    return true;
  });
}

/** Message counts of a broadcast by outcome. Example: `{ queued: 10, sent: 80, delivered: 5, failed: 5 }`. */
export async function broadcastCounts(db: Db, broadcastId: string): Promise<{ queued: number; sent: number; delivered: number; failed: number }> {
  const rows = await all<{ status: string; n: number }>(db, 'SELECT status, COUNT(*) AS n FROM messages WHERE broadcast_id = ? GROUP BY status', [broadcastId]);
  const counts = { queued: 0, sent: 0, delivered: 0, failed: 0 };
  for (const { status, n } of rows) {
    if (status === 'queued' || status === 'errored' || status === 'sending') counts.queued += n;
    else if (status === 'wired' || status === 'sent') counts.sent += n;
    else if (status === 'delivered' || status === 'read') counts.delivered += n;
    else if (status === 'failed') counts.failed += n;
  }
  return counts;
}

/** Marks "queued" broadcasts whose messages all left (or failed) as completed. */
export async function completeFinishedBroadcasts(db: Kysely<Database>): Promise<number> {
  const rows = await all<{ id: string }>(db, `SELECT id FROM broadcasts WHERE status = 'queued' LIMIT 50`);
  let completed = 0;
  for (const { id } of rows) {
    const pending = await first<{ one: number }>(db, `SELECT 1 AS one FROM messages WHERE broadcast_id = ? AND status IN ('queued', 'errored', 'sending') LIMIT 1`, [id]);
    if (!pending) {
      await run(db, `UPDATE broadcasts SET status = 'completed', updated_at = ? WHERE id = ? AND status = 'queued'`, [new Date().toISOString(), id]);
      completed++;
    }
  }
  return completed;
}

