import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../server/db/schema.js';
import { createTestEnv, outcome, type TestEnv, type WorkspaceKey } from '../server/helpers.js';
import { createApiContext } from '../../server/api/context.js';
import { createCallerFactory, router } from '../../server/api/trpc.js';
import { nlpRouter } from '../../server/api/routers/nlp.js';
import { faqJson, faqTrainingSet } from './faq.js';

const FAQ_SIZE = faqTrainingSet().examples.length;

// The lead mounts nlpRouter in the app router; until then, test it mounted on its own.
const createCaller = createCallerFactory(router({ nlp: nlpRouter }));

let env: TestEnv;
async function as(ws: WorkspaceKey, role: Role) {
  const auth = await env.authFor(ws, role);
  return createCaller(createApiContext({ db: env.db, services: env.services, auth })).nlp;
}

beforeAll(async () => {
  env = await createTestEnv();
});
afterAll(async () => {
  await env.close();
});

describe('nlp router', () => {
  it('lets editors build, train and try a classifier, and viewers read it', async () => {
    const editor = await as('A', 'editor');
    const viewer = await as('A', 'viewer');
    const created = await editor.create({ name: 'Health FAQ', languages: ['eng', 'fra', 'por', 'swa'] });
    expect(created).toMatchObject({ name: 'Health FAQ', languages: ['eng', 'fra', 'por', 'swa'], threshold: 0.6 });

    expect(await editor.importExamples({ uuid: created.uuid, trainingSet: faqJson() })).toEqual({ intents: 8, added: FAQ_SIZE, skipped: 0 });
    const version = await editor.train({ uuid: created.uuid });
    expect(version).toMatchObject({ version: 1, active: true });

    const list = await viewer.list();
    expect(list.map((c) => [c.name, c.activeVersion, c.exampleCount])).toEqual([['Health FAQ', 1, FAQ_SIZE]]);
    const detail = await viewer.get({ uuid: created.uuid });
    expect(detail.intents.map((i) => i.name).at(-1)).toBe('none');
    expect(detail.versions).toHaveLength(1);

    const evaluation = await viewer.evaluation({ uuid: created.uuid });
    expect(evaluation.metrics.accuracy).toBe(version.accuracy);
    expect(Array.isArray(evaluation.metrics.confusion)).toBe(true);

    const tried = await viewer.classify({ uuid: created.uuid, text: 'hatuna glavu kituoni' });
    expect(tried).toMatchObject({ language: 'swa', languageDetected: true, version: version.id, threshold: 0.6 });
    expect(tried.intents[0].name).toBe('stock_out');

    await editor.update({ uuid: created.uuid, threshold: 0.99 });
    const strict = await viewer.classify({ uuid: created.uuid, text: 'vaccine stock', language: 'eng' });
    expect(strict.threshold).toBe(0.99);
    expect(strict.intents[0].name).toBe('none');
  });

  it('enforces roles and workspaces', async () => {
    const viewer = await as('A', 'viewer');
    expect(await outcome(viewer.create({ name: 'Nope', languages: ['eng'] }))).toBe('FORBIDDEN');
    const [mine] = await viewer.list();
    expect(await outcome(viewer.train({ uuid: mine.uuid }))).toBe('FORBIDDEN');
    const otherEditor = await as('B', 'editor');
    expect(await outcome(otherEditor.get({ uuid: mine.uuid }))).toBe('NOT_FOUND');
    expect(await outcome(otherEditor.classify({ uuid: mine.uuid, text: 'hello' }))).toBe('NOT_FOUND');
    expect(await otherEditor.list()).toEqual([]);
  });

  it('turns refusals into precise client errors', async () => {
    const editor = await as('A', 'editor');
    await expect(editor.create({ name: 'Bad', languages: ['deu'] })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/languages\[0\]: "deu" is not a supported language/) });
    const c = await editor.create({ name: 'Empty', languages: ['eng'] });
    await expect(editor.train({ uuid: c.uuid })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/no examples besides "none"/) });
    await expect(editor.evaluation({ uuid: c.uuid })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/has not been trained yet/) });
    await expect(editor.classify({ uuid: c.uuid, text: 'hi' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(editor.removeIntent({ uuid: c.uuid, intent: 'none' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(editor.importExamples({ uuid: c.uuid, trainingSet: { name: 'x' } })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/^trainingSet: training set: languages/) });
    await expect(editor.importExamples({ uuid: c.uuid, trainingSet: faqJson() })).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringMatching(/not set up for fra, por, swa/) });
    await editor.delete({ uuid: c.uuid });
    expect(await outcome(editor.get({ uuid: c.uuid }))).toBe('NOT_FOUND');
  });

  it('adds intents and examples one by one, then rolls back to an earlier version', async () => {
    const editor = await as('A', 'editor');
    const c = await editor.create({ name: 'Small', languages: ['eng'], threshold: 0.5 });
    await editor.addIntent({ uuid: c.uuid, intent: 'greeting' });
    await editor.addIntent({ uuid: c.uuid, intent: 'thanks' });
    await editor.addExamples({ uuid: c.uuid, intent: 'greeting', language: 'eng', texts: ['hello', 'hi there', 'good morning'] });
    await editor.addExamples({ uuid: c.uuid, intent: 'thanks', language: 'eng', texts: ['thank you', 'thanks a lot', 'many thanks'] });
    const v1 = await editor.train({ uuid: c.uuid });
    const detail = await editor.get({ uuid: c.uuid });
    const hello = detail.intents.find((i) => i.name === 'greeting')!.examples.find((e) => e.text === 'hello')!;
    await editor.removeExample({ uuid: c.uuid, exampleId: hello.id });
    const v2 = await editor.train({ uuid: c.uuid });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect(v2.exampleCount).toBe(5);
    const back = await editor.activate({ uuid: c.uuid, version: 1 });
    expect(back).toMatchObject({ version: 1, active: true });
    expect((await editor.versions({ uuid: c.uuid })).map((v) => [v.version, v.active])).toEqual([[2, false], [1, true]]);
    expect((await editor.classify({ uuid: c.uuid, text: 'thanks!', language: 'en' })).intents[0].name).toBe('thanks');
  });
});
