/**
 * The messaging tRPC router through createCaller: simulator (real engine, nothing sent, effects
 * recorded), broadcasts, starts, message folders, channels without secrets, roles.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appRouter } from '../../server/api/router.js';
import { createApiContext, type ServerServices } from '../../server/api/context.js';
import type { Role } from '../../server/db/schema.js';
import type { RequestAuth } from '../../server/auth/request-auth.js';
import { FlowEvents } from '../../server/flows/flow-events.js';
import { OutboxSender } from '../../server/jobs/outbox-sender.js';
import { BulkLoop } from '../../server/jobs/bulk-loop.js';
import { first } from '../../server/messaging/sql.js';
import { createMessagingEnv, type MessagingEnv } from './harness.js';
import { twoQuestionFlow } from './flows.js';
import { seedContacts, seedFlow, seedGroup } from './seed.js';

let env: MessagingEnv;
let flowEvents: FlowEvents;

async function caller(role: Role) {
  const workspace = await env.db.selectFrom('workspaces').selectAll().where('id', '=', env.workspaceId).executeTakeFirstOrThrow();
  const auth: RequestAuth = { kind: 'api_token', user: null, workspace, role, loginSessionId: null, apiTokenId: 'test-token' };
  return appRouter.createCaller(createApiContext({ db: env.db, services: { flowEvents } as unknown as ServerServices, auth }));
}

beforeEach(async () => {
  env = await createMessagingEnv();
  flowEvents = new FlowEvents();
});
afterEach(async () => {
  await env.close();
});

describe('messaging.simulator', () => {
  it('runs the draft with the real engine, records messages without sending, and resumes', async () => {
    const flowId = await seedFlow(env.db, env.workspaceId, twoQuestionFlow({ timeoutSeconds: 300 }), { publish: false });
    const api = await caller('editor');
    const started = await api.messaging.simulator.start({ flowId, contact: { name: 'Amina', language: 'eng' } });
    expect(started.status).toBe('waiting');
    expect(started.messages.map((m) => m.text)).toEqual(['What is your name?']);
    expect(started.events.map((e) => e.type)).toEqual(expect.arrayContaining(['run_started', 'msg_created', 'msg_wait']));
    expect(started.segments.length).toBeGreaterThan(0);
    const reply = await api.messaging.simulator.reply({ sessionUuid: started.sessionUuid, text: 'Amina' });
    expect(reply.messages.map((m) => m.text)).toEqual(['How old are you, Amina?']);
    expect(reply.results).toMatchObject({ name: { value: 'Amina' } });
    const done = await api.messaging.simulator.reply({ sessionUuid: started.sessionUuid, text: '29' });
    expect(done.status).toBe('completed');
    expect(done.contact?.name).toBe('Amina');
    const session = await first<{ simulated: number }>(env.db, 'SELECT simulated FROM sessions WHERE uuid = ?', [started.sessionUuid]);
    expect(session!.simulated).toBe(1);
    // Nothing is queued for a real channel, nothing reaches the provider, no timers were created.
    expect(await env.count(`SELECT COUNT(*) AS n FROM messages WHERE status IN ('queued', 'sending') OR channel_id IS NOT NULL`)).toBe(0);
    await new OutboxSender(env.rt).tick();
    expect(env.provider.attempts).toBe(0);
    expect(await env.count(`SELECT COUNT(*) AS n FROM timers`)).toBe(0);
    await expect(api.messaging.simulator.reply({ sessionUuid: started.sessionUuid, text: 'again' })).rejects.toThrow(/completed, not waiting/);
    // The simulator's contact and its messages stay out of the contact list and the message folders.
    const [real] = await seedContacts(env.db, env.workspaceId, 1);
    expect(await env.count(`SELECT COUNT(*) AS n FROM contacts WHERE fhir_ref = 'kiunga:simulator'`)).toBe(1);
    const listed = await api.contacts.list({});
    expect(listed.items.map((c) => c.id)).toEqual([real]);
    expect(listed.total).toBe(1);
    expect(await api.contacts.list({ status: 'archived' })).toMatchObject({ total: 0, items: [] });
    expect(await api.messaging.messages.list({ folder: 'all' })).toEqual([]);
  });

  it('simulates a timeout and an unsaved definition', async () => {
    const flowId = await seedFlow(env.db, env.workspaceId, twoQuestionFlow({ timeoutSeconds: 300 }));
    const api = await caller('editor');
    const started = await api.messaging.simulator.start({ flowId, contact: { name: 'B', language: 'fra' } });
    expect(started.messages[0]!.text).toBe('Quel est votre nom ?');
    const timedOut = await api.messaging.simulator.timeout({ sessionUuid: started.sessionUuid });
    expect(timedOut.messages.map((m) => m.text)).toEqual(['We will ask again later.']);
    const edited = twoQuestionFlow();
    ((edited.nodes as { actions: { text: string }[] }[])[0]!.actions[0]!).text = 'Unsaved question?';
    const draft = await api.messaging.simulator.start({ flowId, definition: edited, contact: { name: 'C', language: 'eng' } });
    expect(draft.messages[0]!.text).toBe('Unsaved question?');
    await expect(api.messaging.simulator.start({ flowId: 'nope', contact: { name: 'x' } })).rejects.toThrow(/no such flow/);
  });

  it('is refused to viewers', async () => {
    const flowId = await seedFlow(env.db, env.workspaceId, twoQuestionFlow());
    const api = await caller('viewer');
    await expect(api.messaging.simulator.start({ flowId, contact: { name: 'x' } })).rejects.toThrow(/editor role/);
  });
});

describe('messaging.broadcasts and starts', () => {
  it('creates, lists with counts, gets and cancels broadcasts', async () => {
    const { groupId, groupUuid } = await seedGroup(env.db, env.workspaceId, 'Nurses');
    await seedContacts(env.db, env.workspaceId, 20, { groupId });
    const api = await caller('editor');
    const { id } = await api.messaging.broadcasts.create({ text: 'Stock count due Friday', targets: { groups: [groupUuid] } });
    const bulk = new BulkLoop(env.rt);
    while ((await bulk.tick()) > 0);
    await new OutboxSender(env.rt).tick();
    const got = await api.messaging.broadcasts.get({ id });
    expect(got).toMatchObject({ text: 'Stock count due Friday', baseLanguage: 'eng', status: 'queued', counts: { sent: 20, queued: 0 } });
    expect(got.totals).not.toHaveProperty('cursor');
    const list = await (await caller('viewer')).messaging.broadcasts.list({ limit: 10 });
    expect(list.map((b) => b.id)).toEqual([id]);
    const second = await api.messaging.broadcasts.create({ translations: { eng: { text: 'Later' } }, targets: { all: true }, schedule: { kind: 'daily', hour: 7, minute: 0 } });
    expect(second.status).toBe('scheduled');
    expect(await api.messaging.broadcasts.cancel({ id: second.id })).toEqual({ cancelled: true });
    await expect(api.messaging.broadcasts.create({ text: 'x', targets: {} })).rejects.toThrow(/select nobody/);
    await expect(api.messaging.broadcasts.get({ id: 'missing' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('creates, lists and cancels flow starts', async () => {
    const flowId = await seedFlow(env.db, env.workspaceId, twoQuestionFlow());
    await seedContacts(env.db, env.workspaceId, 5);
    const api = await caller('editor');
    const { id } = await api.messaging.starts.create({ flowId, targets: { all: true } });
    const bulk = new BulkLoop(env.rt);
    while ((await bulk.tick()) > 0);
    const [start] = await api.messaging.starts.list({ limit: 5 });
    expect(start).toMatchObject({ id, flowId, flowName: 'Two questions', status: 'completed', totals: { queued: 5 } });
    expect(await api.messaging.starts.cancel({ id })).toEqual({ cancelled: false });
  });
});

describe('messaging.messages and channels', () => {
  it('lists the inbox (messages no flow handled) with search', async () => {
    await env.postInbound({ id: 'i-1', from: 'tel:+254711000009', text: 'No gloves at Kilifi clinic' });
    await env.postInbound({ id: 'i-2', from: 'tel:+254711000009', text: 'thanks' });
    await env.until(async () => (await env.count(`SELECT COUNT(*) AS n FROM messages WHERE status = 'pending'`)) === 0);
    const api = await caller('viewer');
    const inbox = await api.messaging.messages.list({ folder: 'inbox' });
    expect(inbox.map((m) => m.text)).toEqual(['thanks', 'No gloves at Kilifi clinic']);
    const found = await api.messaging.messages.list({ folder: 'inbox', search: 'GLOVES' });
    expect(found.map((m) => m.text)).toEqual(['No gloves at Kilifi clinic']);
    expect(found[0]!.urn).toBe('tel:+254711000009');
  });

  it('creates and updates channels without ever returning secrets', async () => {
    const admin = await caller('admin');
    const created = await admin.messaging.channels.create({ name: 'Lab', type: 'loopback', address: '+254700000009', config: { send_url: 'http://127.0.0.1:9/send', token: 's3cret' } });
    expect(created.config).toEqual({ send_url: 'http://127.0.0.1:9/send' });
    expect(created.secretsSet).toEqual(['token']);
    expect(JSON.stringify(await admin.messaging.channels.list())).not.toContain('s3cret');
    const updated = await admin.messaging.channels.update({ id: created.id, name: 'Lab 2', config: { timeout_ms: 2000 } });
    expect(updated).toMatchObject({ name: 'Lab 2', config: { send_url: 'http://127.0.0.1:9/send', timeout_ms: 2000 }, secretsSet: ['token'] });
    const stored = await first<{ config: string }>(env.db, 'SELECT config FROM channels WHERE id = ?', [created.id]);
    expect(JSON.parse(stored!.config).token).toBe('s3cret');
    await expect(admin.messaging.channels.create({ name: 'Bad', type: 'loopback', config: {} })).rejects.toThrow(/"send_url" is required/);
    await expect(admin.messaging.channels.create({ name: 'Bad', type: 'pigeon', config: {} })).rejects.toThrow(/unknown channel type "pigeon"/);
    await expect((await caller('editor')).messaging.channels.create({ name: 'x', type: 'loopback', config: {} })).rejects.toThrow(/admin role/);
  });
});
