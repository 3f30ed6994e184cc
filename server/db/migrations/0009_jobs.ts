/**
 * Which process claimed an outgoing message, and which processes are alive. Crash recovery of the outbox
 * ("sending" rows left by a dead process) must never touch a row a live process is still sending, however
 * long that send takes: `messages.claimed_by` names the claiming process and `worker_heartbeats` holds the
 * last sign of life of each process (server/jobs/worker-heartbeat.ts). Portable (schema builder only).
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('messages').addColumn('claimed_by', 'text').execute();
  await db.schema.createTable('worker_heartbeats')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('heartbeat_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('worker_heartbeats').execute();
  await db.schema.alterTable('messages').dropColumn('claimed_by').execute();
}
