/**
 * Per-channel rate limits counted in SMS segments (server/channels/rate-limit/segment-bucket.ts, enforced by
 * server/jobs/outbox-sender.ts): the segment cost of a message, the bucket's arithmetic, replies before
 * bulk, and one limit shared by two runtimes on one SQLite file (two connections, as two processes).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { OutboxSender } from '../../server/jobs/outbox-sender.js';
import { countSegments, sendCost } from '../../server/messaging/segments.js';
import { bucketCapacity, bucketTokens, returnSegments, takeSegments } from '../../server/channels/rate-limit/segment-bucket.js';
import { first } from '../../server/messaging/sql.js';
import { createLimiterEnv, type LimiterEnv } from './limiter-harness.js';

let env: LimiterEnv | null = null;
afterEach(async () => {
  await env?.close();
  env = null;
});

/** Segments per second between the first and the last send, not counting a full bucket spent at the start. */
function steadyRate(times: number[], capacity: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  const afterBurst = sorted.slice(Math.round(capacity) - 1);
  return (afterBurst.length - 1) / ((afterBurst.at(-1)! - afterBurst[0]!) / 1000);
}

describe('segment cost', () => {
  it('counts GSM-7 (160/153, extension characters twice) and UCS-2 (70/67 UTF-16 units)', () => {
    expect(countSegments('Habari')).toBe(1);
    expect(countSegments('a'.repeat(160))).toBe(1);
    expect(countSegments('a'.repeat(161))).toBe(2);
    expect(countSegments('€'.repeat(80))).toBe(1);
    expect(countSegments('€'.repeat(81))).toBe(2);
    expect(countSegments(`${'a'.repeat(152)}€${'a'.repeat(152)}`)).toBe(3); // the escape pair cannot straddle a boundary
    expect(countSegments('é'.repeat(160))).toBe(1); // é is in the GSM alphabet
    expect(countSegments('ŵ'.repeat(70))).toBe(1);
    expect(countSegments('ŵ'.repeat(71))).toBe(2);
    expect(countSegments('😀'.repeat(35))).toBe(1); // 70 UTF-16 units
    expect(countSegments('😀'.repeat(36))).toBe(2);
  });

  it('adds one per attachment; chat URNs cost one per message whatever the length', () => {
    expect(sendCost({ urn: 'tel:+254711000001', segments: 3, attachments: 0 })).toBe(3);
    expect(sendCost({ urn: 'tel:+254711000001', segments: 2, attachments: 1 })).toBe(3);
    expect(sendCost({ urn: 'whatsapp:254711000001', segments: 5, attachments: 0 })).toBe(1);
    expect(sendCost({ urn: 'telegram:77', segments: 1, attachments: 2 })).toBe(3);
  });
});

describe('segment bucket', () => {
  it('grants bulk at most a full bucket, then only what refilled; replies borrow up to one second', async () => {
    env = await createLimiterEnv({ rate: 10 });
    const { db, channelId } = env;
    const t0 = 1_800_000_000_000;
    const take = (kind: 'bulk' | 'reply', want: number, at: number) => takeSegments(db, { channelId, ratePerSecond: 10, want, kind, nowMs: at });
    expect(bucketCapacity(10)).toBe(10);
    expect(await take('bulk', 25, t0)).toBe(10); // a new bucket starts full
    expect(await take('bulk', 5, t0)).toBe(0);
    expect(await take('bulk', 5, t0 + 300)).toBeCloseTo(3, 6); // 300 ms at 10/s
    expect(await take('bulk', 5, t0 + 300)).toBe(0);
    // A reply is granted in full while the bucket is above -capacity, putting it in debt…
    expect(await take('reply', 4, t0 + 300)).toBe(4);
    expect(await bucketTokens(db, channelId)).toBeCloseTo(-4, 6);
    // …which bulk pays back: 0.5 s later the level is +1 again, not +5.
    expect(await take('bulk', 5, t0 + 700)).toBe(0);
    expect(await take('bulk', 5, t0 + 800)).toBeCloseTo(1, 6);
    // Replies stop borrowing at -capacity.
    expect(await take('reply', 10, t0 + 800)).toBe(10);
    expect(await take('reply', 1, t0 + 800)).toBe(0);
    // Unused grants go back; a clock that steps backwards adds nothing.
    await returnSegments(db, channelId, 3, t0 + 800);
    expect(await bucketTokens(db, channelId)).toBeCloseTo(-7, 6);
    expect(await take('reply', 1, t0 - 60_000)).toBe(1);
    expect(await bucketTokens(db, channelId)).toBeCloseTo(-8, 6);
  });

  it('never grants more than the refill under concurrent takes', async () => {
    env = await createLimiterEnv({ rate: 10 });
    const { db, channelId } = env;
    const t0 = 1_800_000_000_000;
    const grants = await Promise.all(Array.from({ length: 40 }, (_, i) => takeSegments(db, { channelId, ratePerSecond: 10, want: 1, kind: 'bulk', nowMs: t0 + (i % 4) })));
    expect(grants.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(10 + 0.004 * 10);
    expect(grants.filter((g) => g > 0).length).toBe(10);
  });
});

describe('outbox with a rate-limited channel', () => {
  it('sends bulk at the channel rate, counting segments, and sends a reply queued mid-bulk next', async () => {
    env = await createLimiterEnv({ rate: 20 });
    const twoSegments = 'a'.repeat(200); // GSM-7, 2 segments
    const bulk = await env.queue(30, { priority: 0, text: twoSegments });
    const rt = await env.runtime();
    const sender = new OutboxSender(rt, { pollMs: 20 });
    sender.start();
    try {
      await env.waitForSends(15);
      const replyQueuedAt = Date.now();
      const [reply] = await env.queue(1, { priority: 1, text: 'Asante! Jibu lako limepokelewa.' });
      sender.poke();
      await env.waitForSends(31);
      const replySend = env.sends.find((s) => s.uuid === reply)!;
      // The reply went out at once, ahead of the bulk still waiting.
      expect(replySend.at - replyQueuedAt).toBeLessThan(400);
      const bulkAfterReply = env.sends.filter((s) => s.priority === 0 && s.at > replySend.at).length;
      expect(bulkAfterReply).toBeGreaterThan(5);
      // 2 segments per bulk message at 20 segments/s → 10 messages/s (the reply borrowed from the budget).
      const bulkTimes = env.sends.filter((s) => s.priority === 0).map((s) => s.at);
      const segmentsPerSecond = steadyRate(bulkTimes, bucketCapacity(20) / 2) * 2;
      expect(segmentsPerSecond).toBeGreaterThan(20 * 0.85);
      expect(segmentsPerSecond).toBeLessThan(20 * 1.1);
      expect(new Set(env.sends.map((s) => s.uuid))).toEqual(new Set([...bulk, reply]));
    } finally {
      await sender.stop();
    }
  }, 20_000);

  it('holds one limit across two runtimes on one SQLite file (two connections)', async () => {
    env = await createLimiterEnv({ rate: 20 });
    await env.queue(60, { priority: 0 });
    const [a, b] = [await env.runtime(), await env.runtime()];
    const senders = [new OutboxSender(a, { pollMs: 20 }), new OutboxSender(b, { pollMs: 20 })];
    const started = Date.now();
    for (const s of senders) s.start();
    try {
      await env.waitForSends(60, 15_000);
    } finally {
      await Promise.all(senders.map((s) => s.stop()));
    }
    const elapsed = (Date.now() - started) / 1000;
    // 60 one-segment messages at 20/s with a full bucket of 20 at the start: at least 2 s, whoever sends.
    expect(elapsed).toBeGreaterThan(1.9);
    const rate = steadyRate(env.sends.map((s) => s.at), bucketCapacity(20));
    expect(rate).toBeLessThan(20 * 1.1);
    expect(rate).toBeGreaterThan(20 * 0.8);
    const statuses = await first<{ n: number }>(env.db, `SELECT COUNT(*) AS n FROM messages WHERE status = 'wired'`);
    expect(Number(statuses!.n)).toBe(60);
    expect(new Set(env.sends.map((s) => s.uuid)).size).toBe(60); // nothing sent twice
    // Both runtimes really sent: the limit held because it is in the database, not in either process.
    expect(env.sends.filter((s) => s.by === 1).length).toBeGreaterThan(5);
    expect(env.sends.filter((s) => s.by === 2).length).toBeGreaterThan(5);
  }, 20_000);

  it('does not limit a channel whose rate is 0', async () => {
    env = await createLimiterEnv({ rate: 0 });
    await env.queue(40, { priority: 0 });
    const sender = new OutboxSender(await env.runtime(), { pollMs: 20 });
    const started = Date.now();
    sender.start();
    try {
      await env.waitForSends(40, 5_000);
    } finally {
      await sender.stop();
    }
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
