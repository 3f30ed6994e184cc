/**
 * Inbound messages through the loopback webhook with the real engine: durable before 2xx, deduped,
 * contact created, keyword trigger, resume of the waiting session, run results, inbox, opt-out words,
 * per-contact arrival order.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OutboxSender } from '../../server/jobs/outbox-sender.js';
import { all, first } from '../../server/messaging/sql.js';
import { createMessagingEnv, type MessagingEnv } from './harness.js';
import { twoQuestionFlow } from './flows.js';
import { seedFlow, seedTrigger } from './seed.js';

let env: MessagingEnv;
let flowId: string;

beforeEach(async () => {
  env = await createMessagingEnv();
  flowId = await seedFlow(env.db, env.workspaceId, twoQuestionFlow({ initialWait: true }));
  await seedTrigger(env.db, env.workspaceId, 'join', flowId, 'first_word');
});
afterEach(async () => {
  await env.close();
});

const AMINA = 'tel:+254711000001';

async function settled(): Promise<void> {
  await env.until(async () => (await env.count(`SELECT COUNT(*) AS n FROM messages WHERE status = 'pending'`)) === 0, 10_000, 'inbound handled');
  await env.rt.locks.idle();
}

describe('inbound messages', () => {
  it('creates the contact, starts the keyword flow, resumes it with answers and stores results', async () => {
    const r1 = await env.postInbound({ id: 'ext-1', from: AMINA, text: 'JOIN please', name: 'Amina' });
    expect(r1.status).toBe(200);
    expect(r1.json.duplicate).toBe(false);
    await settled();
    const contact = await first<{ id: string; name: string; status: string }>(env.db, `SELECT c.id, c.name, c.status FROM contacts c JOIN contact_urns u ON u.contact_id = c.id WHERE u.identity = ?`, [AMINA]);
    expect(contact).toMatchObject({ name: 'Amina', status: 'active' });
    let out = await env.messages(`direction = 'out'`);
    expect(out.map((m) => [m.text, m.status, m.priority])).toEqual([['What is your name?', 'queued', 1]]);

    await env.postInbound({ id: 'ext-2', from: AMINA, text: 'Amina' });
    await settled();
    await env.postInbound({ id: 'ext-3', from: AMINA, text: '34' });
    await settled();
    out = await env.messages(`direction = 'out'`);
    expect(out.map((m) => m.text)).toEqual(['What is your name?', 'How old are you, Amina?', 'Thank you Amina, age 34.']);
    const session = await first<{ status: string }>(env.db, 'SELECT status FROM sessions WHERE contact_id = ?', [contact!.id]);
    expect(session!.status).toBe('completed');
    const results = await all<{ key: string; value: string; category: string }>(env.db, 'SELECT key, value, category FROM run_results WHERE contact_id = ? ORDER BY created_at, key', [contact!.id]);
    expect(results).toEqual([
      { key: 'keyword', value: 'JOIN please', category: 'All Responses' },
      { key: 'name', value: 'Amina', category: 'All Responses' },
      { key: 'age', value: '34', category: 'Number' },
    ]);
    const run = await first<{ status: string; results: string }>(env.db, 'SELECT status, results FROM runs WHERE contact_id = ?', [contact!.id]);
    expect(run!.status).toBe('completed');
    expect(Object.keys(JSON.parse(run!.results))).toEqual(expect.arrayContaining(['name', 'age']));
    const inbound = await env.messages(`direction = 'in'`);
    expect(inbound.every((m) => m.status === 'handled' && m.session_id)).toBe(true);
  });

  it('acknowledges a provider retry with the same external id once, and keeps one row', async () => {
    const a = await env.postInbound({ id: 'dup-1', from: AMINA, text: 'hello' });
    const b = await env.postInbound({ id: 'dup-1', from: AMINA, text: 'hello' });
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(b.json).toMatchObject({ duplicate: true, uuid: a.json.uuid });
    await settled();
    expect(await env.count(`SELECT COUNT(*) AS n FROM messages WHERE direction = 'in'`)).toBe(1);
  });

  it('takes an identical message without provider id within seconds for a retry, unless we replied in between', async () => {
    await env.postInbound({ from: AMINA, text: 'hello there' });
    const retry = await env.postInbound({ from: AMINA, text: 'hello there' });
    expect(retry.json.duplicate).toBe(true);
    await env.postInbound({ from: AMINA, text: 'join' });
    await settled(); // the flow asked its question: the same text again is a new message
    const again = await env.postInbound({ from: AMINA, text: 'join' });
    expect(again.json.duplicate).toBe(false);
    await settled();
    expect(await env.count(`SELECT COUNT(*) AS n FROM messages WHERE direction = 'in'`)).toBe(3);
  });

  it('leaves a message no flow wants in the inbox', async () => {
    await env.postInbound({ id: 'x-1', from: AMINA, text: 'my clinic has no gloves' });
    await settled();
    const [msg] = await env.messages(`direction = 'in'`);
    expect(msg).toMatchObject({ status: 'handled', session_id: null });
    expect(await env.count(`SELECT COUNT(*) AS n FROM messages WHERE direction = 'out'`)).toBe(0);
  });

  it('only_word triggers ignore longer messages', async () => {
    const other = await seedFlow(env.db, env.workspaceId, twoQuestionFlow({ uuid: '00000009-0000-4000-8000-0000000000aa', name: 'Survey', initialWait: true }));
    await seedTrigger(env.db, env.workspaceId, 'survey', other, 'only_word');
    await env.postInbound({ id: 's-1', from: AMINA, text: 'survey is late' });
    await settled();
    expect(await env.count(`SELECT COUNT(*) AS n FROM sessions`)).toBe(0);
    await env.postInbound({ id: 's-2', from: AMINA, text: ' Survey! ' });
    await settled();
    expect(await env.count(`SELECT COUNT(*) AS n FROM sessions WHERE status = 'waiting'`)).toBe(1);
  });

  it('handles one contact’s messages in arrival order even when they arrive at once', async () => {
    await env.postInbound({ id: 'o-0', from: AMINA, text: 'join' });
    await settled();
    await Promise.all([env.postInbound({ id: 'o-1', from: AMINA, text: 'Zawadi' }), env.postInbound({ id: 'o-2', from: AMINA, text: '41' })]);
    await settled();
    const out = await env.messages(`direction = 'out'`);
    expect(out.map((m) => m.text)).toEqual(['What is your name?', 'How old are you, Zawadi?', 'Thank you Zawadi, age 41.']);
  });

  it('stops a contact on an opt-out word in French, skips flows, and START restores', async () => {
    await env.postInbound({ id: 'f-0', from: AMINA, text: 'join' });
    await settled();
    await env.postInbound({ id: 'f-1', from: AMINA, text: 'ARRÊT' });
    await settled();
    const contact = await first<{ id: string; status: string }>(env.db, `SELECT c.id, c.status FROM contacts c JOIN contact_urns u ON u.contact_id = c.id WHERE u.identity = ?`, [AMINA]);
    expect(contact!.status).toBe('stopped');
    expect(await env.count(`SELECT COUNT(*) AS n FROM sessions WHERE status = 'waiting'`)).toBe(0);
    // The queued question was not sent after the opt-out.
    expect((await env.messages(`direction = 'out'`)).map((m) => m.status)).toEqual(['failed']);
    await env.postInbound({ id: 'f-2', from: AMINA, text: 'join' });
    await settled();
    expect(await env.count(`SELECT COUNT(*) AS n FROM sessions WHERE status = 'waiting'`)).toBe(0);
    await env.postInbound({ id: 'f-3', from: AMINA, text: 'start' });
    await settled();
    expect((await first<{ status: string }>(env.db, 'SELECT status FROM contacts WHERE id = ?', [contact!.id]))!.status).toBe('active');
    await env.postInbound({ id: 'f-4', from: AMINA, text: 'join' });
    await settled();
    expect(await env.count(`SELECT COUNT(*) AS n FROM sessions WHERE status = 'waiting'`)).toBe(1);
  });

  it('rejects malformed webhooks with the field at fault and unknown channels with 404', async () => {
    const bad = await env.postInbound({ id: 'b-1', from: '0711000001', text: 'hi' });
    expect(bad.status).toBe(400);
    expect(String(bad.json.error)).toContain('"from"');
    const noText = await env.postInbound({ id: 'b-2', from: AMINA });
    expect(noText.status).toBe(400);
    expect(String(noText.json.error)).toContain('"text"');
    const unknown = await env.postInbound({ id: 'b-3', from: AMINA, text: 'hi' }, '00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
  });

  it('sends replies through the loopback channel and records the provider id', async () => {
    await env.postInbound({ id: 'p-1', from: AMINA, text: 'join' });
    await settled();
    const sender = new OutboxSender(env.rt);
    expect(await sender.tick()).toBe(1);
    expect([...env.provider.accepted.values()].map((m) => [m.to, m.text])).toEqual([[AMINA, 'What is your name?']]);
    const [msg] = await env.messages(`direction = 'out'`);
    expect(msg).toMatchObject({ status: 'wired', attempts: 1 });
    expect(msg!.sent_at).not.toBeNull();
    const status = await env.postJson(`/webhooks/loopback/${env.channel.uuid}/status`, { id: `p-${msg!.uuid}`, status: 'delivered' });
    expect(status.json).toMatchObject({ ok: true, matched: true });
    expect((await env.messages(`direction = 'out'`))[0]!.status).toBe('delivered');
  });
});

describe('opt-out word lists', () => {
  it('reads a plain list or { stop, start }, and matches whole messages without case or accents', async () => {
    const { parseOptOutWords, DEFAULT_START_WORDS } = await import('../../server/messaging/workspace-settings.js');
    const { isOnlyOneOf } = await import('../../server/messaging/words.js');
    expect(parseOptOutWords('["Acha", "STOP"]')).toEqual({ stop: ['acha', 'stop'], start: DEFAULT_START_WORDS });
    expect(parseOptOutWords('{"stop":["sitisha"],"start":["endelea"]}')).toEqual({ stop: ['sitisha'], start: ['endelea'] });
    expect(isOnlyOneOf('  Arrêt. ', ['arret'])).toBe(true);
    expect(isOnlyOneOf('ARRET', ['arrêt'])).toBe(true);
    expect(isOnlyOneOf('stop sending me reminders', ['stop'])).toBe(false);
  });
});
