/**
 * Refresher courses (server/courses): the course a trainer edits, the groups enrolled in it, and the reminders
 * sent to health workers who are behind. Types: server/db/schema-courses.ts. Portable (Kysely schema builder
 * only). A course's compiled flow is an ordinary flow (`flow_id`), created on first publish.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  const s = db.schema;
  await s.createTable('courses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('languages', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('flow_id', 'text', (c) => c.references('flows.id').onDelete('set null'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('published_version', 'integer')
    .addColumn('auto_remind', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('reminder_after_days', 'integer', (c) => c.notNull())
    .addColumn('last_auto_reminder_at', 'text')
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('courses_workspace_idx').on('courses').columns(['workspace_id', 'updated_at']).execute();

  await s.createTable('course_enrolments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('flow_start_id', 'text', (c) => c.references('flow_starts.id').onDelete('set null'))
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('course_enrolments_course_idx').on('course_enrolments').column('course_id').execute();

  await s.createTable('course_reminders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id').onDelete('cascade'))
    .addColumn('broadcast_id', 'text', (c) => c.references('broadcasts.id').onDelete('set null'))
    .addColumn('recipients', 'integer', (c) => c.notNull())
    .addColumn('automatic', 'integer', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await s.createIndex('course_reminders_course_idx').on('course_reminders').columns(['course_id', 'created_at']).execute();
}

export async function down(db: AnyDb): Promise<void> {
  for (const table of ['course_reminders', 'course_enrolments', 'courses']) await db.schema.dropTable(table).ifExists().execute();
}
