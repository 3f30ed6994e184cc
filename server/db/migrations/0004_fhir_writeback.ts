/**
 * The FHIR write-back queue (server/fhir/writeback): every resource Kiunga writes to a FHIR server is
 * recorded here first, then sent; a write the server did not take (unreachable, 5xx, 429) stays `pending`
 * and is retried with backoff, so answers are never lost and failures are visible.
 * Types: server/fhir/writeback/queue-schema.ts. Portable (Kysely schema builder only).
 * `connection_id` has no foreign key on purpose: deleting a connection must not silently drop queued writes.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.createTable('fhir_writeback_queue')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('connection_id', 'text', (c) => c.notNull())
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull())
    .addColumn('if_none_exist', 'text')
    .addColumn('source', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('result_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('written_at', 'text')
    .execute();
  await db.schema.createIndex('fhir_writeback_queue_due_idx').on('fhir_writeback_queue').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('fhir_writeback_queue_workspace_idx').on('fhir_writeback_queue').columns(['workspace_id', 'status', 'created_at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('fhir_writeback_queue').ifExists().execute();
}
