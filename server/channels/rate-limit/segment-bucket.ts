/**
 * A channel's send budget in SMS segments: a token bucket stored in `channel_rate_buckets`, one row per
 * channel, so every server process on the same database draws from the same budget.
 *
 * Each take is ONE atomic `UPDATE … RETURNING` that refills the bucket for the time elapsed since the last
 * refill (at `ratePerSecond`, capped at `capacity`), checks the level and debits the grant. No process reads
 * the level and writes it back later, so concurrent takes from several processes cannot both spend the same
 * segments: PostgreSQL locks the row and re-checks the WHERE clause on the committed row; SQLite has one
 * writer. Numbers are inlined as SQL literals (checked finite), which keeps the statement identical on both
 * engines (no parameter typing inside CASE on PostgreSQL).
 *
 * Two kinds of take:
 *  - `bulk` (broadcasts, flow starts): only when at least one segment is available now; grants up to
 *    `want`, possibly less. Bulk never borrows.
 *  - `reply` (answers in a conversation): always granted in full while the bucket is above `-capacity`, i.e.
 *    a reply may borrow up to one second of budget, which the following bulk sends then pay back. So replies
 *    overtake a running bulk at once, and over any few seconds the channel still sends at its rate.
 *
 * The capacity is one second of sending (at least one segment): a channel idle for a while may send one
 * second's worth at once, never more.
 *
 * Example:
 *   const granted = await takeSegments(db, { channelId, ratePerSecond: 10, want: 30, kind: 'bulk', nowMs: Date.now() });
 *   // → 10 after a pause (full bucket), 0 right after; send messages worth `used` ≤ granted (the first may exceed it),
 *   await returnSegments(db, channelId, granted - used); // then give back the rest (negative = the first message's overrun)
 */
import { first, run, type Db } from '../../messaging/sql.js';

/** Seconds of sending a full bucket holds. */
export const BURST_SECONDS = 1;

/** A take from a channel's bucket. Example: `{ channelId: "0193…", ratePerSecond: 10, want: 4, kind: "reply", nowMs: 1764081960000 }`. */
export interface SegmentTake {
  channelId: string;
  /** The channel's limit (channels.rate_limit_segments_per_s), > 0. */
  ratePerSecond: number;
  /** Segments asked for (the sum of the candidate messages' costs), > 0. */
  want: number;
  kind: 'reply' | 'bulk';
  /** The caller's clock in epoch ms (processes on one database share the machine clock or NTP). */
  nowMs: number;
}

/** Segments a full bucket holds at this rate. Example: `bucketCapacity(10)` → 10, `bucketCapacity(0.2)` → 1. */
export function bucketCapacity(ratePerSecond: number): number {
  return Math.max(1, ratePerSecond * BURST_SECONDS);
}

function literal(name: string, value: number): string {
  if (!Number.isFinite(value)) throw new Error(`segment bucket: ${name} must be a finite number, got ${value}`);
  return `(${String(value)})`;
}

/** Channels whose row is known to exist (in this process). */
const created = new Set<string>();

async function ensureBucket(db: Db, channelId: string, capacity: number, nowMs: number): Promise<void> {
  if (created.has(channelId)) return;
  await run(
    db,
    `INSERT INTO channel_rate_buckets (channel_id, tokens, refilled_at_ms, last_grant, updated_at) VALUES (?, ${literal('capacity', capacity)}, ${literal('nowMs', nowMs)}, 0, ?) ON CONFLICT (channel_id) DO NOTHING`,
    [channelId, new Date(nowMs).toISOString()],
  );
  created.add(channelId);
}

/** Takes segments from the channel's bucket; returns how many were granted (0 = none now). */
export async function takeSegments(db: Db, take: SegmentTake): Promise<number> {
  if (!(take.ratePerSecond > 0)) throw new Error(`segment bucket: ratePerSecond must be > 0 for channel ${take.channelId}`);
  if (!(take.want > 0)) return 0;
  const capacity = bucketCapacity(take.ratePerSecond);
  await ensureBucket(db, take.channelId, capacity, take.nowMs);
  const now = literal('nowMs', take.nowMs);
  const cap = literal('capacity', capacity);
  const want = literal('want', take.want);
  const elapsedMs = `(CASE WHEN ${now} > refilled_at_ms THEN ${now} - refilled_at_ms ELSE 0 END)`;
  const refilled = `(tokens + ${elapsedMs} * ${literal('rate per ms', take.ratePerSecond / 1000)})`;
  const level = `(CASE WHEN ${refilled} > ${cap} THEN ${cap} ELSE ${refilled} END)`;
  const grant = take.kind === 'reply' ? want : `(CASE WHEN ${level} < ${want} THEN ${level} ELSE ${want} END)`;
  const allowed = take.kind === 'reply' ? `${level} > -${cap}` : `${level} >= 1`;
  const row = await first<{ last_grant: number }>(
    db,
    `UPDATE channel_rate_buckets SET tokens = ${level} - ${grant}, last_grant = ${grant},
       refilled_at_ms = CASE WHEN ${now} > refilled_at_ms THEN ${now} ELSE refilled_at_ms END, updated_at = ?
     WHERE channel_id = ? AND ${allowed} RETURNING last_grant`,
    [new Date(take.nowMs).toISOString(), take.channelId],
  );
  if (!row) {
    // Empty bucket, or no row at all (table restored or truncated while running): the next take makes sure
    // the row exists again (an INSERT … DO NOTHING, cheap, and rare since empty channels are skipped a while).
    created.delete(take.channelId);
    return 0;
  }
  return Number(row.last_grant);
}

/** Gives back `amount` segments (a grant not used); a negative amount takes more (a message bigger than its grant). */
export async function returnSegments(db: Db, channelId: string, amount: number, nowMs: number): Promise<void> {
  if (amount === 0) return;
  await run(db, `UPDATE channel_rate_buckets SET tokens = tokens + ${literal('amount', amount)}, updated_at = ? WHERE channel_id = ?`, [new Date(nowMs).toISOString(), channelId]);
}

/** The stored level without refill (for tests and the setup page). Example: `await bucketTokens(db, id)` → 3.5. */
export async function bucketTokens(db: Db, channelId: string): Promise<number | null> {
  const row = await first<{ tokens: number }>(db, 'SELECT tokens FROM channel_rate_buckets WHERE channel_id = ?', [channelId]);
  return row ? Number(row.tokens) : null;
}

/** Forgets which buckets this process has created (tests that recreate databases). */
export function forgetBuckets(): void {
  created.clear();
}
