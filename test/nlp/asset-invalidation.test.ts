/**
 * The NLP API drops the workspace's cached session assets when classifiers change (as a flow publish does),
 * so running flows see a new classifier, its intents and a new trained version at their next message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../server/helpers.js';
import { createApiContext } from '../../server/api/context.js';
import { createCallerFactory, router } from '../../server/api/trpc.js';
import { nlpRouter } from '../../server/api/routers/nlp.js';
import { assetCache } from '../../server/messaging/assets.js';
import { runtimeFor } from '../../server/messaging/runtime.js';
import { faqJson } from './faq.js';

const createCaller = createCallerFactory(router({ nlp: nlpRouter }));
let env: TestEnv;

beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

describe('classifier changes and the asset cache', () => {
  it('reload the assets after create, import, train, activate and delete', async () => {
    const nlp = createCaller(createApiContext({ db: env.db, services: env.services, auth: await env.authFor('A', 'editor') })).nlp;
    const ws = env.workspaces.A;
    const classifiersNow = async () => (await assetCache.get(env.db, ws, 'published')).session.classifiers ?? [];
    const loadedAt = async () => (await runtimeFor(env.db).assets.get(env.db, ws, 'published')).loadedAt;

    expect(await classifiersNow()).toEqual([]); // cached now, for 5 s
    const created = await nlp.create({ name: 'Health FAQ', languages: ['eng', 'fra', 'por', 'swa'] });
    expect((await classifiersNow()).map((c) => [c.name, c.intents])).toEqual([['Health FAQ', ['none']]]);

    await nlp.importExamples({ uuid: created.uuid, trainingSet: faqJson() });
    expect((await classifiersNow())[0]!.intents).toContain('stock_out');

    const beforeTrain = await loadedAt();
    await new Promise((r) => setTimeout(r, 5));
    await nlp.train({ uuid: created.uuid });
    const afterTrain = await loadedAt();
    expect(afterTrain).toBeGreaterThan(beforeTrain);
    await nlp.train({ uuid: created.uuid });
    await new Promise((r) => setTimeout(r, 5));
    await nlp.activate({ uuid: created.uuid, version: 1 });
    expect(await loadedAt()).toBeGreaterThan(afterTrain);

    await nlp.delete({ uuid: created.uuid });
    expect(await classifiersNow()).toEqual([]);
  }, 60_000);
});
