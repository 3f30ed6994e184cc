/**
 * Two server processes on one PostgreSQL database (here: two runtimes, each with its own connection
 * pool, as two processes would have) sending the same outbox at the same time: every message is sent
 * exactly once, and the claim returns only the rows its own UPDATE changed.
 */
import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import type { Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.js';
import { openDatabase } from '../../server/db/open.js';
import { AssetCache } from '../../server/messaging/assets.js';
import { MessagingRuntime } from '../../server/messaging/runtime.js';
import { all, run } from '../../server/messaging/sql.js';
import { OutboxSender } from '../../server/jobs/outbox-sender.js';
import { startProviderStub } from '../messaging/provider-stub.js';
import { seedContacts, seedLoopbackChannel, seedWorkspace } from '../messaging/seed.js';
import { postgresForThisFile } from './pg-test-env.js';

const pg = postgresForThisFile();

/** Queues one outgoing message per contact (all due now). */
async function queueForEach(db: Kysely<Database>, workspaceId: string, channelId: string, contactIds: string[]): Promise<void> {
  const now = new Date().toISOString();
  const urns = await all<{ id: string; contact_id: string }>(db, 'SELECT id, contact_id FROM contact_urns WHERE workspace_id = ?', [workspaceId]);
  const urnOf = new Map(urns.map((u) => [u.contact_id, u.id]));
  for (const contactId of contactIds) {
    await run(db, `INSERT INTO messages (id, workspace_id, uuid, contact_id, contact_urn_id, channel_id, direction, text, attachments, quick_replies, status, priority, segments, attempts, next_attempt_at, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, 'out', 'Clinic day moved', '[]', '[]', 'queued', 0, 1, 0, ?, ?, ?)`, [uuidv7(), workspaceId, uuidv7(), contactId, urnOf.get(contactId), channelId, now, now, now]);
  }
}

if (pg) {
  describe('outbox claim across processes (PostgreSQL)', () => {
    it('sends every message once when two senders with their own pools claim concurrently', async () => {
      const { db, url, dispose } = await pg.openFresh();
      const second = await openDatabase({ url, migrate: false, pool: { max: 5 } });
      const provider = await startProviderStub();
      try {
        const workspaceId = await seedWorkspace(db);
        const channel = await seedLoopbackChannel(db, workspaceId, `${provider.url}/send`);
        const contacts = await seedContacts(db, workspaceId, 400);
        await queueForEach(db, workspaceId, channel.id, contacts);

        const senderOf = (handle: Kysely<Database>) =>
          new OutboxSender(new MessagingRuntime({ db: handle, assets: new AssetCache(0) }), { batchSize: 25, smallBatchPauseMs: 0 });
        const senders = [senderOf(db), senderOf(second), senderOf(db), senderOf(second)];
        const claimedBy = senders.map(() => [] as string[]);
        // Claim rounds in parallel until the outbox is empty; every claim of a round races the others.
        for (let round = 0; round < 100; round++) {
          const batches = await Promise.all(senders.map((s) => s.claim()));
          batches.forEach((rows, i) => claimedBy[i]!.push(...rows.map((r) => r.uuid)));
          if (batches.every((rows) => rows.length === 0)) break;
        }
        const everyClaim = claimedBy.flat();
        expect(everyClaim).toHaveLength(400);
        expect(new Set(everyClaim).size).toBe(400);
        // Both pools did part of the work (the lock, not luck, kept them apart).
        expect(claimedBy[0]!.length + claimedBy[2]!.length).toBeGreaterThan(0);
        expect(claimedBy[1]!.length + claimedBy[3]!.length).toBeGreaterThan(0);
        const attempts = await all<{ attempts: number; n: number }>(db, `SELECT attempts, COUNT(*) AS n FROM messages WHERE direction = 'out' GROUP BY attempts`);
        expect(attempts).toEqual([{ attempts: 1, n: 400 }]);

        // And sending end to end with both pools (fresh senders, as after a restart): each message reaches
        // the provider once, and no sender takes another's in-flight rows for crash leftovers.
        await run(db, `UPDATE messages SET status = 'queued', attempts = 0 WHERE direction = 'out'`);
        provider.setDelay(15); // sends take a moment, as real ones do, so the senders overlap in flight
        const fresh = [senderOf(db), senderOf(second), senderOf(db), senderOf(second)];
        await Promise.all(fresh.map(async (s) => { while ((await s.tick()) > 0); }));
        expect(provider.accepted.size).toBe(400);
        expect(provider.duplicates).toEqual([]);
      } finally {
        await provider.close();
        await second.destroy();
        await dispose();
      }
    });
  });
}
