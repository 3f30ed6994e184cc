import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { clientForConnection, loadConnection } from './connections.js';
import { syncPatients, syncRegistry, type SyncResult } from './sync.js';

/**
 * What to sync from a stored connection. Example: `{ db, workspaceId, connectionId, registry: true, patients: false }`.
 */
export interface ConnectionSyncOptions {
  db: Kysely<Database>;
  workspaceId: string;
  connectionId: string;
  registry?: boolean;
  patients?: boolean;
  full?: boolean;
  defaultCountry?: string;
}

/**
 * Runs the syncs of one stored `fhir_connections` row with its own auth; the entry point for the API and
 * scheduled jobs. Each scope is its own transaction: a failed patients sync leaves a finished registry sync in place.
 *
 * Example: `const { registry } = await runConnectionSync({ db, workspaceId, connectionId, registry: true });`
 */
export async function runConnectionSync(options: ConnectionSyncOptions): Promise<{ registry?: SyncResult; patients?: SyncResult }> {
  const connection = await loadConnection(options.db, options.workspaceId, options.connectionId);
  const client = clientForConnection(connection);
  const common = { client, db: options.db, workspaceId: options.workspaceId, connectionId: connection.id, full: options.full, defaultCountry: options.defaultCountry };
  const out: { registry?: SyncResult; patients?: SyncResult } = {};
  if (options.registry ?? true) out.registry = await syncRegistry(common);
  if (options.patients) out.patients = await syncPatients(common);
  return out;
}
