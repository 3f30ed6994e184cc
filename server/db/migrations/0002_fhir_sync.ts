/**
 * State of the FHIR registry/patient sync (server/fhir/sync.ts), kept out of the core tables:
 * - fhir_sync_state: one row per (connection, scope) with the `_lastUpdated` cursor and the last run's outcome;
 * - fhir_synced_records: which contact each FHIR resource became, with a fingerprint of what was written
 *   (so an unchanged resource is not counted as updated);
 * - fhir_synced_groups: the groups the sync owns (one per cadre/region/district/facility, and "Patients"),
 *   so membership changes never touch groups people made by hand.
 * Types: server/fhir/sync-schema.ts. Portable (Kysely schema builder only).
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  const s = db.schema;
  await s.createTable('fhir_sync_state')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('connection_id', 'text', (c) => c.notNull().references('fhir_connections.id').onDelete('cascade'))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('cursor', 'text')
    .addColumn('last_started_at', 'text')
    .addColumn('last_finished_at', 'text')
    .addColumn('last_status', 'text')
    .addColumn('last_summary', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addUniqueConstraint('fhir_sync_state_connection_scope_unique', ['connection_id', 'scope'])
    .execute();

  await s.createTable('fhir_synced_records')
    .addColumn('connection_id', 'text', (c) => c.notNull().references('fhir_connections.id').onDelete('cascade'))
    .addColumn('fhir_ref', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('synced_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('fhir_synced_records_pk', ['connection_id', 'fhir_ref'])
    .execute();
  await s.createIndex('fhir_synced_records_contact_idx').on('fhir_synced_records').column('contact_id').execute();

  await s.createTable('fhir_synced_groups')
    .addColumn('connection_id', 'text', (c) => c.notNull().references('fhir_connections.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('fhir_synced_groups_pk', ['connection_id', 'kind', 'key'])
    .execute();
  await s.createIndex('fhir_synced_groups_group_idx').on('fhir_synced_groups').column('group_id').execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ['fhir_synced_groups', 'fhir_synced_records', 'fhir_sync_state']) await db.schema.dropTable(table).ifExists().execute();
}
