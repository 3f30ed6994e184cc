/**
 * Offline language understanding (server/nlp): classifiers, their intents and example sentences, and the
 * immutable trained versions with their evaluation. Types: server/nlp/schema.ts. Portable (Kysely schema
 * builder only). `classifiers.active_version_id` has no foreign key because the two tables point at each
 * other; server/nlp/store.ts only ever sets it to a version of the same classifier.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  const s = db.schema;
  await s.createTable('classifiers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('uuid', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('languages', 'text', (c) => c.notNull())
    .addColumn('threshold', 'double precision', (c) => c.notNull())
    .addColumn('active_version_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('classifiers_workspace_uuid_unique', ['workspace_id', 'uuid'])
    .execute();

  await s.createTable('classifier_intents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('classifier_id', 'text', (c) => c.notNull().references('classifiers.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('classifier_intents_classifier_name_unique', ['classifier_id', 'name'])
    .execute();

  await s.createTable('classifier_examples')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('intent_id', 'text', (c) => c.notNull().references('classifier_intents.id').onDelete('cascade'))
    .addColumn('classifier_id', 'text', (c) => c.notNull().references('classifiers.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('classifier_examples_intent_language_text_unique', ['intent_id', 'language', 'text'])
    .execute();
  await s.createIndex('classifier_examples_classifier_idx').on('classifier_examples').column('classifier_id').execute();

  await s.createTable('classifier_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('classifier_id', 'text', (c) => c.notNull().references('classifiers.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('metrics', 'text', (c) => c.notNull())
    .addColumn('languages', 'text', (c) => c.notNull())
    .addColumn('example_count', 'integer', (c) => c.notNull())
    .addColumn('trained_at', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addUniqueConstraint('classifier_versions_classifier_version_unique', ['classifier_id', 'version'])
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ['classifier_versions', 'classifier_examples', 'classifier_intents', 'classifiers']) await db.schema.dropTable(table).ifExists().execute();
}
