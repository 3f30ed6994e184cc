/**
 * When a failed write is tried again: exponential backoff from `baseMs`, capped at `maxMs`, for at most
 * `maxAttempts` attempts in all (then the row is `failed` and waits for someone to requeue it).
 *
 *   nextAttemptDelay(1, DEFAULT_BACKOFF)  // 30 000 ms after the first failure
 *   nextAttemptDelay(3, DEFAULT_BACKOFF)  // 120 000 ms
 */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  maxAttempts: number;
}

/** 30 s, 1 min, 2 min, … capped at 6 h; 20 attempts span about 3 days of outage. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 30_000, maxMs: 6 * 3600_000, maxAttempts: 20 };

/** Delay before the next attempt after `attempts` failed ones, or null when no attempt is left. */
export function nextAttemptDelay(attempts: number, policy: BackoffPolicy): number | null {
  if (attempts >= policy.maxAttempts) return null;
  return Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
}
