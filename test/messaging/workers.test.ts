/**
 * startWorkers end to end in one process (the loop as the server runs it), graceful stop, and the
 * group committer's isolation of failing pieces.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startWorkers } from '../../server/messaging/start-workers.js';
import { createBroadcast } from '../../server/messaging/broadcasts.js';
import { GroupCommitter } from '../../server/messaging/group-commit.js';
import { ContactLocks } from '../../server/messaging/contact-locks.js';
import { first, run } from '../../server/messaging/sql.js';
import { createMessagingEnv, type MessagingEnv } from './harness.js';
import { twoQuestionFlow } from './flows.js';
import { seedContacts, seedFlow, seedGroup, seedTrigger } from './seed.js';

let env: MessagingEnv | undefined;
afterEach(async () => {
  await env?.close();
  env = undefined;
});

describe('startWorkers', () => {
  it('answers keyword messages, sends a broadcast, and stops with nothing left in flight', async () => {
    env = await createMessagingEnv();
    const flowId = await seedFlow(env.db, env.workspaceId, twoQuestionFlow({ initialWait: true }));
    await seedTrigger(env.db, env.workspaceId, 'join', flowId);
    const { groupId, groupUuid } = await seedGroup(env.db, env.workspaceId, 'Nurses');
    await seedContacts(env.db, env.workspaceId, 300, { groupId });
    const workers = startWorkers({ db: env.db, webhooks: null, sender: { pollMs: 20 }, bulkPollMs: 20, timersPollMs: 50 });
    expect(workers.runtime).toBe(env.rt);
    await env.postInbound({ id: 'w-1', from: 'tel:+254799000001', text: 'join' });
    await env.provider.waitFor(1, 10_000);
    expect(env.provider.log[0]).toMatchObject({ to: 'tel:+254799000001', text: 'What is your name?', priority: 1 });
    await createBroadcast(env.db, { workspaceId: env.workspaceId, translations: { eng: { text: 'Meeting at 10' } }, baseLanguage: 'eng', targets: { groups: [groupUuid] } });
    env.rt.notify('bulk');
    await env.provider.waitFor(301, 20_000);
    await env.postInbound({ id: 'w-2', from: 'tel:+254799000001', text: 'Neema' });
    await env.provider.waitFor(302, 10_000);
    await workers.stop();
    await workers.stop(); // idempotent
    expect(await env.count(`SELECT COUNT(*) AS n FROM messages WHERE status IN ('sending', 'pending', 'queued')`)).toBe(0);
    expect(env.provider.duplicates).toEqual([]);
    expect(env.provider.log.at(-1)!.text).toBe('How old are you, Neema?');
  });

  it('leaves work queued at stop time in the database for the next start', async () => {
    env = await createMessagingEnv();
    const workers = startWorkers({ db: env.db, webhooks: null });
    await workers.stop();
    // Received while stopped: durable, handled by the next start.
    await env.postInbound({ id: 'late-1', from: 'tel:+254799000002', text: 'hello' });
    await env.rt.locks.idle();
    expect(await env.count(`SELECT COUNT(*) AS n FROM messages WHERE status = 'pending'`)).toBe(1);
    const again = startWorkers({ db: env.db, webhooks: null });
    await env.until(async () => (await env!.count(`SELECT COUNT(*) AS n FROM messages WHERE status = 'pending'`)) === 0, 10_000, 'pending handled after restart');
    await again.stop();
  });
});

describe('GroupCommitter', () => {
  it('commits the pieces that succeed and rolls back only the one that throws', async () => {
    env = await createMessagingEnv();
    const commits = new GroupCommitter(env.db);
    const now = new Date().toISOString();
    const insert = (id: string) => (trx: Parameters<Parameters<GroupCommitter['submit']>[0]>[0]) =>
      run(trx, `INSERT INTO groups (id, workspace_id, uuid, name, query, created_at, updated_at) VALUES (?, ?, ?, ?, NULL, ?, ?)`, [id, env!.workspaceId, id, id, now, now]);
    const results = await Promise.allSettled([
      commits.submit(insert('g-1')),
      commits.submit(async (trx) => {
        await insert('g-2')(trx);
        throw new Error('boom');
      }),
      commits.submit(insert('g-3')),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(await env.count(`SELECT COUNT(*) AS n FROM groups WHERE id IN ('g-1', 'g-2', 'g-3')`)).toBe(2);
    expect(await first(env.db, `SELECT id FROM groups WHERE id = 'g-2'`)).toBeUndefined();
    // Alone in a transaction, a failing piece rolls back and the next one still commits.
    await expect(commits.submit(async (trx) => {
      await insert('g-4')(trx);
      throw new Error('alone');
    })).rejects.toThrow('alone');
    await commits.submit(insert('g-5'));
    expect(await env.count(`SELECT COUNT(*) AS n FROM groups WHERE id IN ('g-4', 'g-5')`)).toBe(1);
  });
});

describe('ContactLocks', () => {
  it('runs one contact’s tasks in order and different contacts in parallel', async () => {
    const locks = new ContactLocks();
    const order: string[] = [];
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const a1 = locks.run(['a'], async () => { await sleep(30); order.push('a1'); });
    const a2 = locks.run(['a'], async () => { order.push('a2'); });
    const b1 = locks.run(['b'], async () => { order.push('b1'); });
    const ab = locks.run(['a', 'b'], async () => { order.push('ab'); });
    await Promise.all([a1, a2, b1, ab]);
    expect(order).toEqual(['b1', 'a1', 'a2', 'ab']);
    expect(locks.busyContacts).toBe(0);
  });
});
