/**
 * Per-contact send order across processes on one PostgreSQL database: four senders (two pools, as two
 * processes) claiming at the same moment never hold two messages of one contact in flight, so a contact's
 * messages reach the provider one after the other, in order. Also the lock's two refusals on their own:
 * a contact another claim is working on, and a contact with a message already "sending".
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
import { keepContactOrderAcrossProcesses } from '../../server/jobs/contact-send-order.js';
import { startProviderStub } from '../messaging/provider-stub.js';
import { seedContacts, seedLoopbackChannel, seedWorkspace } from '../messaging/seed.js';
import { postgresForThisFile } from './pg-test-env.js';

const pg = postgresForThisFile();

/** Queues `perContact` messages for each contact, numbered in the order they must arrive. */
async function queueSeveral(db: Kysely<Database>, workspaceId: string, channelId: string, contactIds: string[], perContact: number): Promise<void> {
  const urns = await all<{ id: string; contact_id: string }>(db, 'SELECT id, contact_id FROM contact_urns WHERE workspace_id = ?', [workspaceId]);
  const urnOf = new Map(urns.map((u) => [u.contact_id, u.id]));
  const start = Date.now() - 60_000;
  for (let n = 0; n < perContact; n++) {
    const due = new Date(start + n).toISOString();
    for (const contactId of contactIds) {
      await run(db, `INSERT INTO messages (id, workspace_id, uuid, contact_id, contact_urn_id, channel_id, direction, text, attachments, quick_replies, status, priority, segments, attempts, next_attempt_at, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, 'out', ?, '[]', '[]', 'queued', 1, 1, 0, ?, ?, ?)`, [uuidv7(), workspaceId, uuidv7(), contactId, urnOf.get(contactId), channelId, `part ${n}`, due, due, due]);
    }
  }
}

if (pg) {
  describe('per-contact send order across processes (PostgreSQL)', () => {
    it('sends a contact\'s messages one after the other, in order, when four senders of two processes work at once', async () => {
      const { db, url, dispose } = await pg.openFresh();
      const second = await openDatabase({ url, migrate: false, pool: { max: 5 } });
      const provider = await startProviderStub();
      const DELAY_MS = 40;
      provider.setDelay(DELAY_MS); // each send takes a while: the window in which another sender could overtake
      try {
        const workspaceId = await seedWorkspace(db);
        const channel = await seedLoopbackChannel(db, workspaceId, `${provider.url}/send`);
        const contacts = await seedContacts(db, workspaceId, 12);
        await queueSeveral(db, workspaceId, channel.id, contacts, 3);
        const senderOf = (handle: Kysely<Database>) =>
          new OutboxSender(new MessagingRuntime({ db: handle, assets: new AssetCache(0) }), { batchSize: 4, smallBatchPauseMs: 0 });
        const senders = [senderOf(db), senderOf(second), senderOf(db), senderOf(second)];
        const deadline = Date.now() + 30_000;
        await Promise.all(senders.map(async (sender) => {
          while (provider.log.length < 36 && Date.now() < deadline) {
            if ((await sender.tick()) === 0) await new Promise((resolve) => setTimeout(resolve, 5));
          }
        }));
        expect(provider.log).toHaveLength(36);
        expect(provider.duplicates).toEqual([]);
        const byRecipient = new Map<string, { text: string; at: number }[]>();
        for (const message of provider.log) byRecipient.set(message.to, [...(byRecipient.get(message.to) ?? []), message]);
        for (const [to, messages] of byRecipient) {
          expect(messages.map((m) => m.text), to).toEqual(['part 0', 'part 1', 'part 2']);
          // The next message left only once the provider had answered the previous one.
          for (let i = 1; i < messages.length; i++) expect(messages[i]!.at - messages[i - 1]!.at, to).toBeGreaterThanOrEqual(DELAY_MS - 5);
        }
      } finally {
        await provider.close();
        await second.destroy();
        await dispose();
      }
    });

    it('refuses a contact whose lock another claim holds, or whose earlier message is still sending', async () => {
      const { db, url, dispose } = await pg.openFresh();
      const second = await openDatabase({ url, migrate: false, pool: { max: 5 } });
      try {
        const workspaceId = await seedWorkspace(db);
        const channel = await seedLoopbackChannel(db, workspaceId, 'http://127.0.0.1:9/send');
        const [first, other] = await seedContacts(db, workspaceId, 2);
        const row = (contact_id: string) => ({ contact_id, id: uuidv7() });
        let release!: () => void;
        const held = new Promise<void>((resolve) => (release = resolve));
        let lockedInside: unknown[] = [];
        const holder = db.transaction().execute(async (trx) => {
          lockedInside = await keepContactOrderAcrossProcesses(trx, [row(first!)], new Date().toISOString());
          await held;
        });
        await expect.poll(() => lockedInside.length).toBe(1);
        // Another process, same moment: the first contact is taken, the other one is free.
        const other1 = await second.transaction().execute((trx) => keepContactOrderAcrossProcesses(trx, [row(first!), row(other!)], new Date().toISOString()));
        expect(other1.map((r) => r.contact_id)).toEqual([other]);
        release();
        await holder;
        // A committed "sending" message of the first contact holds its next one back.
        await queueSeveral(db, workspaceId, channel.id, [first!], 1);
        await run(db, `UPDATE messages SET status = 'sending' WHERE contact_id = ?`, [first]);
        const other2 = await second.transaction().execute((trx) => keepContactOrderAcrossProcesses(trx, [row(first!), row(other!)], new Date().toISOString()));
        expect(other2.map((r) => r.contact_id)).toEqual([other]);
      } finally {
        await second.destroy();
        await dispose();
      }
    });
  });
}
