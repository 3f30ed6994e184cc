/**
 * The segment bucket and the outbox's rate limit on PostgreSQL: the same SQL as on SQLite, concurrent takes
 * from two connection pools never over-grant, and two outbox runtimes (two pools) on one database share one
 * limit. Skipped with a clear message when PostgreSQL is not installed (test/postgres/pg-cluster.ts).
 */
import { describe, expect, it } from 'vitest';
import { OutboxSender } from '../../server/jobs/outbox-sender.js';
import { bucketCapacity, forgetBuckets, takeSegments } from '../../server/channels/rate-limit/segment-bucket.js';
import { postgresForThisFile } from '../postgres/pg-test-env.js';
import { createLimiterEnv } from './limiter-harness.js';

const pg = postgresForThisFile();

if (pg) {
  describe('segment bucket on PostgreSQL', () => {
    it('grants at most the budget to concurrent takes from two pools', async () => {
      const fresh = await pg.openFresh({ migrate: true });
      const env = await createLimiterEnv({ rate: 10, postgresUrl: fresh.url });
      try {
        forgetBuckets();
        const [a, b] = [await env.runtime(), await env.runtime()];
        const t0 = 1_800_000_000_000;
        const takes = Array.from({ length: 30 }, (_, i) => takeSegments((i % 2 ? a : b).db, { channelId: env.channelId, ratePerSecond: 10, want: 1, kind: 'bulk', nowMs: t0 }));
        const grants = await Promise.all(takes);
        expect(grants.filter((g) => g > 0)).toHaveLength(10);
        expect(await takeSegments(a.db, { channelId: env.channelId, ratePerSecond: 10, want: 3, kind: 'reply', nowMs: t0 })).toBe(3);
        expect(await takeSegments(b.db, { channelId: env.channelId, ratePerSecond: 10, want: 5, kind: 'bulk', nowMs: t0 + 500 })).toBeCloseTo(2, 6);
      } finally {
        await env.close();
        await fresh.dispose();
      }
    }, 30_000);

    it('holds one limit across two outbox runtimes, each with its own pool', async () => {
      const fresh = await pg.openFresh({ migrate: true });
      const env = await createLimiterEnv({ rate: 20, postgresUrl: fresh.url });
      try {
        await env.queue(60, { priority: 0 });
        const senders = [new OutboxSender(await env.runtime(), { pollMs: 20 }), new OutboxSender(await env.runtime(), { pollMs: 20 })];
        const started = Date.now();
        for (const s of senders) s.start();
        try {
          await env.waitForSends(60, 20_000);
        } finally {
          await Promise.all(senders.map((s) => s.stop()));
        }
        const times = env.sends.map((s) => s.at).sort((x, y) => x - y);
        const afterBurst = times.slice(bucketCapacity(20) - 1);
        const rate = (afterBurst.length - 1) / ((afterBurst.at(-1)! - afterBurst[0]!) / 1000);
        expect((Date.now() - started) / 1000).toBeGreaterThan(1.9);
        expect(rate).toBeLessThan(20 * 1.1);
        expect(rate).toBeGreaterThan(20 * 0.8);
        expect(new Set(env.sends.map((s) => s.uuid)).size).toBe(60);
        expect(env.sends.filter((s) => s.by === 1).length).toBeGreaterThan(5);
        expect(env.sends.filter((s) => s.by === 2).length).toBeGreaterThan(5);
      } finally {
        await env.close();
        await fresh.dispose();
      }
    }, 40_000);
  });
}
