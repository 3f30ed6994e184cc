/**
 * Runs the workspaces' due watchers (`fhir_watchers` enabled, `next_run_at` reached): lab results,
 * appointment reminders and the communications export. Each pass records its outcome on the watcher
 * (last_status, last_error, last_summary) and schedules the next; one failing watcher never stops the others.
 *
 *   await runDueWatchers({ db, now, effectsFor: (ws) => rt.fhirFor(ws) })   // → how many watchers ran
 *   await runWatcherNow({ db, workspaceId, kind: 'lab_results', effectsFor })   // "check now" in the page
 */
import type { Kysely } from 'kysely';
import { isoNow } from '../../db/ids.js';
import type { Database } from '../../db/schema.js';
import type { FhirWatcherKind, FhirWatchersTable } from '../../db/schema-fhir-watch.js';
import { plainFailure } from '../connection-admin.js';
import { clientForConnection, loadConnection } from '../connections.js';
import type { FhirEffects } from '../effects.js';
import { pollAppointmentReminders } from './appointment-reminders.js';
import { exportCommunications } from './communications.js';
import { pollLabResults } from './lab-results.js';
import { getWatcher, recordWatcherRun } from './watchers.js';

export interface RunWatchersInput {
  db: Kysely<Database>;
  now?: () => Date;
  /** The workspace's write-back service (the messaging runtime's, so writes share its queue). */
  effectsFor: (workspaceId: string) => FhirEffects;
  /** Client options for reads (tests shorten timeouts). */
  clientOptions?: { timeoutMs?: number; retries?: number; retryBaseDelayMs?: number };
  /** Called when flow starts were created (the server pokes its bulk worker). */
  onFlowStarts?: () => void;
}

/** Runs one watcher pass and records it; returns the summary (or throws nothing: failures are recorded). */
export async function runWatcher(input: RunWatchersInput, watcher: FhirWatchersTable): Promise<{ status: 'ok' | 'failed'; summary: Record<string, unknown>; error?: string }> {
  const now = (input.now ?? (() => new Date()))();
  const { db } = input;
  const connection = await loadConnection(db, watcher.workspace_id, watcher.connection_id).catch(() => null);
  let summary: Record<string, unknown> = {};
  try {
    if (!connection) throw new Error(`FHIR connection ${watcher.connection_id} no longer exists; choose another`);
    const client = clientForConnection(connection, { timeoutMs: 30_000, retries: 2, ...input.clientOptions });
    if (watcher.kind === 'lab_results') {
      const s = await pollLabResults({ db, workspaceId: watcher.workspace_id, watcher, client, now });
      summary = { ...s };
      if (s.messages) input.onFlowStarts?.();
    } else if (watcher.kind === 'appointment_reminders') {
      const ws = await db.selectFrom('workspaces').select('timezone').where('id', '=', watcher.workspace_id).executeTakeFirstOrThrow();
      const s = await pollAppointmentReminders({ db, workspaceId: watcher.workspace_id, watcher, client, now, timezone: ws.timezone || 'UTC' });
      summary = { ...s };
      if (s.started) input.onFlowStarts?.();
    } else {
      summary = { ...(await exportCommunications({ db, workspaceId: watcher.workspace_id, watcher, effects: input.effectsFor(watcher.workspace_id), now })) };
    }
    await recordWatcherRun(db, watcher, { status: 'ok', summary }, now);
    return { status: 'ok', summary };
  } catch (err) {
    const error = connection ? plainFailure(err, connection.base_url) : (err as Error).message;
    await recordWatcherRun(db, watcher, { status: 'failed', summary, error }, now);
    return { status: 'failed', summary, error };
  }
}

export async function runDueWatchers(input: RunWatchersInput): Promise<number> {
  const at = isoNow((input.now ?? (() => new Date()))());
  const due = await input.db.selectFrom('fhir_watchers').selectAll().where('enabled', '=', 1).where('next_run_at', '<=', at).orderBy('next_run_at').execute();
  let ran = 0;
  for (const watcher of due) {
    // claim it: another worker process that read the same row finds next_run_at moved and skips it
    const lease = isoNow(new Date(Date.parse(at) + watcher.poll_minutes * 60_000));
    const claim = await input.db.updateTable('fhir_watchers').set({ next_run_at: lease }).where('id', '=', watcher.id).where('next_run_at', '=', watcher.next_run_at).executeTakeFirst();
    if (Number(claim.numUpdatedRows) !== 1) continue;
    await runWatcher(input, watcher);
    ran++;
  }
  return ran;
}

/** Runs a workspace's watcher of `kind` at once (enabled or not). */
export async function runWatcherNow(input: RunWatchersInput & { workspaceId: string; kind: FhirWatcherKind }) {
  const watcher = await getWatcher(input.db, input.workspaceId, input.kind);
  if (!watcher) throw new Error(`no ${input.kind} watcher is configured in this workspace`);
  return runWatcher(input, watcher);
}
