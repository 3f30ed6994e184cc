/**
 * The outbox sender: replies before bulk, retries with backoff, final failures, provider opt-outs,
 * crash reconciliation (never resending what the provider accepted), quiet hours, and wait timeouts
 * that start when the message was actually sent.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { OutboxSender } from '../../server/jobs/outbox-sender.js';
import { TimerLoop } from '../../server/jobs/timer-loop.js';
import { createBroadcast, processBroadcastBatch } from '../../server/messaging/broadcasts.js';
import { createFlowStart, processFlowStartBatch } from '../../server/messaging/flow-starts.js';
import { quietHoursEnd } from '../../server/messaging/quiet-hours.js';
import { first, run } from '../../server/messaging/sql.js';
import { createMessagingEnv, type MessagingEnv } from './harness.js';
import { twoQuestionFlow } from './flows.js';
import { phoneOf, seedContacts, seedFlow, seedGroup } from './seed.js';

let env: MessagingEnv;
afterEach(async () => {
  await env?.close();
});

async function queueOne(text: string, priority: 0 | 1, contactId: string): Promise<string> {
  const id = uuidv7();
  const now = env.rt.nowIso();
  const urn = await first<{ id: string }>(env.db, 'SELECT id FROM contact_urns WHERE contact_id = ?', [contactId]);
  await run(env.db, `INSERT INTO messages (id, workspace_id, uuid, contact_id, contact_urn_id, channel_id, direction, text, attachments, quick_replies, status, priority, segments, attempts, next_attempt_at, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, 'out', ?, '[]', '[]', 'queued', ?, 1, 0, ?, ?, ?)`, [id, env.workspaceId, uuidv7(), contactId, urn!.id, env.channel.id, text, priority, now, now, now]);
  return id;
}

describe('outbox sender', () => {
  it('sends replies before bulk messages', async () => {
    env = await createMessagingEnv();
    const contacts = await seedContacts(env.db, env.workspaceId, 3);
    await queueOne('bulk 1', 0, contacts[0]!);
    await queueOne('bulk 2', 0, contacts[1]!);
    await queueOne('reply', 1, contacts[2]!);
    const sender = new OutboxSender(env.rt, { batchSize: 1 });
    await sender.tick();
    await sender.tick();
    await sender.tick();
    expect(env.provider.log.map((m) => m.text)).toEqual(['reply', 'bulk 1', 'bulk 2']);
  });

  it('retries a retryable failure with backoff, then fails after maxAttempts', async () => {
    env = await createMessagingEnv();
    const [c] = await seedContacts(env.db, env.workspaceId, 1);
    const id = await queueOne('hello', 1, c!);
    const sender = new OutboxSender(env.rt, { maxAttempts: 3, backoffSeconds: (n) => 60 * n });
    env.provider.failNext(3, 503);
    await sender.tick();
    let row = (await env.messages('id = ?', [id]))[0]!;
    expect(row).toMatchObject({ status: 'errored', attempts: 1 });
    expect(Date.parse(row.next_attempt_at!) - Date.now()).toBeGreaterThan(50_000);
    expect(await sender.tick()).toBe(0); // not due yet
    env.clock.advance(61_000);
    await sender.tick();
    row = (await env.messages('id = ?', [id]))[0]!;
    expect(row).toMatchObject({ status: 'errored', attempts: 2 });
    env.clock.advance(121_000);
    await sender.tick();
    row = (await env.messages('id = ?', [id]))[0]!;
    expect(row.status).toBe('failed');
    expect(row.error).toContain('gave up after 3 attempts');
    expect(env.provider.accepted.size).toBe(0);
  });

  it('fails at once on a rejection, and stops the contact when the provider says so', async () => {
    env = await createMessagingEnv();
    const [a, b] = await seedContacts(env.db, env.workspaceId, 2);
    const sender = new OutboxSender(env.rt);
    const m1 = await queueOne('one', 1, a!);
    env.provider.failNext(1, 400, { error: 'invalid number' });
    await sender.tick();
    expect((await env.messages('id = ?', [m1]))[0]).toMatchObject({ status: 'failed', attempts: 1 });
    await queueOne('two', 1, b!);
    env.provider.failNext(1, 403, { stopped: true });
    await sender.tick();
    expect((await first<{ status: string }>(env.db, 'SELECT status FROM contacts WHERE id = ?', [b]))!.status).toBe('stopped');
  });

  it('after a crash, never resends a message the provider accepted, and resends one it did not', async () => {
    env = await createMessagingEnv();
    const [a, b] = await seedContacts(env.db, env.workspaceId, 2);
    const accepted = await queueOne('accepted before the crash', 1, a!);
    const lost = await queueOne('lost in the crash', 1, b!);
    // The crash: both rows were claimed ("sending"), the provider got only the first one.
    const sender = new OutboxSender(env.rt);
    const claimed = await sender.claim();
    expect(claimed).toHaveLength(2);
    const acceptedUuid = claimed.find((r) => r.id === accepted)!.uuid;
    const res = await fetch(`${env.provider.url}/send`, { method: 'POST', body: JSON.stringify({ id: acceptedUuid, to: phoneOf(0), text: 'accepted before the crash' }) });
    expect(res.status).toBe(200);
    await sender.stop(); // the process is gone: no more heartbeat (on PostgreSQL, others may now recover its rows)
    // A new process (new sender) reconciles, once the rows have been "sending" for longer than another
    // live process could still be sending them.
    const restarted = new OutboxSender(env.rt, { reconcileAfterMs: 60_000 });
    expect(await restarted.reconcileSending()).toBe(0);
    expect((await env.messages('id = ?', [lost]))[0]!.status).toBe('sending');
    env.clock.advance(61_000);
    expect(await restarted.reconcileSending()).toBe(2);
    expect((await env.messages('id = ?', [accepted]))[0]!.status).toBe('wired');
    expect((await env.messages('id = ?', [lost]))[0]!.status).toBe('queued');
    await restarted.tick();
    expect(env.provider.duplicates).toEqual([]);
    expect(env.provider.accepted.size).toBe(2);
    expect((await env.messages('id = ?', [lost]))[0]).toMatchObject({ status: 'wired', attempts: 2 });
  });

  it('holds bulk messages during quiet hours instead of dropping them, but not replies', async () => {
    env = await createMessagingEnv({ timezone: 'Africa/Nairobi', quietHours: { start: '00:00', end: '23:59' } });
    const { groupId, groupUuid } = await seedGroup(env.db, env.workspaceId, 'Nurses');
    const [c] = await seedContacts(env.db, env.workspaceId, 3, { groupId });
    const broadcastId = await createBroadcast(env.db, { workspaceId: env.workspaceId, translations: { eng: { text: 'Training tomorrow' } }, baseLanguage: 'eng', targets: { groups: [groupUuid] } });
    await processBroadcastBatch(env.rt, broadcastId);
    await queueOne('reply now', 1, c!);
    const sender = new OutboxSender(env.rt);
    await sender.tick();
    expect(env.provider.log.map((m) => m.text)).toEqual(['reply now']);
    const held = await env.messages(`broadcast_id IS NOT NULL`);
    expect(held).toHaveLength(3);
    const end = quietHoursEnd({ start: '00:00', end: '23:59' }, 'Africa/Nairobi', env.clock.now())!;
    for (const m of held) expect(m).toMatchObject({ status: 'queued', next_attempt_at: end });
    env.clock.advance(Date.parse(end) - env.clock.now().getTime() + 1000);
    await sender.tick();
    expect(env.provider.log.map((m) => m.text).sort()).toEqual(['Training tomorrow', 'Training tomorrow', 'Training tomorrow', 'reply now']);
  });

  it('starts a wait timeout when the question is sent, and the timer resumes the session once', async () => {
    env = await createMessagingEnv();
    const flowId = await seedFlow(env.db, env.workspaceId, twoQuestionFlow({ timeoutSeconds: 600 }));
    const [c] = await seedContacts(env.db, env.workspaceId, 1);
    const startId = await createFlowStart(env.db, { workspaceId: env.workspaceId, flowId, targets: { contacts: [(await first<{ uuid: string }>(env.db, 'SELECT uuid FROM contacts WHERE id = ?', [c]))!.uuid] } });
    await processFlowStartBatch(env.rt, startId);
    expect(await env.count(`SELECT COUNT(*) AS n FROM timers WHERE kind = 'wait_timeout'`)).toBe(0); // not sent yet
    expect(await env.count(`SELECT COUNT(*) AS n FROM timers WHERE kind = 'wait_expiration' AND status = 'pending'`)).toBe(1);
    env.clock.advance(3_600_000); // the question waits an hour in the outbox
    const sender = new OutboxSender(env.rt);
    await sender.tick();
    const sentAt = (await env.messages(`direction = 'out'`))[0]!.sent_at!;
    const timer = await first<{ id: string; fire_at: string; session_id: string }>(env.db, `SELECT id, fire_at, session_id FROM timers WHERE kind = 'wait_timeout' AND status = 'pending'`);
    expect(Date.parse(timer!.fire_at) - Date.parse(sentAt)).toBe(600_000);
    const timers = new TimerLoop(env.rt);
    expect(await timers.tick()).toBe(0);
    env.clock.advance(601_000);
    expect(await timers.tick()).toBe(1);
    // Firing again (another worker, a restart) does nothing: the timer is no longer pending.
    expect(await timers.fire({ id: timer!.id, kind: 'wait_timeout', session_id: timer!.session_id, contact_id: c! })).toBe('cancelled');
    const out = await env.messages(`direction = 'out'`);
    expect(out.map((m) => m.text)).toEqual(['What is your name?', 'We will ask again later.']);
    expect((await first<{ status: string }>(env.db, 'SELECT status FROM sessions WHERE id = ?', [timer!.session_id]))!.status).toBe('completed');
    expect(await env.count(`SELECT COUNT(*) AS n FROM timers WHERE status = 'pending'`)).toBe(0);
  });

  it('moves statuses forward only: a late "sent" after "delivered" is ignored, "failed" after delivery too', async () => {
    env = await createMessagingEnv();
    const [c] = await seedContacts(env.db, env.workspaceId, 1);
    const id = await queueOne('status', 1, c!);
    await new OutboxSender(env.rt).tick();
    const { applyStatusCallback } = await import('../../server/messaging/status-callbacks.js');
    const uuid = (await env.messages('id = ?', [id]))[0]!.uuid;
    expect(await applyStatusCallback(env.rt, env.channel, { messageUuid: uuid, status: 'delivered' })).toBe(true);
    await applyStatusCallback(env.rt, env.channel, { providerId: `p-${uuid}`, status: 'sent' });
    await applyStatusCallback(env.rt, env.channel, { messageUuid: uuid, status: 'failed', error: 'late' });
    expect((await env.messages('id = ?', [id]))[0]).toMatchObject({ status: 'delivered', error: null });
    expect(await applyStatusCallback(env.rt, env.channel, { messageUuid: 'unknown', status: 'delivered' })).toBe(false);
    await expect(applyStatusCallback(env.rt, env.channel, { status: 'delivered' })).rejects.toThrow(/uuid or the provider id/);
  });

  it('expires a waiting session when its expiration timer fires', async () => {
    env = await createMessagingEnv();
    const flowId = await seedFlow(env.db, env.workspaceId, twoQuestionFlow());
    const [c] = await seedContacts(env.db, env.workspaceId, 1);
    const startId = await createFlowStart(env.db, { workspaceId: env.workspaceId, flowId, targets: { all: true } });
    await processFlowStartBatch(env.rt, startId);
    env.clock.advance(25 * 3600_000);
    const timers = new TimerLoop(env.rt);
    expect(await timers.tick()).toBe(1);
    const session = await first<{ status: string }>(env.db, 'SELECT status FROM sessions WHERE contact_id = ?', [c]);
    expect(session!.status).not.toBe('waiting');
  });
});
