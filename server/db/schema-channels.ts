/**
 * Kysely types of the channels area's tables (migration 0005_channels).
 */

/**
 * The send budget of one channel, in SMS segments, shared by every process on the database.
 * Example: `{ channel_id: "0193…", tokens: 7.5, refilled_at_ms: 1764081960000, last_grant: 2, updated_at: "2026-11-25T14:46:00.000Z" }`.
 */
export interface ChannelRateBucketsTable {
  channel_id: string;
  /** Segments that may leave now; negative while replies pay back what they borrowed. */
  tokens: number;
  /** Epoch milliseconds up to which the refill has been added to `tokens`. */
  refilled_at_ms: number;
  /** What the latest take granted (read back by the same statement's RETURNING). */
  last_grant: number;
  updated_at: string;
}
