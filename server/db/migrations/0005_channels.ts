/**
 * Channels: one token bucket per channel for the outbox's send rate (counted in SMS segments), shared by
 * every server process on the same database. Types: server/db/schema-channels.ts; the bucket arithmetic is
 * in server/channels/rate-limit/segment-bucket.ts. Portable (Kysely schema builder only).
 * `channel_id` has no foreign key: a bucket of a deleted channel is harmless and keeps deletes simple.
 */
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.createTable('channel_rate_buckets')
    .addColumn('channel_id', 'text', (c) => c.primaryKey())
    // 'double precision' on both engines (PostgreSQL's 'real' is 4 bytes): fractions of a segment accumulate.
    .addColumn('tokens', 'double precision', (c) => c.notNull())
    .addColumn('refilled_at_ms', 'double precision', (c) => c.notNull())
    .addColumn('last_grant', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.dropTable('channel_rate_buckets').ifExists().execute();
}
