/**
 * Initial schema: every table of ./../schema.ts, with the indexes the messaging loop and the API need.
 * Written with Kysely's schema builder only (no SQLite-specific SQL) so it also runs on PostgreSQL.
 * Column types: text ids, text JSON, text ISO timestamps, integer 0/1 booleans, double precision for the one
 * fractional number. Tested on both engines by test/postgres/migrations.test.ts.
 */
import type { CreateTableBuilder, Kysely } from 'kysely';

// Migrations must not depend on the evolving Database type, hence `Kysely<any>`.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

/** `id` (text primary key) then `workspace_id` (deleted with its workspace): the first two columns of every workspace-owned table. */
function workspaceRowKeys<T extends string, C extends string>(table: CreateTableBuilder<T, C>) {
  return table
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'));
}

/** The progress and audit columns shared by the two bulk-send tables, `flow_starts` and `broadcasts`. */
function bulkJobProgressColumns<T extends string, C extends string>(table: CreateTableBuilder<T, C>) {
  return table
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('schedule_id', 'text')
    .addColumn('totals', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull());
}

export async function up(db: AnyDb): Promise<void> {
  const s = db.schema;

  await s.createTable('workspaces')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('default_country', 'text')
    .addColumn('languages', 'text', (c) => c.notNull())
    .addColumn('quiet_hours', 'text')
    .addColumn('opt_out_words', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await s.createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await s.createTable('memberships')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('memberships_user_workspace_unique', ['user_id', 'workspace_id'])
    .execute();
  await s.createIndex('memberships_workspace_idx').on('memberships').column('workspace_id').execute();

  await s.createTable('login_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await s.createIndex('login_sessions_user_idx').on('login_sessions').column('user_id').execute();
  await s.createIndex('login_sessions_expires_idx').on('login_sessions').column('expires_at').execute();

  await s.createTable('api_tokens')
    .$call(workspaceRowKeys)
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await s.createIndex('api_tokens_workspace_idx').on('api_tokens').column('workspace_id').execute();

  await s.createTable('flows')
    .$call(workspaceRowKeys)
    .addColumn('uuid', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('flows_workspace_uuid_unique', ['workspace_id', 'uuid'])
    .execute();
  await s.createIndex('flows_workspace_name_idx').on('flows').columns(['workspace_id', 'name']).execute();

  await s.createTable('flow_revisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('flow_id', 'text', (c) => c.notNull().references('flows.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('definition', 'text', (c) => c.notNull())
    .addColumn('spec_version', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addUniqueConstraint('flow_revisions_flow_revision_unique', ['flow_id', 'revision'])
    .execute();
  await s.createIndex('flow_revisions_flow_status_idx').on('flow_revisions').columns(['flow_id', 'status', 'revision']).execute();

  await s.createTable('contacts')
    .$call(workspaceRowKeys)
    .addColumn('uuid', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('language', 'text')
    .addColumn('timezone', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('fields', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text')
    .addColumn('fhir_ref', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('contacts_workspace_uuid_unique', ['workspace_id', 'uuid'])
    .execute();
  await s.createIndex('contacts_workspace_name_idx').on('contacts').columns(['workspace_id', 'name']).execute();
  await s.createIndex('contacts_workspace_fhir_ref_idx').on('contacts').columns(['workspace_id', 'fhir_ref']).execute();

  await s.createTable('channels')
    .$call(workspaceRowKeys)
    .addColumn('uuid', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('schemes', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    // 'double precision' (8 bytes) on both engines: PostgreSQL's 'real' is a 4-byte float.
    .addColumn('rate_limit_segments_per_s', 'double precision', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('channels_workspace_idx').on('channels').column('workspace_id').execute();

  await s.createTable('contact_urns')
    .$call(workspaceRowKeys)
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('scheme', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('identity', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('channel_id', 'text', (c) => c.references('channels.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('contact_urns_workspace_identity_unique', ['workspace_id', 'identity'])
    .execute();
  await s.createIndex('contact_urns_identity_idx').on('contact_urns').column('identity').execute();
  await s.createIndex('contact_urns_contact_idx').on('contact_urns').columns(['contact_id', 'priority']).execute();

  await s.createTable('groups')
    .$call(workspaceRowKeys)
    .addColumn('uuid', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('query', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('groups_workspace_uuid_unique', ['workspace_id', 'uuid'])
    .execute();

  await s.createTable('group_members')
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_members_pk', ['group_id', 'contact_id'])
    .execute();
  await s.createIndex('group_members_contact_idx').on('group_members').column('contact_id').execute();

  await s.createTable('flow_starts')
    .$call(workspaceRowKeys)
    .addColumn('flow_id', 'text', (c) => c.notNull().references('flows.id').onDelete('cascade'))
    .addColumn('targets', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .$call(bulkJobProgressColumns)
    .execute();
  await s.createIndex('flow_starts_status_idx').on('flow_starts').columns(['status', 'created_at']).execute();

  await s.createTable('broadcasts')
    .$call(workspaceRowKeys)
    .addColumn('translations', 'text', (c) => c.notNull())
    .addColumn('base_language', 'text', (c) => c.notNull())
    .addColumn('targets', 'text', (c) => c.notNull())
    .$call(bulkJobProgressColumns)
    .execute();
  await s.createIndex('broadcasts_status_idx').on('broadcasts').columns(['status', 'created_at']).execute();

  await s.createTable('sessions')
    .$call(workspaceRowKeys)
    .addColumn('uuid', 'text', (c) => c.notNull().unique())
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('current_flow_id', 'text', (c) => c.references('flows.id').onDelete('set null'))
    .addColumn('simulated', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .execute();
  await s.createIndex('sessions_contact_status_idx').on('sessions').columns(['contact_id', 'status']).execute();

  await s.createTable('runs')
    .$call(workspaceRowKeys)
    .addColumn('uuid', 'text', (c) => c.notNull().unique())
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('flow_id', 'text', (c) => c.notNull().references('flows.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('results', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('exited_at', 'text')
    .execute();
  await s.createIndex('runs_session_idx').on('runs').column('session_id').execute();
  await s.createIndex('runs_flow_created_idx').on('runs').columns(['flow_id', 'created_at']).execute();
  await s.createIndex('runs_contact_idx').on('runs').columns(['contact_id', 'status']).execute();

  await s.createTable('run_results')
    .$call(workspaceRowKeys)
    .addColumn('run_id', 'text', (c) => c.notNull().references('runs.id').onDelete('cascade'))
    .addColumn('flow_id', 'text', (c) => c.notNull().references('flows.id').onDelete('cascade'))
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('input', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('run_results_flow_key_idx').on('run_results').columns(['flow_id', 'key', 'created_at']).execute();
  await s.createIndex('run_results_run_idx').on('run_results').column('run_id').execute();

  await s.createTable('messages')
    .$call(workspaceRowKeys)
    .addColumn('uuid', 'text', (c) => c.notNull().unique())
    .addColumn('contact_id', 'text', (c) => c.notNull().references('contacts.id').onDelete('cascade'))
    .addColumn('contact_urn_id', 'text', (c) => c.references('contact_urns.id').onDelete('set null'))
    .addColumn('channel_id', 'text', (c) => c.references('channels.id').onDelete('set null'))
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('attachments', 'text', (c) => c.notNull())
    .addColumn('quick_replies', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('provider_id', 'text')
    .addColumn('external_id', 'text')
    .addColumn('session_id', 'text', (c) => c.references('sessions.id').onDelete('set null'))
    .addColumn('broadcast_id', 'text', (c) => c.references('broadcasts.id').onDelete('set null'))
    .addColumn('flow_start_id', 'text', (c) => c.references('flow_starts.id').onDelete('set null'))
    .addColumn('priority', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('segments', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('error', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('delivered_at', 'text')
    // NULL external_ids are distinct in both SQLite and PostgreSQL, so outbound rows never collide.
    .addUniqueConstraint('messages_channel_external_unique', ['channel_id', 'external_id'])
    .execute();
  await s.createIndex('messages_outbox_idx').on('messages').columns(['status', 'priority', 'next_attempt_at']).execute();
  await s.createIndex('messages_contact_created_idx').on('messages').columns(['contact_id', 'created_at']).execute();
  await s.createIndex('messages_channel_provider_idx').on('messages').columns(['channel_id', 'provider_id']).execute();
  await s.createIndex('messages_broadcast_idx').on('messages').column('broadcast_id').execute();
  await s.createIndex('messages_workspace_created_idx').on('messages').columns(['workspace_id', 'created_at']).execute();

  await s.createTable('schedules')
    .$call(workspaceRowKeys)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('next_fire_at', 'text')
    .addColumn('repeat', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('schedules_next_fire_idx').on('schedules').columns(['active', 'next_fire_at']).execute();

  await s.createTable('timers')
    .$call(workspaceRowKeys)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text', (c) => c.references('sessions.id').onDelete('cascade'))
    .addColumn('schedule_id', 'text', (c) => c.references('schedules.id').onDelete('cascade'))
    .addColumn('fire_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('timers_due_idx').on('timers').columns(['status', 'fire_at']).execute();
  await s.createIndex('timers_fire_status_idx').on('timers').columns(['fire_at', 'status']).execute();
  await s.createIndex('timers_session_idx').on('timers').columns(['session_id', 'status']).execute();

  await s.createTable('triggers')
    .$call(workspaceRowKeys)
    .addColumn('keyword', 'text', (c) => c.notNull())
    .addColumn('match_type', 'text', (c) => c.notNull())
    .addColumn('flow_id', 'text', (c) => c.notNull().references('flows.id').onDelete('cascade'))
    .addColumn('channel_id', 'text', (c) => c.references('channels.id').onDelete('cascade'))
    .addColumn('archived', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('triggers_workspace_keyword_idx').on('triggers').columns(['workspace_id', 'keyword']).execute();

  await s.createTable('fhir_connections')
    .$call(workspaceRowKeys)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('base_url', 'text', (c) => c.notNull())
    .addColumn('auth', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await s.createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // No foreign keys: the audit trail must outlive the users and workspaces it mentions.
    .addColumn('workspace_id', 'text')
    .addColumn('user_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('audit_log_workspace_created_idx').on('audit_log').columns(['workspace_id', 'created_at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  const tables = [
    'audit_log', 'fhir_connections', 'triggers', 'timers', 'schedules', 'messages', 'run_results', 'runs',
    'sessions', 'broadcasts', 'flow_starts', 'group_members', 'groups', 'contact_urns', 'channels', 'contacts',
    'flow_revisions', 'flows', 'api_tokens', 'login_sessions', 'memberships', 'users', 'workspaces',
  ];
  for (const table of tables) await db.schema.dropTable(table).ifExists().execute();
}
