import type { Kysely } from 'kysely';
import type { Database, IsoTime, JsonText } from '../db/schema.js';

/**
 * Sync progress per (connection, scope). scope: "registry" (Practitioner/Role/Location/Organization) or
 * "patients". `cursor` is the highest `meta.lastUpdated` seen, sent back as `_lastUpdated=ge<cursor>`.
 *
 * Example: `{ scope: 'registry', cursor: '2026-11-25T14:46:00.123Z', last_status: 'ok', last_summary: '{"created":45,…}' }`.
 */
export interface FhirSyncStateTable {
  id: string;
  workspace_id: string;
  connection_id: string;
  scope: SyncScope;
  cursor: IsoTime | null;
  last_started_at: IsoTime | null;
  last_finished_at: IsoTime | null;
  /** "ok" | "failed" */
  last_status: string | null;
  /** JSON of the last SyncResult counts. */
  last_summary: JsonText;
  last_error: string | null;
}

/** Which contact a FHIR resource became. Example: `{ fhir_ref: 'Practitioner/P1001', contact_id: '019a…', fingerprint: 'sha256…' }`. */
export interface FhirSyncedRecordsTable {
  connection_id: string;
  fhir_ref: string;
  workspace_id: string;
  contact_id: string;
  /** Hash of the contact data last written; equal hash → nothing to update. */
  fingerprint: string;
  synced_at: IsoTime;
}

/** A group the sync owns. Example: `{ kind: 'cadre', key: 'http://ihris.org/fhir/CodeSystem/ihris-job|2221', group_id: '019a…' }`. */
export interface FhirSyncedGroupsTable {
  connection_id: string;
  kind: SyncedGroupKind;
  key: string;
  workspace_id: string;
  group_id: string;
}

export type SyncScope = 'registry' | 'patients';
export type SyncedGroupKind = 'cadre' | 'region' | 'district' | 'facility' | 'patients';

/** The core database plus the sync's own tables (migration 0002_fhir_sync). */
export interface SyncDatabase extends Database {
  fhir_sync_state: FhirSyncStateTable;
  fhir_synced_records: FhirSyncedRecordsTable;
  fhir_synced_groups: FhirSyncedGroupsTable;
}

/** The sync only needs a Kysely over a database that has its tables; a plain `Kysely<Database>` is widened. */
export function asSyncDb(db: Kysely<Database>): Kysely<SyncDatabase> {
  return db as unknown as Kysely<SyncDatabase>;
}
