/**
 * FHIR connection schedules and health, sync runs with progress and skipped-record reports, and the
 * watchers (lab results, appointment reminders, communications export) with the items they handled.
 * Types: server/db/schema-fhir-watch.ts. Portable (Kysely schema builder only).
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  const s = db.schema;
  await s.createTable('fhir_connection_settings')
    .addColumn('connection_id', 'text', (c) => c.primaryKey().references('fhir_connections.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('sync_interval_minutes', 'integer')
    .addColumn('sync_registry', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('sync_patients', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('default_country', 'text')
    .addColumn('next_sync_at', 'text')
    .addColumn('health', 'text')
    .addColumn('health_error', 'text')
    .addColumn('health_checked_at', 'text')
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('retry_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await s.createTable('fhir_sync_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('connection_id', 'text', (c) => c.notNull().references('fhir_connections.id').onDelete('cascade'))
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('percent', 'integer', (c) => c.notNull())
    .addColumn('counts', 'text', (c) => c.notNull())
    .addColumn('skipped', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await s.createIndex('fhir_sync_runs_connection_idx').on('fhir_sync_runs').columns(['connection_id', 'started_at']).execute();
  // One running sync per connection, even when two processes start one at the same instant.
  await s.createIndex('fhir_sync_runs_one_running_idx').unique().on('fhir_sync_runs').column('connection_id').where(sql.ref('status'), '=', 'running').execute();

  await s.createTable('fhir_watchers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('connection_id', 'text', (c) => c.notNull().references('fhir_connections.id').onDelete('cascade'))
    .addColumn('flow_id', 'text')
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('poll_minutes', 'integer', (c) => c.notNull())
    .addColumn('settings', 'text', (c) => c.notNull())
    .addColumn('cursor', 'text')
    .addColumn('next_run_at', 'text')
    .addColumn('last_run_at', 'text')
    .addColumn('last_status', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_summary', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('fhir_watchers_workspace_kind_unique', ['workspace_id', 'kind'])
    .execute();

  await s.createTable('fhir_watch_items')
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('item_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('group_key', 'text')
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('flow_start_id', 'text')
    .addColumn('queue_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('fhir_watch_items_pk', ['workspace_id', 'kind', 'item_key'])
    .execute();
  await s.createIndex('fhir_watch_items_status_idx').on('fhir_watch_items').columns(['workspace_id', 'kind', 'status']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ['fhir_watch_items', 'fhir_watchers', 'fhir_sync_runs', 'fhir_connection_settings']) await db.schema.dropTable(table).ifExists().execute();
}
