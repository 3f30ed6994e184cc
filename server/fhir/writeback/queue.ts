/**
 * The write-back queue's storage: add a write, pick the ones due, record each attempt's outcome, list and
 * requeue. No FHIR calls here (server/fhir/effects.ts sends).
 *
 *   const row = await enqueueWrite(db, { workspaceId, connectionId, resource, source: 'run:…' }, now);
 *   await listWrites(db, workspaceId, { status: 'failed' });   // what an admin sees
 *   await requeueWrite(db, workspaceId, row.id, now);           // try a failed one again
 */
import type { Kysely } from 'kysely';
import { isoNow, newId } from '../../db/ids.js';
import type { Database } from '../../db/schema.js';
import { asWritebackDb, type FhirWritebackQueueTable, type WritebackStatus } from './queue-schema.js';
import { nextAttemptDelay, type BackoffPolicy } from './backoff.js';

/** A write to add. Example: `{ workspaceId, connectionId, resource: { resourceType: 'Observation', … }, source: 'run:0196…' }`. */
export interface NewWrite {
  workspaceId: string;
  connectionId: string;
  resource: Record<string, unknown>;
  source?: string | null;
}

const URI_SYSTEM_VALUE = /^[^|\s]+$/;

/** `identifier=system|value` from the resource's first identifier that has both, so a retry never duplicates. */
export function ifNoneExistFor(resource: Record<string, unknown>): string | null {
  const raw = resource.identifier;
  const list = (Array.isArray(raw) ? raw : raw ? [raw] : []) as { system?: unknown; value?: unknown }[];
  const id = list.find((i) => typeof i.system === 'string' && typeof i.value === 'string' && URI_SYSTEM_VALUE.test(i.system) && URI_SYSTEM_VALUE.test(i.value));
  return id ? `identifier=${encodeURIComponent(`${id.system as string}|${id.value as string}`)}` : null;
}

export async function enqueueWrite(db: Kysely<Database>, write: NewWrite, now: Date): Promise<FhirWritebackQueueTable> {
  const resourceType = write.resource.resourceType;
  if (typeof resourceType !== 'string' || resourceType === '') throw new Error('a FHIR resource to write needs a resourceType');
  const at = isoNow(now);
  const row: FhirWritebackQueueTable = {
    id: newId(),
    workspace_id: write.workspaceId,
    connection_id: write.connectionId,
    resource_type: resourceType,
    resource: JSON.stringify(write.resource),
    if_none_exist: ifNoneExistFor(write.resource),
    source: write.source ?? null,
    status: 'pending',
    attempts: 0,
    next_attempt_at: at,
    last_error: null,
    result_id: null,
    created_at: at,
    updated_at: at,
    written_at: null,
  };
  await asWritebackDb(db).insertInto('fhir_writeback_queue').values(row).execute();
  return row;
}

/**
 * Takes up to `limit` due pending writes of the workspace, pushing each one's next_attempt_at `leaseMs`
 * ahead first, so two workers never send the same row at once (a crashed worker's rows come back after the lease).
 */
export async function claimDueWrites(db: Kysely<Database>, workspaceId: string, now: Date, limit: number, leaseMs = 120_000): Promise<FhirWritebackQueueTable[]> {
  const wdb = asWritebackDb(db);
  const at = isoNow(now);
  const due = await wdb
    .selectFrom('fhir_writeback_queue')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'pending')
    .where('next_attempt_at', '<=', at)
    .orderBy('next_attempt_at')
    .orderBy('created_at')
    .limit(limit)
    .execute();
  const lease = isoNow(new Date(now.getTime() + leaseMs));
  const claimed: FhirWritebackQueueTable[] = [];
  for (const row of due) {
    const res = await wdb
      .updateTable('fhir_writeback_queue')
      .set({ next_attempt_at: lease, updated_at: at })
      .where('id', '=', row.id)
      .where('status', '=', 'pending')
      .where('next_attempt_at', '=', row.next_attempt_at)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 1) claimed.push({ ...row, next_attempt_at: lease });
  }
  return claimed;
}

export async function markWritten(db: Kysely<Database>, id: string, resultId: string, now: Date): Promise<void> {
  const at = isoNow(now);
  await asWritebackDb(db)
    .updateTable('fhir_writeback_queue')
    .set((eb) => ({ status: 'written', result_id: resultId, attempts: eb('attempts', '+', 1), next_attempt_at: null, last_error: null, written_at: at, updated_at: at }))
    .where('id', '=', id)
    .execute();
}

/**
 * Records a failed attempt: `retryable` failures go back to pending with backoff until the policy's
 * attempts run out; others (the server refused the resource) are failed at once. Returns the new status.
 */
export async function markAttemptFailed(
  db: Kysely<Database>,
  row: Pick<FhirWritebackQueueTable, 'id' | 'attempts'>,
  error: string,
  retryable: boolean,
  policy: BackoffPolicy,
  now: Date,
): Promise<{ status: WritebackStatus; nextAttemptAt: string | null }> {
  const attempts = row.attempts + 1;
  const delay = retryable ? nextAttemptDelay(attempts, policy) : null;
  const status: WritebackStatus = delay === null ? 'failed' : 'pending';
  const nextAttemptAt = delay === null ? null : isoNow(new Date(now.getTime() + delay));
  const reason = delay === null && retryable ? `${error} (gave up after ${attempts} attempts)` : error;
  await asWritebackDb(db)
    .updateTable('fhir_writeback_queue')
    .set({ status, attempts, next_attempt_at: nextAttemptAt, last_error: reason.slice(0, 2000), updated_at: isoNow(now) })
    .where('id', '=', row.id)
    .execute();
  return { status, nextAttemptAt };
}

/** Queue rows of a workspace, newest first. Example: `await listWrites(db, ws, { status: 'pending' })`. */
export async function listWrites(
  db: Kysely<Database>,
  workspaceId: string,
  filter: { status?: WritebackStatus; source?: string; limit?: number } = {},
): Promise<FhirWritebackQueueTable[]> {
  let q = asWritebackDb(db).selectFrom('fhir_writeback_queue').selectAll().where('workspace_id', '=', workspaceId);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.source) q = q.where('source', '=', filter.source);
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit ?? 100).execute();
}

/** Puts a failed write back in the queue, due now (after fixing the connection or the mapping). */
export async function requeueWrite(db: Kysely<Database>, workspaceId: string, id: string, now: Date): Promise<void> {
  const res = await asWritebackDb(db)
    .updateTable('fhir_writeback_queue')
    .set({ status: 'pending', attempts: 0, next_attempt_at: isoNow(now), updated_at: isoNow(now) })
    .where('id', '=', id)
    .where('workspace_id', '=', workspaceId)
    .where('status', '=', 'failed')
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) throw new Error(`FHIR write ${id} is not a failed write of workspace ${workspaceId}`);
}
