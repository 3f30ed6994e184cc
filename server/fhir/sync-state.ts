import type { Kysely } from 'kysely';
import { newId } from '../db/ids.js';
import type { SyncDatabase, SyncScope } from './sync-schema.js';

/** The stored cursor of one (connection, scope), or null before the first successful sync. */
export async function readCursor(db: Kysely<SyncDatabase>, connectionId: string, scope: SyncScope): Promise<string | null> {
  const row = await db.selectFrom('fhir_sync_state').select('cursor').where('connection_id', '=', connectionId).where('scope', '=', scope).executeTakeFirst();
  return row?.cursor ?? null;
}

/**
 * Records the outcome of a sync run. On success (inside the sync transaction) it also moves the cursor;
 * on failure (after the rollback) it keeps the cursor and stores the error, so the next run retries the
 * same window and the UI can say the last sync failed.
 *
 * Example: `await recordSyncRun(trx, { workspaceId, connectionId, scope: 'registry', startedAt, finishedAt, status: 'ok', cursor, summary })`.
 */
export async function recordSyncRun(
  db: Kysely<SyncDatabase>,
  run: {
    workspaceId: string;
    connectionId: string;
    scope: SyncScope;
    startedAt: string;
    finishedAt: string;
    status: 'ok' | 'failed';
    /** Omitted on failure: the cursor does not move. */
    cursor?: string | null;
    summary: object;
    error?: string;
  },
): Promise<void> {
  const common = {
    last_started_at: run.startedAt,
    last_finished_at: run.finishedAt,
    last_status: run.status,
    last_summary: JSON.stringify(run.summary),
    last_error: run.error ?? null,
  };
  await db
    .insertInto('fhir_sync_state')
    .values({ id: newId(), workspace_id: run.workspaceId, connection_id: run.connectionId, scope: run.scope, cursor: run.cursor ?? null, ...common })
    .onConflict((oc) =>
      oc.columns(['connection_id', 'scope']).doUpdateSet(run.cursor !== undefined ? { ...common, cursor: run.cursor } : common),
    )
    .execute();
}
