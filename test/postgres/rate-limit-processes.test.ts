/**
 * A channel's rate limit holds across server processes: two senders with their own connection pools (as two
 * worker processes have) sending one channel's bulk outbox together stay within the channel's segments per
 * second, because they draw from the same budget in the database (server/channels/rate-limit/, built by the
 * channels work; this test only checks it across processes on PostgreSQL).
 */
import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { openDatabase } from '../../server/db/open.js';
import { AssetCache } from '../../server/messaging/assets.js';
import { MessagingRuntime } from '../../server/messaging/runtime.js';
import { all, run } from '../../server/messaging/sql.js';
import { OutboxSender } from '../../server/jobs/outbox-sender.js';
import { startProviderStub } from '../messaging/provider-stub.js';
import { seedContacts, seedLoopbackChannel, seedWorkspace } from '../messaging/seed.js';
import { postgresForThisFile } from './pg-test-env.js';

const pg = postgresForThisFile();
const RATE = 10; // segments per second
const MESSAGES = 60;

if (pg) {
  describe('per-channel rate limit across processes (PostgreSQL)', () => {
    it('keeps two processes together within the channel\'s segments per second', async () => {
      const { db, url, dispose } = await pg.openFresh();
      const second = await openDatabase({ url, migrate: false, pool: { max: 5 } });
      const provider = await startProviderStub();
      try {
        const ws = await seedWorkspace(db);
        const channel = await seedLoopbackChannel(db, ws, `${provider.url}/send`, { rate: RATE });
        const contacts = await seedContacts(db, ws, MESSAGES);
        const urns = new Map((await all<{ id: string; contact_id: string }>(db, 'SELECT id, contact_id FROM contact_urns')).map((u) => [u.contact_id, u.id]));
        const now = new Date().toISOString();
        for (const contact of contacts) {
          await run(db, `INSERT INTO messages (id, workspace_id, uuid, contact_id, contact_urn_id, channel_id, direction, text, attachments, quick_replies, status, priority, segments, attempts, next_attempt_at, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, 'out', 'Stock count due', '[]', '[]', 'queued', 0, 1, 0, ?, ?, ?)`, [uuidv7(), ws, uuidv7(), contact, urns.get(contact), channel.id, now, now, now]);
        }
        const senders = [db, second].map((handle) => new OutboxSender(new MessagingRuntime({ db: handle, assets: new AssetCache(0) }), { smallBatchPauseMs: 0 }));
        const deadline = Date.now() + 60_000;
        const sentBy = [0, 0];
        await Promise.all(senders.map(async (sender, i) => {
          while (provider.accepted.size < MESSAGES && Date.now() < deadline) {
            const n = await sender.tick();
            sentBy[i]! += n;
            if (n === 0) await new Promise((r) => setTimeout(r, 20));
          }
        }));
        expect(provider.accepted.size).toBe(MESSAGES);
        expect(provider.duplicates).toEqual([]);
        // Both processes sent part of it: the budget, not one process doing all the work, kept the pace.
        expect(sentBy[0]).toBeGreaterThan(0);
        expect(sentBy[1]).toBeGreaterThan(0);
        const wired = await all<{ n: number }>(db, `SELECT COUNT(*) AS n FROM messages WHERE status = 'wired'`);
        expect(Number(wired[0]!.n)).toBe(MESSAGES);

        // At RATE per second with a burst of one second's worth, MESSAGES take at least (MESSAGES - RATE) / RATE seconds…
        const times = provider.log.map((m) => m.at).sort((a, b) => a - b);
        const spanS = (times[times.length - 1]! - times[0]!) / 1000;
        expect(spanS).toBeGreaterThanOrEqual(((MESSAGES - RATE) / RATE) * 0.9);
        // …and no 2-second window holds more than two seconds' worth plus the burst, give or take half a second's
        // worth: times are taken at the provider, after HTTP and scheduling jitter on a shared machine. A limit
        // kept per process (twice the rate with two processes) would put ≈ 50 in such a window.
        for (let i = 0; i < times.length; i++) {
          const inWindow = times.filter((t) => t >= times[i]! && t < times[i]! + 2000).length;
          expect(inWindow).toBeLessThanOrEqual(RATE * 2 + RATE + RATE / 2);
        }
        console.log(`rate limit across processes: ${MESSAGES} messages at ${RATE}/s took ${spanS.toFixed(1)} s (process 1: ${sentBy[0]}, process 2: ${sentBy[1]})`);
      } finally {
        await provider.close();
        await second.destroy();
        await dispose();
      }
    }, 120_000);
  });
}
