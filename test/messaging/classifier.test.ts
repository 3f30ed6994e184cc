/**
 * Classifiers in the messaging loop: an inbound message over the loopback webhook resumes a live flow
 * that runs call_classifier on it and routes with has_top_intent, through the workspace's trained FAQ
 * classifier (flows-library/faq/training.json); the workspace assets carry the classifiers.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AssetCache } from '../../server/messaging/assets.js';
import { simulateResume, simulateStart } from '../../server/messaging/simulator.js';
import { activateVersion, createClassifier, importTrainingSet, trainClassifier } from '../../server/nlp/store.js';
import { faqRoutingNodes, faqTrainingSet } from '../nlp/faq.js';
import { createMessagingEnv, type MessagingEnv } from './harness.js';
import { fixedUuid } from './flows.js';
import { phoneOf, seedContacts, seedFlow, seedTrigger } from './seed.js';

const u = (n: number) => fixedUuid(n, 6);

/** "faq" → "What is your question?" → call_classifier → has_top_intent → "<category> / <intent>". */
function faqFlow(classifierUuid: string): Record<string, unknown> {
  return {
    uuid: u(1), name: 'Health FAQ', spec_version: '14.4.2', language: 'eng', type: 'messaging', revision: 1, expire_after_minutes: 60, localization: {},
    nodes: [
      {
        // the keyword message answers this first wait
        uuid: u(5), actions: [],
        router: { type: 'switch', operand: '@input.text', wait: { type: 'msg' }, cases: [], categories: [{ uuid: u(6), name: 'All Responses', exit_uuid: u(7) }], default_category_uuid: u(6) },
        exits: [{ uuid: u(7), destination_uuid: u(10) }],
      },
      {
        uuid: u(10), actions: [{ uuid: u(13), type: 'send_msg', text: 'What is your question?' }],
        router: { type: 'switch', operand: '@input.text', result_name: 'Question', wait: { type: 'msg' }, cases: [], categories: [{ uuid: u(11), name: 'All Responses', exit_uuid: u(12) }], default_category_uuid: u(11) },
        exits: [{ uuid: u(12), destination_uuid: u(20) }],
      },
      ...faqRoutingNodes(u, classifierUuid),
    ],
  };
}

let classifierUuid: string;
let flowId: string;
let env: MessagingEnv;

describe('call_classifier in live sessions', () => {
  beforeAll(async () => {
    env = await createMessagingEnv();
    const set = faqTrainingSet();
    const classifier = await createClassifier(env.db, env.workspaceId, { name: 'Health FAQ', languages: set.languages });
    classifierUuid = classifier.uuid;
    await importTrainingSet(env.db, env.workspaceId, classifier.uuid, set);
    await trainClassifier(env.db, env.workspaceId, classifier.uuid, { userId: null });
    flowId = await seedFlow(env.db, env.workspaceId, faqFlow(classifierUuid));
    await seedTrigger(env.db, env.workspaceId, 'faq', flowId);
    // contact 0 speaks English, contact 1 French
    await seedContacts(env.db, env.workspaceId, 2, { language: (i) => (i === 0 ? 'eng' : 'fra') });
  });
  afterAll(async () => {
    await env.close();
  });

  let n = 0;
  async function say(contact: number, text: string): Promise<void> {
    const answer = await env.postInbound({ id: `ext-${++n}`, from: `tel:${phoneOf(contact)}`, text });
    expect(answer.status).toBe(200);
    await env.until(async () => (await env.count(`SELECT COUNT(*) AS n FROM messages WHERE direction = 'in' AND status = 'pending'`)) === 0, 10_000, 'inbound handled');
    await env.rt.locks.idle();
  }

  async function lastReply(contact: number): Promise<string | undefined> {
    const out = await env.messages(`direction = 'out' AND contact_id = (SELECT contact_id FROM contact_urns WHERE identity = ?)`, [`tel:${phoneOf(contact)}`]);
    return out.at(-1)?.text;
  }

  async function ask(contact: number, question: string): Promise<string | undefined> {
    await say(contact, 'faq');
    expect(await lastReply(contact)).toBe('What is your question?');
    await say(contact, question);
    return lastReply(contact);
  }

  it('gives the live sessions the workspace classifiers as assets', async () => {
    const assets = await env.rt.assets.get(env.db, env.workspaceId, 'published');
    expect(assets.session.classifiers).toEqual([{ uuid: classifierUuid, name: 'Health FAQ', type: 'kiunga', intents: expect.arrayContaining(['none', 'stock_out', 'vaccine_schedule']) }]);
  });

  it('routes the reply that resumes the flow by its top intent, in the contact language', async () => {
    expect(await ask(0, 'we have completely run out of malaria tests')).toBe('Stock / stock_out');
    expect(await ask(1, 'quand est la prochaine vaccination')).toBe('Vaccine / vaccine_schedule');
    expect(await ask(0, 'what is the football score')).toBe('Not understood / none');
  });

  it('keeps classifying after a retrain and a rollback (the active version is read per message, no asset reload)', async () => {
    // version 2 is trained on the same examples; rolling back to version 1 still classifies at once
    await trainClassifier(env.db, env.workspaceId, classifierUuid, { userId: null });
    await activateVersion(env.db, env.workspaceId, classifierUuid, 1);
    expect(await ask(0, 'no more vaccines in the fridge')).toBe('Stock / stock_out');
  });
});

describe('call_classifier in the simulator', () => {
  beforeAll(async () => {
    env = await createMessagingEnv();
    const set = faqTrainingSet();
    const classifier = await createClassifier(env.db, env.workspaceId, { name: 'Health FAQ', languages: set.languages });
    await importTrainingSet(env.db, env.workspaceId, classifier.uuid, set);
    await trainClassifier(env.db, env.workspaceId, classifier.uuid, { userId: null });
    flowId = await seedFlow(env.db, env.workspaceId, faqFlow(classifier.uuid), { publish: false });
  });
  afterAll(async () => {
    await env.close();
  });

  it('classifies simulated replies with the workspace classifier', async () => {
    let answer = await simulateStart(env.rt, { workspaceId: env.workspaceId, flowId, contact: { name: 'Sim', language: 'eng' } });
    answer = await simulateResume(env.rt, { workspaceId: env.workspaceId, sessionUuid: answer.sessionUuid, resume: { type: 'msg', text: 'faq' } });
    expect(answer.messages.map((m) => m.text)).toEqual(['What is your question?']);
    answer = await simulateResume(env.rt, { workspaceId: env.workspaceId, sessionUuid: answer.sessionUuid, resume: { type: 'msg', text: 'the facility has no ORS left at all' } });
    expect(answer.messages.map((m) => m.text)).toEqual(['Stock / stock_out']);
    expect(answer.status).toBe('completed');
  });
});

describe('classifier assets and the asset cache', () => {
  beforeEach(async () => {
    env = await createMessagingEnv();
  });
  afterEach(async () => {
    await env.close();
  });

  it('caches the classifiers with the other assets until they are invalidated', async () => {
    const cache = new AssetCache(60_000);
    expect((await cache.get(env.db, env.workspaceId)).session.classifiers).toEqual([]);
    const classifier = await createClassifier(env.db, env.workspaceId, { name: 'Malaria', languages: ['eng'] });
    expect((await cache.get(env.db, env.workspaceId)).session.classifiers).toEqual([]);
    cache.invalidate(env.workspaceId);
    expect((await cache.get(env.db, env.workspaceId)).session.classifiers).toEqual([{ uuid: classifier.uuid, name: 'Malaria', type: 'kiunga', intents: ['none'] }]);
  });
});
