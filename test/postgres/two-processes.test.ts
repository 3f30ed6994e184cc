/**
 * Two server processes on one PostgreSQL database (here: runtimes with their own connection pools, as
 * separate processes would have) working at the same time: sending the same outbox (every message is
 * sent exactly once; a claim returns only the rows its own UPDATE changed) and writing the same
 * broadcast's or flow start's batches (every recipient gets exactly one message / one session), and
 * handling the same pending inbound message (it starts one session, not two).
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
import { createBroadcast, processBroadcastBatch } from '../../server/messaging/broadcasts.js';
import { createFlowStart, processFlowStartBatch } from '../../server/messaging/flow-starts.js';
import { handlePendingFor, receiveInbound } from '../../server/messaging/inbound.js';
import { twoQuestionFlow } from '../messaging/flows.js';
import { startProviderStub } from '../messaging/provider-stub.js';
import { seedContacts, seedFlow, seedGroup, seedLoopbackChannel, seedTrigger, seedWorkspace } from '../messaging/seed.js';
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

    it('writes each broadcast recipient once when two processes run the same broadcast\'s batches', async () => {
      const { db, url, dispose } = await pg.openFresh();
      const second = await openDatabase({ url, migrate: false, pool: { max: 5 } });
      try {
        const workspaceId = await seedWorkspace(db);
        await seedLoopbackChannel(db, workspaceId, 'http://127.0.0.1:9/send');
        const { groupId, groupUuid } = await seedGroup(db, workspaceId, 'Nurses');
        await seedContacts(db, workspaceId, 1000, { groupId });
        const id = await createBroadcast(db, { workspaceId, translations: { eng: { text: 'Meeting at 10' } }, baseLanguage: 'eng', targets: { groups: [groupUuid] } });
        const runtimes = [db, second, db, second].map((handle) => new MessagingRuntime({ db: handle, assets: new AssetCache(0) }));
        await Promise.all(runtimes.map(async (rt) => { while (await processBroadcastBatch(rt, id, 100)); }));
        const perContact = await all<{ n: number; contacts: number }>(db, `SELECT COUNT(*) AS n, COUNT(DISTINCT contact_id) AS contacts FROM messages WHERE broadcast_id = ?`, [id]);
        expect(perContact).toEqual([{ n: 1000, contacts: 1000 }]);
        const row = await all<{ status: string; totals: string }>(db, 'SELECT status, totals FROM broadcasts WHERE id = ?', [id]);
        expect(row[0]!.status).toBe('queued');
        expect(JSON.parse(row[0]!.totals)).toMatchObject({ recipients: 1000, queued: 1000, skipped: 0 });
      } finally {
        await second.destroy();
        await dispose();
      }
    });

    it('starts each contact once when two processes run the same flow start\'s batches', async () => {
      const { db, url, dispose } = await pg.openFresh();
      const second = await openDatabase({ url, migrate: false, pool: { max: 5 } });
      try {
        const workspaceId = await seedWorkspace(db);
        await seedLoopbackChannel(db, workspaceId, 'http://127.0.0.1:9/send');
        const flowId = await seedFlow(db, workspaceId, twoQuestionFlow());
        await seedContacts(db, workspaceId, 150);
        const id = await createFlowStart(db, { workspaceId, flowId, targets: { all: true }, params: { restart_participants: true } });
        const runtimes = [db, second, db, second].map((handle) => new MessagingRuntime({ db: handle, assets: new AssetCache(0) }));
        await Promise.all(runtimes.map(async (rt) => { while (await processFlowStartBatch(rt, id, 25)); }));
        const sessions = await all<{ n: number; contacts: number }>(db, `SELECT COUNT(*) AS n, COUNT(DISTINCT contact_id) AS contacts FROM sessions`);
        expect(sessions).toEqual([{ n: 150, contacts: 150 }]);
        expect(await all(db, `SELECT COUNT(*) AS n FROM messages WHERE flow_start_id = ?`, [id])).toEqual([{ n: 150 }]);
      } finally {
        await second.destroy();
        await dispose();
      }
    });

    it('handles a pending inbound message once when two processes take it at the same moment', async () => {
      const { db, url, dispose } = await pg.openFresh();
      const second = await openDatabase({ url, migrate: false, pool: { max: 5 } });
      try {
        const workspaceId = await seedWorkspace(db);
        const channel = await seedLoopbackChannel(db, workspaceId, 'http://127.0.0.1:9/send');
        const flowId = await seedFlow(db, workspaceId, twoQuestionFlow({ initialWait: true }));
        await seedTrigger(db, workspaceId, 'join', flowId);
        const [a, b] = [db, second].map((handle) => new MessagingRuntime({ db: handle, assets: new AssetCache(0) }));
        const contacts: string[] = [];
        for (let i = 0; i < 20; i++) {
          // Process A receives it (and queues handling on its own lock); process B's sweep takes it at once too.
          const receipt = await receiveInbound(a!, { channel: { ...channel, workspaceId, name: 'Loopback' }, urn: `tel:+2547990000${String(i).padStart(2, '0')}`, text: 'join', externalId: `x-${i}` });
          contacts.push(receipt.contactId);
          await Promise.all([handlePendingFor(b!, receipt.contactId), a!.locks.idle()]);
        }
        await a!.locks.idle();
        const perContact = await all<{ contact_id: string; n: number }>(db, `SELECT contact_id, COUNT(*) AS n FROM sessions GROUP BY contact_id`);
        expect(perContact).toHaveLength(20);
        expect(perContact.filter((r) => r.n !== 1)).toEqual([]);
        expect(await all(db, `SELECT COUNT(*) AS n FROM messages WHERE direction = 'out'`)).toEqual([{ n: 20 }]);
        expect(await all(db, `SELECT COUNT(*) AS n FROM messages WHERE direction = 'in' AND (status <> 'handled' OR error IS NOT NULL)`)).toEqual([{ n: 0 }]);
      } finally {
        await second.destroy();
        await dispose();
      }
    });
  });
}
