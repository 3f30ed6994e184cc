/**
 * Crash recovery of the outbox across processes on PostgreSQL: a "sending" row is only reconciled (asked of
 * the provider, then sent again or settled) once the process that claimed it has stopped beating. A live
 * process's slow send is never taken for a crash leftover: that would send the message twice.
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

async function queueOne(db: Kysely<Database>, workspaceId: string, channelId: string, contactId: string): Promise<void> {
  const [urn] = await all<{ id: string }>(db, 'SELECT id FROM contact_urns WHERE contact_id = ?', [contactId]);
  const due = new Date(Date.now() - 60_000).toISOString();
  await run(db, `INSERT INTO messages (id, workspace_id, uuid, contact_id, contact_urn_id, channel_id, direction, text, attachments, quick_replies, status, priority, segments, attempts, next_attempt_at, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, 'out', 'Clinic day moved', '[]', '[]', 'queued', 0, 1, 0, ?, ?, ?)`, [uuidv7(), workspaceId, uuidv7(), contactId, urn!.id, channelId, due, due, due]);
}

if (pg) {
  describe('outbox crash recovery respects live processes (PostgreSQL)', () => {
    it('leaves the rows of a live claimer alone, and reconciles them once it is gone', async () => {
      const { db, url, dispose } = await pg.openFresh();
      const second = await openDatabase({ url, migrate: false, pool: { max: 5 } });
      const provider = await startProviderStub();
      const live = new OutboxSender(new MessagingRuntime({ db, assets: new AssetCache(0) }), { smallBatchPauseMs: 0 });
      // The other process reconciles anything "sending" at once, unless its claimer is alive.
      const other = new OutboxSender(new MessagingRuntime({ db: second, assets: new AssetCache(0) }), { smallBatchPauseMs: 0, reconcileAfterMs: 0 });
      try {
        const workspaceId = await seedWorkspace(db);
        const channel = await seedLoopbackChannel(db, workspaceId, `${provider.url}/send`);
        const contacts = await seedContacts(db, workspaceId, 3);
        for (const contact of contacts) await queueOne(db, workspaceId, channel.id, contact);

        // The live process has claimed them and is (slowly) about to send them.
        const claimed = await live.claim();
        expect(claimed).toHaveLength(3);
        await expect.poll(async () => (await all(db, 'SELECT id FROM worker_heartbeats WHERE id = ?', [live.processId])).length).toBe(1);
        expect(await other.reconcileSending()).toBe(0);
        const sending = await all<{ status: string; claimed_by: string }>(db, `SELECT status, claimed_by FROM messages`);
        expect(sending.map((r) => r.status)).toEqual(['sending', 'sending', 'sending']);
        expect(new Set(sending.map((r) => r.claimed_by))).toEqual(new Set([live.processId]));

        // The claimer goes away without sending: the other process asks the provider and queues them again.
        await live.stop();
        expect(await other.reconcileSending()).toBe(3);
        const after = await all<{ status: string }>(db, `SELECT status FROM messages`);
        expect(after.map((r) => r.status)).toEqual(['queued', 'queued', 'queued']);
        expect(provider.log).toHaveLength(0);
      } finally {
        await other.stop();
        await provider.close();
        await second.destroy();
        await dispose();
      }
    });
  });
}
