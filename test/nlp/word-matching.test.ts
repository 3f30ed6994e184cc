/**
 * Matching that forgives, in the flow runtime's word case tests: the workspace setting (nlp.setWordMatching)
 * reaches the engine through its environment (`word_matching`); without it the tests keep goflow's behaviour.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeEnvironment, type EvaluationEnvironment } from '../../runtime/expressions/environment.js';
import { XObject, XText, xText } from '../../runtime/expressions/values.js';
import { isMatch, runCaseTest } from '../../runtime/routers/cases/registry.js';
import type { Environment } from '../../runtime/engine/api.js';
import { appRouter } from '../../server/api/router.js';
import { createApiContext, type ServerServices } from '../../server/api/context.js';
import type { RequestAuth } from '../../server/auth/request-auth.js';
import { FlowEvents } from '../../server/flows/flow-events.js';
import { environmentOf, workspaceSettings } from '../../server/messaging/workspace-settings.js';
import { createMessagingEnv, type MessagingEnv } from '../messaging/harness.js';
import { seedFlow } from '../messaging/seed.js';
import { fixedUuid } from '../messaging/flows.js';

function envWith(wordMatching?: Environment['word_matching']): EvaluationEnvironment {
  return makeEnvironment(wordMatching ? { word_matching: wordMatching } : {});
}

/** The match text of a case test, or null when it does not match. */
function test(env: EvaluationEnvironment, type: string, text: string, argument: string): string | null {
  const result = runCaseTest(env, type, xText(text), [xText(argument)]);
  if (!isMatch(result)) return null;
  const match = (result as XObject).get('match');
  return match instanceof XText ? match.value : null;
}

const goflow = envWith();
const exact = envWith({ mode: 'exact' });
const typos = envWith({ mode: 'typos', max_distance: 1 });
const typos2 = envWith({ mode: 'typos', max_distance: 2 });

describe('word case tests', () => {
  it('ignore case and accents by default (goflow), and never forgive typos unless asked', () => {
    expect(test(goflow, 'has_any_word', 'Je veux le VACCINÉ', 'vaccine')).toBe('VACCINÉ');
    expect(test(goflow, 'has_any_word', 'when is the vacine day', 'vaccine')).toBeNull();
    expect(test(goflow, 'has_phrase', 'the vacine day', 'vaccine day')).toBeNull();
  });

  it('"exact" keeps accents significant, still ignoring case', () => {
    expect(test(exact, 'has_any_word', 'VACCINE please', 'vaccine')).toBe('VACCINE');
    expect(test(exact, 'has_any_word', 'Je veux le VACCINÉ', 'vaccine')).toBeNull();
    expect(test(exact, 'has_beginning', 'Arrêt maintenant', 'arret')).toBeNull();
    expect(test(goflow, 'has_beginning', 'Arrêt maintenant', 'arret')).toBe('Arrêt');
  });

  it('"typos" forgives one edit per word in every word test', () => {
    expect(test(typos, 'has_any_word', 'when is the vacine day', 'vaccine')).toBe('vacine');
    expect(test(typos, 'has_any_word', 'VACÍNE please', 'vaccine')).toBe('VACÍNE'); // accents, case and a missing letter
    expect(test(typos, 'has_any_word', 'the vaccien day', 'vaccine')).toBe('vaccien'); // two letters swapped
    expect(test(typos, 'has_all_words', 'malria tests finished', 'malaria tests')).toBe('malria tests');
    expect(test(typos, 'has_phrase', 'next vacination day please', 'vaccination day')).toBe('vacination day');
    expect(test(typos, 'has_only_phrase', 'Stok oot', 'stock out')).toBeNull(); // "out" is short: spelt right or no match
    expect(test(typos, 'has_only_phrase', 'stok OUT', 'stock out')).toBe('stok OUT');
    expect(test(typos, 'has_beginning', 'Vacine day tomorrow', 'vaccine day')).toBe('Vacine day');
  });

  it('stays strict where forgiving would mislead', () => {
    expect(test(typos, 'has_any_word', 'tax office', 'vax')).toBeNull(); // short words must be spelt right
    expect(test(typos, 'has_any_word', 'vaccinate', 'vaccine')).toBeNull(); // two edits
    expect(test(typos2, 'has_any_word', 'vaccinate', 'vaccine')).toBe('vaccinate');
    expect(test(typos, 'has_all_words', 'malaria only', 'malaria tests')).toBeNull();
    expect(test(typos, 'has_only_phrase', 'stock out now', 'stock out')).toBeNull();
  });
});

describe('the workspace setting', () => {
  let env: MessagingEnv;
  const flowEvents = new FlowEvents();
  const u = (n: number) => fixedUuid(n, 7);

  async function api(role: 'editor' | 'viewer') {
    const workspace = await env.db.selectFrom('workspaces').selectAll().where('id', '=', env.workspaceId).executeTakeFirstOrThrow();
    const auth: RequestAuth = { kind: 'api_token', user: null, workspace, role, loginSessionId: null, apiTokenId: 'test-token' };
    return appRouter.createCaller(createApiContext({ db: env.db, services: { flowEvents, clock: { now: () => new Date() } } as unknown as ServerServices, auth }));
  }

  /** "Vaccine?" → has_any_word(vaccine) → "yes" / "no". */
  const keywordFlow = {
    uuid: u(1), name: 'Keyword', spec_version: '14.3.0', language: 'eng', type: 'messaging', revision: 1, expire_after_minutes: 60, localization: {},
    nodes: [
      {
        uuid: u(10), actions: [],
        router: {
          type: 'switch', operand: '@input.text', wait: { type: 'msg' }, result_name: 'Topic',
          cases: [{ uuid: u(11), type: 'has_any_word', arguments: ['vaccine'], category_uuid: u(12) }],
          categories: [{ uuid: u(12), name: 'Vaccine', exit_uuid: u(13) }, { uuid: u(14), name: 'Other', exit_uuid: u(15) }],
          default_category_uuid: u(14),
        },
        exits: [{ uuid: u(13), destination_uuid: u(20) }, { uuid: u(15), destination_uuid: u(30) }],
      },
      { uuid: u(20), actions: [{ uuid: u(21), type: 'send_msg', text: 'yes' }], exits: [{ uuid: u(22), destination_uuid: null }] },
      { uuid: u(30), actions: [{ uuid: u(31), type: 'send_msg', text: 'no' }], exits: [{ uuid: u(32), destination_uuid: null }] },
    ],
  };

  beforeAll(async () => {
    env = await createMessagingEnv();
  });
  afterAll(async () => {
    await env.close();
  });

  async function simulate(flowId: string, text: string): Promise<string[]> {
    const caller = await api('editor');
    const started = await caller.messaging.simulator.start({ flowId, contact: { name: 'Amina', language: 'eng' } });
    const reply = await caller.messaging.simulator.reply({ sessionUuid: started.sessionUuid, text });
    return reply.messages.map((m) => m.text);
  }

  it('defaults to goflow matching and leaves the engine environment untouched', async () => {
    expect(await (await api('viewer')).nlp.wordMatching()).toMatchObject({ mode: 'accents_case', maxTypos: 1, modes: ['exact', 'accents_case', 'typos'] });
    expect(environmentOf(await workspaceSettings(env.db, env.workspaceId, 0))).not.toHaveProperty('word_matching');
  });

  it('reaches running flows at once when an editor turns typos on', async () => {
    const flowId = await seedFlow(env.db, env.workspaceId, keywordFlow);
    expect(await simulate(flowId, 'when is the vacine day')).toEqual(['no']);
    expect(await (await api('editor')).nlp.setWordMatching({ mode: 'typos', maxTypos: 1 })).toEqual({ mode: 'typos', maxTypos: 1 });
    expect(environmentOf(await workspaceSettings(env.db, env.workspaceId)).word_matching).toEqual({ mode: 'typos', max_distance: 1 });
    expect(await simulate(flowId, 'when is the vacine day')).toEqual(['yes']);
    expect(await simulate(flowId, 'VACCINÉ')).toEqual(['yes']);
    await (await api('editor')).nlp.setWordMatching({ mode: 'exact', maxTypos: 1 });
    expect(await simulate(flowId, 'VACCINÉ')).toEqual(['no']);
    await (await api('editor')).nlp.setWordMatching({ mode: 'accents_case', maxTypos: 1 });
    expect(await simulate(flowId, 'VACCINÉ')).toEqual(['yes']);
  });

  it('refuses viewers and impossible values', async () => {
    await expect((await api('viewer')).nlp.setWordMatching({ mode: 'typos', maxTypos: 1 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect((await api('editor')).nlp.setWordMatching({ mode: 'typos', maxTypos: 9 })).rejects.toThrow(/maxTypos/);
    await expect((await api('editor')).nlp.setWordMatching({ mode: 'loose' as 'typos', maxTypos: 1 })).rejects.toThrow(/mode/);
  });
});
