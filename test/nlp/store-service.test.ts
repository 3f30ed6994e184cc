import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestEnv, type TestEnv } from '../server/helpers.js';
import {
  activateVersion, addExamples, addIntent, classifierAssets, createClassifier, deleteClassifier, importTrainingSet, listClassifiers, listIntents,
  listVersions, removeExample, removeIntent, trainClassifier, updateClassifier, versionEvaluation,
} from '../../server/nlp/store.js';
import { NlpStoreError } from '../../server/nlp/store-error.js';
import { asNlpDb } from '../../server/nlp/schema.js';
import { cachedModelCount, createClassifierService } from '../../server/nlp/classifier-service.js';
import type { Classifier } from '../../runtime/services.js';
import type { EvaluationMetrics } from '../../server/nlp/evaluation.js';
import { faqTrainingSet } from './faq.js';

const FAQ_SIZE = faqTrainingSet().examples.length;

let env: TestEnv;
let wsA: string;
let wsB: string;
const clock = { now: () => new Date('2026-11-25T09:00:00Z') };

beforeAll(async () => {
  env = await createTestEnv();
  wsA = env.workspaces.A;
  wsB = env.workspaces.B;
});
afterAll(async () => {
  await env.close();
});

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    if (error instanceof NlpStoreError) return `${error.code}: ${error.message}`;
    throw error;
  }
}

describe('migration 0003_nlp', () => {
  it('creates the classifier tables', async () => {
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name like 'classifier%' order by name`.execute(env.db);
    expect(tables.rows.map((r) => r.name)).toEqual(['classifier_examples', 'classifier_intents', 'classifier_versions', 'classifiers']);
  });
});

describe('classifiers, intents and examples', () => {
  it('creates a classifier with its mandatory "none" intent', async () => {
    const row = await createClassifier(env.db, wsA, { name: ' Triage ', languages: ['en', 'swa'] }, clock);
    expect(row).toMatchObject({ name: 'Triage', languages: '["eng","swa"]', threshold: 0.6, active_version_id: null });
    expect((await listIntents(env.db, wsA, row.uuid)).map((i) => i.name)).toEqual(['none']);
    expect(await refusal(removeIntent(env.db, wsA, row.uuid, 'none'))).toMatch(/invalid: intent: "none" is part of every classifier/);
  });

  it('refuses bad input with the field and the reason', async () => {
    expect(await refusal(createClassifier(env.db, wsA, { name: 'x', languages: ['eng', 'klingon'] }))).toMatch(/languages\[1\]: "klingon" is not a supported language/);
    expect(await refusal(createClassifier(env.db, wsA, { name: 'x', languages: [] }))).toMatch(/languages: give at least one/);
    expect(await refusal(createClassifier(env.db, wsA, { name: 'x', languages: ['eng', 'en'] }))).toMatch(/"eng" is listed twice/);
    expect(await refusal(createClassifier(env.db, wsA, { name: 'x', languages: ['eng'], threshold: 1.5 }))).toMatch(/threshold: must be between 0 and 1/);
    const c = await createClassifier(env.db, wsA, { name: 'Checks', languages: ['eng'] });
    expect(await refusal(createClassifier(env.db, wsA, { name: 'Again', languages: ['eng'], uuid: c.uuid }))).toMatch(/conflict: uuid/);
    expect(await refusal(addIntent(env.db, wsA, c.uuid, 'Stock Out'))).toMatch(/intent: "Stock Out" is not a valid intent name/);
    expect(await refusal(addExamples(env.db, wsA, c.uuid, { intent: 'greeting', language: 'eng', texts: ['hi'] }))).toMatch(/not_found: intent: .* has no intent "greeting"; add it first/);
    await addIntent(env.db, wsA, c.uuid, 'greeting');
    expect(await refusal(addExamples(env.db, wsA, c.uuid, { intent: 'greeting', language: 'swa', texts: ['habari'] }))).toMatch(/language: classifier "Checks" is not set up for "swa"/);
    expect(await refusal(addExamples(env.db, wsA, c.uuid, { intent: 'greeting', language: 'eng', texts: ['hi', '   '] }))).toMatch(/texts\[1\]/);
    expect(await refusal(trainClassifier(env.db, wsA, c.uuid, { userId: null }))).toMatch(/invalid: examples: classifier "Checks" has no examples besides "none"/);
    expect(await refusal(updateClassifier(env.db, wsA, 'no-such-uuid', { name: 'x' }))).toMatch(/not_found: uuid: no classifier no-such-uuid/);
  });

  it('refuses to train a language that has only "none" examples', async () => {
    const c = await createClassifier(env.db, wsA, { name: 'Lopsided', languages: ['eng', 'swa'] });
    await addIntent(env.db, wsA, c.uuid, 'greeting');
    await addExamples(env.db, wsA, c.uuid, { intent: 'greeting', language: 'eng', texts: ['hello'] });
    await addExamples(env.db, wsA, c.uuid, { intent: 'none', language: 'swa', texts: ['nakupenda'] });
    expect(await refusal(trainClassifier(env.db, wsA, c.uuid, { userId: null }))).toMatch(/invalid: examples: classifier "Lopsided" has only "none" examples in "swa"/);
    expect((await classifierAssets(env.db, wsA)).find((a) => a.uuid === c.uuid)).toEqual({ uuid: c.uuid, name: 'Lopsided', type: 'kiunga', intents: ['greeting', 'none'] });
  });

  it('adds examples once, cleaning spaces, and removes them', async () => {
    const c = await createClassifier(env.db, wsA, { name: 'Examples', languages: ['eng'] });
    await addIntent(env.db, wsA, c.uuid, 'greeting');
    expect(await addExamples(env.db, wsA, c.uuid, { intent: 'greeting', language: 'en', texts: ['hello  there', 'hi', 'hi'] })).toEqual({ added: 2, skipped: 1 });
    expect(await addExamples(env.db, wsA, c.uuid, { intent: 'greeting', language: 'eng', texts: [' hello there '] })).toEqual({ added: 0, skipped: 1 });
    const [greeting] = await listIntents(env.db, wsA, c.uuid);
    expect(greeting.examples.map((e) => e.text)).toEqual(['hello there', 'hi']);
    await removeExample(env.db, wsA, c.uuid, greeting.examples[0].id);
    expect(await refusal(removeExample(env.db, wsA, c.uuid, greeting.examples[0].id))).toMatch(/not_found: exampleId/);
    await removeIntent(env.db, wsA, c.uuid, 'greeting');
    expect((await listIntents(env.db, wsA, c.uuid)).map((i) => i.name)).toEqual(['none']);
  });
});

describe('training the FAQ into versions and classifying through the Classifier interface', () => {
  let uuid: string;
  let service: Classifier;

  beforeAll(async () => {
    const set = faqTrainingSet();
    const c = await createClassifier(env.db, wsA, { name: 'Health FAQ', languages: set.languages, threshold: set.threshold ?? undefined }, clock);
    uuid = c.uuid;
    const imported = await importTrainingSet(env.db, wsA, uuid, set, clock);
    expect(imported).toEqual({ intents: 8, added: set.examples.length, skipped: 0 });
    service = createClassifierService(env.db, wsA, { clock });
  });

  it('refuses to classify before training', async () => {
    await expect(service.classify(uuid, 'hello', 'eng')).rejects.toThrow(/"Health FAQ" .* has not been trained yet/);
  });

  it('trains version 1 in seconds, active, with its evaluation stored', async () => {
    const version = await trainClassifier(env.db, wsA, uuid, { userId: env.users.A.editor, clock });
    expect(version).toMatchObject({ version: 1, active: true, exampleCount: FAQ_SIZE, languages: ['eng', 'fra', 'por', 'swa'], createdBy: env.users.A.editor, trainedAt: '2026-11-25T09:00:00.000Z' });
    expect(version.durationMs).toBeLessThan(10_000);
    expect(version.accuracy).toBeGreaterThanOrEqual(0.75);
    const { metrics } = await versionEvaluation(env.db, wsA, uuid);
    expect(metrics.heldOut).toBe(32 * 3); // 8 intents × 4 languages, 15-16 examples each: ⌊20 %⌋ = 3
    expect(metrics.trainedOn).toBe(FAQ_SIZE - metrics.heldOut);
    expect(metrics.confusion.every((c) => c.count > 0 && c.expected !== c.predicted)).toBe(true);
    const summary = (await listClassifiers(env.db, wsA)).find((c) => c.uuid === uuid)!;
    expect(summary).toMatchObject({ activeVersion: 1, intentCount: 8, exampleCount: FAQ_SIZE });
  });

  it('classifies through the runtime interface, in each language and with an unknown language', async () => {
    const cases: [string, string | null, string][] = [
      ['when is the next polio vaccination', 'eng', 'vaccine_schedule'],
      ['rupture de stock de gants', 'fra', 'stock_out'],
      ['quando é a próxima formação', 'por', 'training_dates'],
      ['mshahara wangu umechelewa', 'swa', 'salary_payment'],
      ['mshahara wangu umechelewa', null, 'salary_payment'],
      ['what is the football score', 'eng', 'none'],
      ['ninapenda muziki', null, 'none'],
    ];
    for (const [text, language, expected] of cases) {
      const result = await service.classify(uuid, text, language);
      expect(result.intents[0].name, `${text} (${language})`).toBe(expected);
      expect(Object.keys(result).sort()).toEqual(['entities', 'intents']);
    }
  });

  it('guesses the language only among the workspace\'s languages, or all the classifier\'s if it uses none', async () => {
    // The test workspace uses eng and swa: a Portuguese message cannot be read as Portuguese.
    const guess = await createClassifierService(env.db, wsA, { clock }).classifyDetailed(uuid, 'quando é a próxima formação', null);
    expect(['eng', 'swa']).toContain(guess.language);
    await env.db.updateTable('workspaces').set({ languages: '["deu"]' }).where('id', '=', wsA).execute();
    try {
      const any = await createClassifierService(env.db, wsA, { clock }).classifyDetailed(uuid, 'quando é a próxima formação', null);
      expect(any).toMatchObject({ language: 'por', languageDetected: true });
      expect(any.intents[0].name).toBe('training_dates');
    } finally {
      await env.db.updateTable('workspaces').set({ languages: '["eng","swa"]' }).where('id', '=', wsA).execute();
    }
  });

  it('uses the workspace time zone for dates', async () => {
    const lateClock = { now: () => new Date('2026-11-25T22:30:00Z') }; // already the 26th in Nairobi
    const late = createClassifierService(env.db, wsA, { clock: lateClock });
    const result = await late.classify(uuid, 'the training is tomorrow', 'eng');
    expect(result.entities.date).toEqual([{ value: '2026-11-27', confidence: 0.8 }]);
  });

  it('retrains into version 2 after examples change, and can roll back to version 1', async () => {
    const detailed = createClassifierService(env.db, wsA, { clock });
    const before = await detailed.classifyDetailed(uuid, 'hakuna maji kisimani', 'swa');
    await addIntent(env.db, wsA, uuid, 'water_supply');
    await addExamples(env.db, wsA, uuid, { intent: 'water_supply', language: 'swa', texts: ['hakuna maji kituoni', 'maji yamekatika', 'kisima kimeharibika', 'tunahitaji maji safi', 'bomba la maji limevunjika'] });
    await addExamples(env.db, wsA, uuid, { intent: 'water_supply', language: 'eng', texts: ['there is no water at the facility', 'the well is broken', 'we need clean water'] });
    const v2 = await trainClassifier(env.db, wsA, uuid, { userId: null, clock });
    expect(v2).toMatchObject({ version: 2, active: true, exampleCount: FAQ_SIZE + 8 });
    const after = await detailed.classifyDetailed(uuid, 'hakuna maji kisimani', 'swa');
    expect(after.version).toBe(v2.id);
    expect(after.version).not.toBe(before.version);
    expect(after.intents[0].name).toBe('water_supply');

    const versions = await listVersions(env.db, wsA, uuid);
    expect(versions.map((v) => [v.version, v.active])).toEqual([[2, true], [1, false]]);
    await activateVersion(env.db, wsA, uuid, 1, clock);
    const rolledBack = await detailed.classifyDetailed(uuid, 'hakuna maji kisimani', 'swa');
    expect(rolledBack.version).toBe(before.version);
    expect(rolledBack.intents.map((i) => i.name)).not.toContain('water_supply');
    expect(await refusal(activateVersion(env.db, wsA, uuid, 9))).toMatch(/not_found: version: .* has no version 9/);
    expect((await versionEvaluation(env.db, wsA, uuid, 2)).version.version).toBe(2);
  });

  it('keeps versions immutable: a stored model is never rewritten', async () => {
    const ndb = asNlpDb(env.db);
    const v1 = await ndb.selectFrom('classifier_versions').select(['model', 'metrics']).where('version', '=', 1).where('workspace_id', '=', wsA).executeTakeFirstOrThrow();
    await trainClassifier(env.db, wsA, uuid, { userId: null, clock });
    const again = await ndb.selectFrom('classifier_versions').select(['model', 'metrics']).where('version', '=', 1).where('workspace_id', '=', wsA).executeTakeFirstOrThrow();
    expect(again).toEqual(v1);
    expect((JSON.parse(v1.metrics) as EvaluationMetrics).threshold).toBe(0.6);
  });

  it('caches loaded models per version', async () => {
    // Versions 1 and 2 were loaded by the tests above; this loads version 3 (the active one).
    await service.classify(uuid, 'asante', 'swa');
    expect(cachedModelCount()).toBe(3);
    await service.classify(uuid, 'asante sana', 'swa');
    await createClassifierService(env.db, wsA).classify(uuid, 'nashukuru', 'swa'); // another service shares the cache
    expect(cachedModelCount()).toBe(3);
    await activateVersion(env.db, wsA, uuid, 2); // already loaded
    await service.classify(uuid, 'asante', 'swa');
    expect(cachedModelCount()).toBe(3);
  });

  it('keeps workspaces apart', async () => {
    const other = createClassifierService(env.db, wsB);
    await expect(other.classify(uuid, 'hello', 'eng')).rejects.toThrow(/no classifier .* in this workspace/);
    expect(await listClassifiers(env.db, wsB)).toEqual([]);
    expect(await refusal(deleteClassifier(env.db, wsB, uuid))).toMatch(/not_found/);
  });

  it('deletes a classifier with everything it owns', async () => {
    const c = await createClassifier(env.db, wsA, { name: 'Temporary', languages: ['eng'] });
    await addIntent(env.db, wsA, c.uuid, 'greeting');
    await addExamples(env.db, wsA, c.uuid, { intent: 'greeting', language: 'eng', texts: ['hello', 'hi there'] });
    await trainClassifier(env.db, wsA, c.uuid, { userId: null });
    await deleteClassifier(env.db, wsA, c.uuid);
    const ndb = asNlpDb(env.db);
    for (const table of ['classifier_intents', 'classifier_examples', 'classifier_versions'] as const) {
      const left = await ndb.selectFrom(table).select('id').where('classifier_id', '=', c.id).execute();
      expect(left, table).toEqual([]);
    }
  });
});
