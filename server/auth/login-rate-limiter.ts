/**
 * Counts failed logins per (IP, email) and per IP in a sliding window, in memory.
 * Defaults: 5 failures per IP+email, or 100 per IP (password spraying), within 15 minutes → blocked until the
 * oldest failure leaves the window. A success clears the IP+email counter.
 *
 * Example:
 *   const limiter = new LoginRateLimiter();
 *   if (limiter.retryAfterMs(ip, email, now) > 0) refuse(429);
 *   limiter.recordFailure(ip, email, now);
 */

export interface LoginRateLimitOptions {
  maxFailuresPerAccount: number;
  maxFailuresPerIp: number;
  windowMs: number;
  /** Bound on tracked keys, so a flood of random emails cannot exhaust memory. */
  maxKeys: number;
}

const DEFAULTS: LoginRateLimitOptions = {
  maxFailuresPerAccount: 5,
  maxFailuresPerIp: 100,
  windowMs: 15 * 60 * 1000,
  maxKeys: 50_000,
};

export class LoginRateLimiter {
  private readonly options: LoginRateLimitOptions;
  private readonly failures = new Map<string, number[]>();

  constructor(options: Partial<LoginRateLimitOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** Milliseconds until another attempt is allowed; 0 when allowed now. */
  retryAfterMs(ip: string, email: string, now: number): number {
    const account = this.waitFor(accountKey(ip, email), this.options.maxFailuresPerAccount, now);
    const perIp = this.waitFor(ipKey(ip), this.options.maxFailuresPerIp, now);
    return Math.max(account, perIp);
  }

  recordFailure(ip: string, email: string, now: number): void {
    this.push(accountKey(ip, email), now);
    this.push(ipKey(ip), now);
  }

  recordSuccess(ip: string, email: string): void {
    this.failures.delete(accountKey(ip, email));
  }

  private waitFor(key: string, max: number, now: number): number {
    const times = this.recent(key, now);
    if (times.length < max) return 0;
    return times[times.length - max] + this.options.windowMs - now;
  }

  private recent(key: string, now: number): number[] {
    const times = this.failures.get(key);
    if (!times) return [];
    const kept = times.filter((t) => t > now - this.options.windowMs);
    if (kept.length === 0) this.failures.delete(key);
    else if (kept.length !== times.length) this.failures.set(key, kept);
    return kept;
  }

  private push(key: string, now: number): void {
    const times = this.recent(key, now);
    times.push(now);
    this.failures.delete(key); // re-insert: Map iteration order becomes least-recently-failed first
    this.failures.set(key, times.slice(-Math.max(this.options.maxFailuresPerIp, this.options.maxFailuresPerAccount)));
    while (this.failures.size > this.options.maxKeys) {
      const oldest = this.failures.keys().next().value;
      if (oldest === undefined) break;
      this.failures.delete(oldest);
    }
  }
}

function accountKey(ip: string, email: string): string {
  return `a|${ip}|${email.trim().toLowerCase()}`;
}

function ipKey(ip: string): string {
  return `i|${ip}`;
}
