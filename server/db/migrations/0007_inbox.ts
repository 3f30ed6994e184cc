/**
 * The inbox (server/inbox): labels, labels on messages, archived messages. Types: server/db/schema-inbox.ts.
 * Portable (Kysely schema builder only).
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  const s = db.schema;
  await s.createTable('inbox_labels')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('uuid', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('inbox_labels_workspace_name_unique', ['workspace_id', 'name'])
    .addUniqueConstraint('inbox_labels_workspace_uuid_unique', ['workspace_id', 'uuid'])
    .execute();
  await s.createTable('inbox_message_labels')
    .addColumn('message_id', 'text', (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('label_id', 'text', (c) => c.notNull().references('inbox_labels.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('inbox_message_labels_pk', ['message_id', 'label_id'])
    .execute();
  await s.createIndex('inbox_message_labels_label_idx').on('inbox_message_labels').column('label_id').execute();
  await s.createTable('inbox_archived')
    .addColumn('message_id', 'text', (c) => c.primaryKey().references('messages.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('archived_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('archived_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ['inbox_archived', 'inbox_message_labels', 'inbox_labels']) await db.schema.dropTable(table).ifExists().execute();
}
