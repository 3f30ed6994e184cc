/**
 * Sync runs of a stored connection, with live progress (`fhir_sync_runs`: phase, percent, counts) that a
 * page polls, the final report of skipped records with their reasons, the connection's health
 * (ok / unreachable / failing) and retries with backoff after a failure, and the schedule.
 *
 *   const { runId, done } = await startSyncRun({ db, workspaceId, connectionId, trigger: 'manual' });
 *   await getSyncRun(db, workspaceId, runId)   // { status: 'running', phase: 'reading Practitioner', percent: 35, … }
 *   await done                                 // the finished run
 *   await runDueSyncs({ db, now })             // what the background loop calls: due schedules and retries
 */
import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../db/errors.js';
import { isoNow, newId } from '../db/ids.js';
import type { Database } from '../db/schema.js';
import type { FhirSyncRunsTable } from '../db/schema-fhir-watch.js';
import { FhirRequestError } from './client.js';
import { ensureSettings, plainFailure } from './connection-admin.js';
import { clientForConnection, loadConnection } from './connections.js';
import { syncPatients, syncRegistry, type SyncProgressEvent, type SyncResult } from './sync.js';

/** One skipped record in a report. Example: `{ scope: 'registry', reference: 'Practitioner/P1004', reason: 'no phone number in telecom' }`. */
export interface SkippedReportEntry {
  scope: 'registry' | 'patients';
  reference: string;
  reason: string;
  /** A short class of the reason for filtering: no_phone, invalid_number, duplicate_phone, inactive, invalid_resource, other. */
  category: SkipCategory;
}

export type SkipCategory = 'no_phone' | 'invalid_number' | 'duplicate_phone' | 'inactive' | 'invalid_resource' | 'other';

/** A run as the API shows it. */
export interface SyncRunView {
  id: string;
  connectionId: string;
  trigger: string;
  status: 'running' | 'ok' | 'failed';
  phase: string;
  percent: number;
  counts: SyncCounts;
  skipped: SkippedReportEntry[];
  error: string | null;
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
}

/** Example: `{ fetched: { Practitioner: 50, … }, registry: { created: 44, updated: 0, deactivated: 0, unchanged: 0, skipped: 6 } }`. */
export interface SyncCounts {
  fetched: Record<string, number>;
  registry?: ScopeCounts;
  patients?: ScopeCounts;
}

export interface ScopeCounts {
  created: number;
  updated: number;
  deactivated: number;
  unchanged: number;
  skipped: number;
  mode: 'full' | 'incremental';
}

/** Runs still "running" after this long without progress were cut off (server stopped mid-sync). */
const STALE_RUN_MS = 15 * 60_000;
/** Retries after a failed sync: 1, 2, 4 … minutes, at most 60, at most this many times in a row. */
const MAX_RETRIES = 8;

export function retryDelayMs(failures: number): number {
  return Math.min(60, 2 ** Math.max(0, failures - 1)) * 60_000;
}

/** Classifies a skip reason (the sync's messages are stable: see server/fhir/README.md "Skipped"). */
export function skipCategory(reason: string): SkipCategory {
  if (/no phone number/i.test(reason)) return 'no_phone';
  if (/invalid phone number/i.test(reason)) return 'invalid_number';
  if (/already belongs to/i.test(reason)) return 'duplicate_phone';
  if (/inactive|not active|no current role/i.test(reason)) return 'inactive';
  if (/invalid|missing|no name|malformed/i.test(reason)) return 'invalid_resource';
  return 'other';
}

function toView(row: FhirSyncRunsTable): SyncRunView {
  return {
    id: row.id,
    connectionId: row.connection_id,
    trigger: row.trigger,
    status: row.status as SyncRunView['status'],
    phase: row.phase,
    percent: row.percent,
    counts: JSON.parse(row.counts) as SyncCounts,
    skipped: JSON.parse(row.skipped) as SkippedReportEntry[],
    error: row.error,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
  };
}

export async function getSyncRun(db: Kysely<Database>, workspaceId: string, runId: string): Promise<SyncRunView | null> {
  const row = await db.selectFrom('fhir_sync_runs').selectAll().where('workspace_id', '=', workspaceId).where('id', '=', runId).executeTakeFirst();
  return row ? toView(row) : null;
}

/** The latest run of a connection (running or finished), or null. */
export async function latestSyncRun(db: Kysely<Database>, workspaceId: string, connectionId: string, finishedOnly = false): Promise<SyncRunView | null> {
  let q = db.selectFrom('fhir_sync_runs').selectAll().where('workspace_id', '=', workspaceId).where('connection_id', '=', connectionId);
  if (finishedOnly) q = q.where('status', '!=', 'running');
  const row = await q.orderBy('started_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row ? toView(row) : null;
}

export async function listSyncRuns(db: Kysely<Database>, workspaceId: string, connectionId: string, limit = 20): Promise<SyncRunView[]> {
  const rows = await db.selectFrom('fhir_sync_runs').selectAll().where('workspace_id', '=', workspaceId).where('connection_id', '=', connectionId).orderBy('started_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toView);
}

/** Marks runs that stopped making progress long ago (the process died) as failed, saying so. */
async function closeStaleRuns(db: Kysely<Database>, connectionId: string, now: Date): Promise<void> {
  await db
    .updateTable('fhir_sync_runs')
    .set({ status: 'failed', error: 'interrupted: the server stopped during this sync; nothing of it was written', finished_at: isoNow(now), updated_at: isoNow(now) })
    .where('connection_id', '=', connectionId)
    .where('status', '=', 'running')
    .where('updated_at', '<', isoNow(new Date(now.getTime() - STALE_RUN_MS)))
    .execute();
}

/** Refusal to start: another sync of the same connection is running. */
export class SyncBusyError extends Error {
  constructor(readonly runId: string) {
    super(`a sync of this connection is already running (run ${runId}); wait for it to finish`);
    this.name = 'SyncBusyError';
  }
}

export interface StartSyncInput {
  db: Kysely<Database>;
  workspaceId: string;
  connectionId: string;
  trigger: 'manual' | 'scheduled' | 'retry';
  /** Ignore cursors (also archives contacts whose resource was deleted). */
  full?: boolean;
  now?: () => Date;
  /** Client options (tests shorten timeouts/retries). */
  clientOptions?: { timeoutMs?: number; retries?: number; retryBaseDelayMs?: number };
}

/**
 * Creates the run row and starts the sync in the background. `done` resolves with the finished run (it
 * never rejects: a failure is recorded on the run and on the connection's health).
 */
export async function startSyncRun(input: StartSyncInput): Promise<{ runId: string; done: Promise<SyncRunView> }> {
  const { db, workspaceId, connectionId } = input;
  const now = input.now ?? (() => new Date());
  const connection = await loadConnection(db, workspaceId, connectionId);
  const settings = await ensureSettings(db, workspaceId, connection.id);
  await closeStaleRuns(db, connection.id, now());
  const runId = newId();
  const started = isoNow(now());
  const registry = settings.sync_registry === 1;
  const patients = settings.sync_patients === 1;
  // The check and the insert in one transaction: two clicks never start two syncs of one connection. Two
  // processes at the same instant both pass the check; the unique index on running runs refuses the second.
  await db.transaction().execute(async (trx) => {
    const running = await trx.selectFrom('fhir_sync_runs').select('id').where('connection_id', '=', connection.id).where('status', '=', 'running').executeTakeFirst();
    if (running) throw new SyncBusyError(running.id);
    await trx
      .insertInto('fhir_sync_runs')
      .values({ id: runId, workspace_id: workspaceId, connection_id: connection.id, trigger: input.trigger, status: 'running', phase: 'connecting', percent: 0, counts: JSON.stringify({ fetched: {} }), skipped: '[]', error: null, started_at: started, updated_at: started, finished_at: null })
      .execute();
    // the schedule counts from the start of this run
    if (settings.sync_interval_minutes) {
      await trx.updateTable('fhir_connection_settings').set({ next_sync_at: isoNow(new Date(now().getTime() + settings.sync_interval_minutes * 60_000)) }).where('connection_id', '=', connection.id).execute();
    }
  }).catch(async (error: unknown) => {
    if (!isUniqueViolation(error)) throw error;
    const running = await db.selectFrom('fhir_sync_runs').select('id').where('connection_id', '=', connection.id).where('status', '=', 'running').executeTakeFirst();
    throw new SyncBusyError(running?.id ?? 'started elsewhere');
  });

  const scopes = [...(registry ? (['registry'] as const) : []), ...(patients ? (['patients'] as const) : [])];
  const progress = new ProgressWriter(db, runId, scopes, now);
  const done = (async (): Promise<SyncRunView> => {
    const counts: SyncCounts = { fetched: {} };
    const skipped: SkippedReportEntry[] = [];
    let error: string | null = null;
    let unreachable = false;
    try {
      if (scopes.length === 0) throw new Error('this connection syncs nothing: turn on the registry or patients sync in its settings');
      const client = clientForConnection(connection, input.clientOptions);
      const common = { client, db, workspaceId, connectionId: connection.id, full: input.full, defaultCountry: settings.default_country ?? undefined, onProgress: (e: SyncProgressEvent) => progress.report(e) };
      for (const scope of scopes) {
        const result: SyncResult = scope === 'registry' ? await syncRegistry(common) : await syncPatients(common);
        counts[scope] = { created: result.created, updated: result.updated, deactivated: result.deactivated, unchanged: result.unchanged, skipped: result.skipped.length, mode: result.mode };
        for (const [type, n] of Object.entries(result.fetched)) counts.fetched[type] = (counts.fetched[type] ?? 0) + n;
        for (const s of result.skipped) skipped.push({ scope, reference: s.reference, reason: s.reason, category: skipCategory(s.reason) });
        progress.scopeDone(scope);
      }
    } catch (err) {
      const cause = (err as { cause?: unknown }).cause ?? err;
      unreachable = cause instanceof FhirRequestError && (cause.status === undefined || cause.status >= 500 || cause.status === 429 || cause.status === 408);
      error = cause instanceof FhirRequestError ? `${plainFailure(cause, connection.base_url)} ${(err as Error).message !== cause.message ? `(${(err as Error).message})` : ''}`.trim() : (err as Error).message;
    }
    await progress.flush();
    const finished = isoNow(now());
    await db
      .updateTable('fhir_sync_runs')
      .set({ status: error ? 'failed' : 'ok', phase: error ? 'failed' : 'done', percent: error ? progress.percent : 100, counts: JSON.stringify(counts), skipped: JSON.stringify(skipped), error, updated_at: finished, finished_at: finished })
      .where('id', '=', runId)
      .execute();
    const current = await ensureSettings(db, workspaceId, connection.id);
    if (error) {
      const failures = current.failures + 1;
      await db
        .updateTable('fhir_connection_settings')
        .set({
          health: unreachable ? 'unreachable' : 'failing',
          health_error: error,
          health_checked_at: finished,
          failures,
          retry_at: failures <= MAX_RETRIES ? isoNow(new Date(now().getTime() + retryDelayMs(failures))) : null,
          updated_at: finished,
        })
        .where('connection_id', '=', connection.id)
        .execute();
    } else {
      await db
        .updateTable('fhir_connection_settings')
        .set({ health: 'ok', health_error: null, health_checked_at: finished, failures: 0, retry_at: null, updated_at: finished })
        .where('connection_id', '=', connection.id)
        .execute();
    }
    return (await getSyncRun(db, workspaceId, runId))!;
  })();
  return { runId, done };
}

/**
 * Turns sync progress events into the run row's phase/percent/counts, writing at most every 250 ms (and on
 * phase changes). Percent: each scope gets an equal share; inside it, reading is 80 % (by the server's
 * totals when given) and writing the last 20 %.
 */
class ProgressWriter {
  percent = 0;
  private phase = 'connecting';
  private fetched: Record<string, number> = {};
  private totals: Record<string, number> = {};
  private lastWrite = 0;
  private pending: Promise<void> = Promise.resolve();
  private readonly done = new Set<string>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly runId: string,
    private readonly scopes: readonly string[],
    private readonly now: () => Date,
  ) {}

  report(event: SyncProgressEvent): void {
    const share = 100 / Math.max(1, this.scopes.length);
    const base = Math.max(0, this.scopes.indexOf(event.scope)) * share;
    const previousPhase = this.phase;
    for (const [type, n] of Object.entries(event.fetched)) this.fetched[`${event.scope}:${type}`] = n;
    if (event.phase === 'reading') {
      if (event.resourceType && event.total !== undefined) this.totals[`${event.scope}:${event.resourceType}`] = Math.max(event.total, this.totals[`${event.scope}:${event.resourceType}`] ?? 0);
      this.phase = `reading ${event.resourceType ?? ''}`.trim();
      const expected = event.scope === 'registry' ? 4 : 1;
      const keys = Object.keys(this.fetched).filter((k) => k.startsWith(`${event.scope}:`));
      const fraction = keys.reduce((sum, k) => sum + (this.totals[k] ? Math.min(1, this.fetched[k] / this.totals[k]) : 0.5), 0) / Math.max(expected, keys.length);
      this.percent = Math.max(this.percent, Math.floor(base + share * 0.8 * Math.min(1, fraction)));
    } else {
      this.phase = `writing ${event.planned ?? 0} ${event.scope === 'registry' ? 'health workers' : 'patients'}`;
      this.percent = Math.max(this.percent, Math.floor(base + share * 0.8));
    }
    const t = Date.now();
    if (this.phase !== previousPhase || t - this.lastWrite >= 250) this.write();
  }

  scopeDone(scope: string): void {
    this.done.add(scope);
    const share = 100 / Math.max(1, this.scopes.length);
    this.percent = Math.max(this.percent, Math.min(99, Math.floor(share * this.done.size)));
    this.write();
  }

  private write(): void {
    this.lastWrite = Date.now();
    const fetched: Record<string, number> = {};
    for (const [k, n] of Object.entries(this.fetched)) {
      const type = k.slice(k.indexOf(':') + 1);
      fetched[type] = (fetched[type] ?? 0) + n;
    }
    const values = { phase: this.phase, percent: this.percent, counts: JSON.stringify({ fetched }), updated_at: isoNow(this.now()) };
    this.pending = this.pending
      .then(() => this.db.updateTable('fhir_sync_runs').set(values).where('id', '=', this.runId).where('status', '=', 'running').execute())
      .then(
        () => undefined,
        () => undefined, // progress is best effort; the final update says how the run ended
      );
  }

  flush(): Promise<void> {
    return this.pending;
  }
}

/**
 * Starts the syncs that are due (schedule reached, or a failed sync's retry time) and waits for them;
 * returns how many ran. Connections with a sync already running are left alone.
 */
export async function runDueSyncs(input: { db: Kysely<Database>; now?: () => Date; clientOptions?: StartSyncInput['clientOptions'] }): Promise<number> {
  const now = input.now ?? (() => new Date());
  const at = isoNow(now());
  const due = await input.db
    .selectFrom('fhir_connection_settings')
    .select(['connection_id', 'workspace_id', 'next_sync_at', 'retry_at', 'sync_interval_minutes'])
    .where((eb) => eb.or([eb('next_sync_at', '<=', at), eb('retry_at', '<=', at)]))
    .execute();
  let ran = 0;
  for (const row of due) {
    const scheduled = row.next_sync_at !== null && row.next_sync_at <= at;
    const trigger = scheduled ? 'scheduled' : 'retry';
    // Claim it (another worker process may look at the same row): the retry is consumed and the schedule moved
    // only if nobody changed them since we read them; a failure schedules the next retry.
    const claim = await input.db
      .updateTable('fhir_connection_settings')
      .set({ retry_at: null, ...(scheduled && row.sync_interval_minutes ? { next_sync_at: isoNow(new Date(now().getTime() + row.sync_interval_minutes * 60_000)) } : {}) })
      .where('connection_id', '=', row.connection_id)
      .where((eb) => (row.next_sync_at === null ? eb('next_sync_at', 'is', null) : eb('next_sync_at', '=', row.next_sync_at)))
      .where((eb) => (row.retry_at === null ? eb('retry_at', 'is', null) : eb('retry_at', '=', row.retry_at)))
      .executeTakeFirst();
    if (Number(claim.numUpdatedRows) !== 1) continue;
    try {
      const { done } = await startSyncRun({ db: input.db, workspaceId: row.workspace_id, connectionId: row.connection_id, trigger, now, clientOptions: input.clientOptions });
      await done;
      ran++;
    } catch (err) {
      if (!(err instanceof SyncBusyError)) throw err;
    }
  }
  return ran;
}
