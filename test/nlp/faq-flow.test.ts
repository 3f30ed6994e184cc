/**
 * The library's FAQ flow (flows-library/faq): imported and published through the API with its classifier
 * (installed from the manifest and trained), it answers by intent in English and French in the simulator;
 * with automatic replies on, a live question it understands is answered by the flow, and one it does not
 * understand stays in the inbox (handled, no session, no reply) for a person.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter } from '../../server/api/router.js';
import { createApiContext, type ServerServices } from '../../server/api/context.js';
import type { RequestAuth } from '../../server/auth/request-auth.js';
import { FlowEvents } from '../../server/flows/flow-events.js';
import { installLibraryClassifier, libraryClassifierEntry } from '../../server/nlp/library-classifier.js';
import { automaticReplyFlow } from '../../server/nlp/automatic-replies.js';
import { createMessagingEnv, type MessagingEnv } from '../messaging/harness.js';
import { phoneOf, seedContacts, seedFlow } from '../messaging/seed.js';

const FOLDER = path.resolve(import.meta.dirname, '../../flows-library/faq');
const exported = JSON.parse(fs.readFileSync(path.join(FOLDER, 'flow.json'), 'utf8')) as { flows: Record<string, unknown>[] };
const manifest = JSON.parse(fs.readFileSync(path.join(FOLDER, 'manifest.json'), 'utf8')) as Record<string, unknown>;
const faq = exported.flows[0]!;

const HANDOFF_EN = 'Thank you. I cannot answer this automatically: a colleague will reply to you here soon.';

let env: MessagingEnv;
let flowId: string;
const flowEvents = new FlowEvents();

async function api() {
  const workspace = await env.db.selectFrom('workspaces').selectAll().where('id', '=', env.workspaceId).executeTakeFirstOrThrow();
  const auth: RequestAuth = { kind: 'api_token', user: null, workspace, role: 'editor', loginSessionId: null, apiTokenId: 'test-token' };
  return appRouter.createCaller(createApiContext({ db: env.db, services: { flowEvents, clock: { now: () => new Date() } } as unknown as ServerServices, auth }));
}

beforeAll(async () => {
  env = await createMessagingEnv(); // workspace languages: eng, fra
  const installed = await installLibraryClassifier(env.db, env.workspaceId, FOLDER, { userId: null });
  expect(installed).toMatchObject({ created: true, version: 1 });
  flowId = await seedFlow(env.db, env.workspaceId, faq);
}, 60_000);
afterAll(async () => {
  await env.close();
});

describe('the FAQ library entry', () => {
  it('has a gallery manifest in English and French naming the classifier its flow calls', () => {
    expect(manifest).toMatchObject({ id: 'faq', use_case: 'automated_replies', languages: ['eng', 'fra'] });
    for (const key of ['title', 'description'] as const) {
      const text = manifest[key] as Record<string, string>;
      expect(text.en.length).toBeGreaterThan(10);
      expect(text.fr.length).toBeGreaterThan(10);
    }
    const entry = libraryClassifierEntry(manifest)!;
    expect(JSON.stringify(faq)).toContain(entry.uuid);
    expect(() => libraryClassifierEntry({ classifier: { ...entry, training_set: '../secrets.json' } })).toThrow(/manifest\.classifier\.training_set/);
  });

  it('installs its classifier once', async () => {
    expect(await installLibraryClassifier(env.db, env.workspaceId, FOLDER, { userId: null })).toMatchObject({ created: false });
  });
});

describe('the FAQ flow in the simulator', () => {
  async function conversation(language: 'eng' | 'fra', question: string) {
    const caller = await api();
    const started = await caller.messaging.simulator.start({ flowId, contact: { name: 'Amina', language } });
    expect(started.status).toBe('waiting');
    const answered = await caller.messaging.simulator.reply({ sessionUuid: started.sessionUuid, text: question });
    return { greeting: started.messages.map((m) => m.text), answer: answered.messages.map((m) => m.text), status: answered.status, results: answered.results as Record<string, { category?: string; value?: string }> };
  }

  it('answers in English', async () => {
    const { greeting, answer, status, results } = await conversation('eng', 'when is the next vaccination day');
    expect(greeting[0]).toMatch(/^Hello! Ask your question/);
    expect(answer).toHaveLength(1);
    expect(answer[0]).toMatch(/^Routine vaccination sessions/);
    expect(status).toBe('completed');
    expect(results.topic?.category).toBe('Vaccination');
    expect(results.intent?.value).toBe('vaccine_schedule');
  });

  it('answers in French', async () => {
    const { greeting, answer, results } = await conversation('fra', 'nous sommes en rupture de stock de tests de paludisme');
    expect(greeting[0]).toMatch(/^Bonjour ! Posez votre question/);
    expect(answer[0]).toMatch(/^Pour signaler une rupture de stock/);
    expect(results.topic?.category).toBe('Stock');
  });

  it('hands an off-topic question over to a colleague', async () => {
    const { answer, results } = await conversation('eng', 'what is the football score');
    expect(answer).toEqual([HANDOFF_EN]);
    expect(results.topic?.category).toBe('Not understood');
    const fr = await conversation('fra', 'quel temps fera-t-il à Paris demain');
    expect(fr.answer[0]).toMatch(/^Merci\. Je ne peux pas répondre automatiquement/);
  });
});

describe('automatic replies on live messages', () => {
  let n = 0;
  async function say(contact: number, text: string): Promise<void> {
    const answer = await env.postInbound({ id: `faq-${++n}`, from: `tel:${phoneOf(contact)}`, text });
    expect(answer.status).toBe(200);
    await env.until(async () => (await env.count(`SELECT COUNT(*) AS n FROM messages WHERE direction = 'in' AND status = 'pending'`)) === 0, 10_000, 'inbound handled');
    await env.rt.locks.idle();
  }
  const messagesOf = (contact: number, direction: 'in' | 'out') =>
    env.messages(`direction = ? AND contact_id = (SELECT contact_id FROM contact_urns WHERE identity = ?)`, [direction, `tel:${phoneOf(contact)}`]);

  it('refuses a setting that names nothing real', async () => {
    const caller = await api();
    await expect(caller.nlp.setAutomaticReplies({ classifierUuid: 'nope', flowUuid: faq.uuid as string })).rejects.toThrow(/classifierUuid: no classifier nope/);
    await expect(caller.nlp.setAutomaticReplies({ classifierUuid: libraryClassifierEntry(manifest)!.uuid, flowUuid: 'nope' })).rejects.toThrow(/flowUuid: no active flow nope/);
  });

  it('answers understood questions with the FAQ flow and leaves the others in the inbox', async () => {
    await seedContacts(env.db, env.workspaceId, 2, { language: (i) => (i === 0 ? 'eng' : 'fra') });
    // Off: nothing answers, the message is one no flow handled.
    await say(0, 'when is the vaccination day');
    expect((await messagesOf(0, 'out')).length).toBe(0);

    const caller = await api();
    const setting = { classifierUuid: libraryClassifierEntry(manifest)!.uuid, flowUuid: faq.uuid as string };
    expect(await caller.nlp.setAutomaticReplies(setting)).toEqual(setting);
    expect(await caller.nlp.automaticReplies()).toEqual(setting);

    await say(1, 'quand est la prochaine journée de vaccination');
    const [frAnswer] = await messagesOf(1, 'out');
    expect(frAnswer?.text).toMatch(/^Les séances de vaccination/);
    const [frQuestion] = await messagesOf(1, 'in');
    expect(frQuestion).toMatchObject({ status: 'handled', session_id: expect.any(String) });

    await say(0, 'what is the football score tonight');
    const inbox = (await messagesOf(0, 'in')).filter((m) => m.session_id === null);
    expect(inbox.map((m) => m.text)).toEqual(['when is the vaccination day', 'what is the football score tonight']);
    expect(inbox.every((m) => m.status === 'handled')).toBe(true);
    expect((await messagesOf(0, 'out')).length).toBe(0); // a person answers, not a wrong automatic reply

    await caller.nlp.setAutomaticReplies(null);
    expect(await caller.nlp.automaticReplies()).toBeNull();
  });

  it('leaves the message for a person when the classifier cannot answer', async () => {
    const failing = { classify: () => Promise.reject(new Error('model missing')) };
    await (await api()).nlp.setAutomaticReplies({ classifierUuid: libraryClassifierEntry(manifest)!.uuid, flowUuid: faq.uuid as string });
    expect(await automaticReplyFlow(env.db, env.workspaceId, { text: 'vaccination day', language: 'eng' }, failing)).toBeNull();
    expect(await automaticReplyFlow(env.db, env.workspaceId, { text: '   ', language: 'eng' }, failing)).toBeNull();
  });
});
