/**
 * Workspace-level language settings of server/nlp: how forgiving keyword case tests are
 * (`word_matching`: "exact" | "accents_case" | "typos", with `max_typos` edits per word when "typos").
 * One row per workspace, absent = the default ("accents_case", goflow's behaviour).
 * Automatic replies: a message that no flow takes is classified with `auto_reply_classifier_uuid`; when it is
 * understood (not "none") the flow `auto_reply_flow_uuid` starts with it, else it stays in the inbox.
 * Types: server/nlp/schema.ts.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.createTable('nlp_settings')
    .addColumn('workspace_id', 'text', (c) => c.primaryKey().references('workspaces.id').onDelete('cascade'))
    .addColumn('word_matching', 'text', (c) => c.notNull())
    .addColumn('max_typos', 'integer', (c) => c.notNull())
    .addColumn('auto_reply_classifier_uuid', 'text')
    .addColumn('auto_reply_flow_uuid', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('nlp_settings').execute();
}
