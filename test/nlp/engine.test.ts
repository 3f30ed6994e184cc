/**
 * The classifier service plugged into the flow engine: a flow waits for a message, runs call_classifier,
 * then routes on has_top_intent, as a health-worker FAQ flow would.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../server/helpers.js';
import { resumeSession, startSession } from '../../runtime/engine/index.js';
import type { SessionAssets } from '../../runtime/engine/api.js';
import type { Services } from '../../runtime/services.js';
import { createClassifier, importTrainingSet, trainClassifier } from '../../server/nlp/store.js';
import { createClassifierService } from '../../server/nlp/classifier-service.js';
import { faqRoutingNodes, faqTrainingSet } from './faq.js';

let env: TestEnv;
let classifierUuid: string;

beforeAll(async () => {
  env = await createTestEnv();
  const set = faqTrainingSet();
  const c = await createClassifier(env.db, env.workspaces.A, { name: 'Health FAQ', languages: set.languages });
  classifierUuid = c.uuid;
  await importTrainingSet(env.db, env.workspaces.A, c.uuid, set);
  await trainClassifier(env.db, env.workspaces.A, c.uuid, { userId: null });
});
afterAll(async () => {
  await env.close();
});

function u(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

function faqFlow() {
  return {
    uuid: u(1), name: 'FAQ', spec_version: '14.4.2', language: 'eng', type: 'messaging', revision: 1, expire_after_minutes: 60, localization: {},
    nodes: [
      {
        uuid: u(10), actions: [],
        router: { type: 'switch', operand: '@input.text', result_name: 'Question', cases: [], categories: [{ uuid: u(11), name: 'All Responses', exit_uuid: u(12) }], default_category_uuid: u(11), wait: { type: 'msg' } },
        exits: [{ uuid: u(12), destination_uuid: u(20) }],
      },
      ...faqRoutingNodes(u, classifierUuid),
    ],
  };
}

async function ask(text: string, language: string): Promise<string[]> {
  let n = 0;
  const services: Services = {
    clock: { now: () => new Date('2026-11-25T09:00:00Z') },
    ids: { uuid: () => u(10_000 + n++) },
    random: { next: () => 0.5 },
    classifier: createClassifierService(env.db, env.workspaces.A),
  };
  const assets: SessionAssets = { flows: [faqFlow()], classifiers: [{ uuid: classifierUuid, name: 'Health FAQ', type: 'kiunga', intents: [] }] };
  const contact = { uuid: u(5), name: 'Amina', language, created_on: '2026-01-01T00:00:00Z', urns: ['tel:+254700000001'] };
  const started = await startSession({ assets, trigger: { type: 'manual', flow: { uuid: u(1), name: 'FAQ' }, contact, triggered_on: '2026-11-25T09:00:00Z' }, environment: { allowed_languages: ['eng', 'swa'] }, services });
  expect(started.session.status).toBe('waiting');
  const resumed = await resumeSession({ assets, session: started.session, resume: { type: 'msg', msg: { text, urn: contact.urns[0] } }, services });
  return resumed.events.filter((e) => e.type === 'msg_created').map((e) => (e.msg as { text: string }).text);
}

describe('call_classifier with the Kiunga classifier', () => {
  it('routes Swahili, French and off-topic messages by top intent', async () => {
    expect(await ask('dawa zimeisha kabisa', 'swa')).toEqual(['Stock / stock_out']);
    expect(await ask('quand est la prochaine vaccination', 'fra')).toEqual(['Vaccine / vaccine_schedule']);
    expect(await ask('what is the football score', 'eng')).toEqual(['Not understood / none']);
  });
});
