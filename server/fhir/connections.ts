import type { Kysely } from 'kysely';
import { isoNow, newId } from '../db/ids.js';
import type { Database, FhirConnectionsTable } from '../db/schema.js';
import { parseFhirAuth } from './auth.js';
import { FhirClient, type FhirClientOptions } from './client.js';

/**
 * Finds the workspace's FHIR connection for `baseUrl`, creating one (no auth, named after the host) when
 * there is none; used by the CLI and by `syncRegistry` when it is given only a client.
 *
 * Example: `await findOrCreateConnection(db, ws.id, 'http://127.0.0.1:8090/fhir')` → `{ id: '019a…', name: '127.0.0.1:8090', … }`.
 */
export async function findOrCreateConnection(db: Kysely<Database>, workspaceId: string, baseUrl: string): Promise<FhirConnectionsTable> {
  const normalized = baseUrl.replace(/\/+$/, '');
  const existing = await db
    .selectFrom('fhir_connections')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('base_url', 'in', [normalized, `${normalized}/`])
    .orderBy('created_at')
    .executeTakeFirst();
  if (existing) return existing;
  const now = isoNow();
  const row: FhirConnectionsTable = {
    id: newId(),
    workspace_id: workspaceId,
    name: new URL(normalized).host,
    base_url: normalized,
    auth: JSON.stringify({ type: 'none' }),
    created_at: now,
    updated_at: now,
  };
  await db.insertInto('fhir_connections').values(row).execute();
  return row;
}

/** Loads a connection, checking it belongs to the workspace. */
export async function loadConnection(db: Kysely<Database>, workspaceId: string, connectionId: string): Promise<FhirConnectionsTable> {
  const row = await db.selectFrom('fhir_connections').selectAll().where('id', '=', connectionId).where('workspace_id', '=', workspaceId).executeTakeFirst();
  if (!row) throw new Error(`FHIR connection ${connectionId} not found in workspace ${workspaceId}`);
  return row;
}

/** A client for a stored connection (its auth JSON parsed and validated). */
export function clientForConnection(row: FhirConnectionsTable, options: Omit<FhirClientOptions, 'baseUrl' | 'auth'> = {}): FhirClient {
  return new FhirClient({ ...options, baseUrl: row.base_url, auth: parseFhirAuth(row.auth) });
}
