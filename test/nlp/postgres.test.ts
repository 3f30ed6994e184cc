/**
 * The classifier store and service on PostgreSQL (skipped when PostgreSQL is not installed): the same
 * queries as on SQLite, counts as numbers, versions numbered in order.
 */
import { describe, expect, it } from 'vitest';
import { postgresForThisFile } from '../postgres/pg-test-env.js';
import { insertWorkspace } from '../server/helpers.js';
import { createClassifier, importTrainingSet, listClassifiers, listVersions, trainClassifier, versionEvaluation } from '../../server/nlp/store.js';
import { createClassifierService } from '../../server/nlp/classifier-service.js';
import { faqTrainingSet } from './faq.js';

const pg = postgresForThisFile();

if (pg) {
  describe('classifiers on PostgreSQL', () => {
    it('import, train twice, evaluate and classify', async () => {
      const { db, dispose } = await pg.openFresh();
      try {
        const ws = await insertWorkspace(db, 'Ministry PG');
        const set = faqTrainingSet();
        const c = await createClassifier(db, ws, { name: 'FAQ', languages: ['eng', 'swa'] });
        const engSwa = { ...set, languages: ['eng', 'swa'], examples: set.examples.filter((e) => e.language === 'eng' || e.language === 'swa') };
        expect(await importTrainingSet(db, ws, c.uuid, engSwa)).toMatchObject({ intents: 8, skipped: 0 });
        await trainClassifier(db, ws, c.uuid, { userId: null });
        const v2 = await trainClassifier(db, ws, c.uuid, { userId: null });
        expect(v2.version).toBe(2);
        expect((await listVersions(db, ws, c.uuid)).map((v) => v.version)).toEqual([2, 1]);
        expect((await listClassifiers(db, ws))[0]).toMatchObject({ activeVersion: 2, intentCount: 8, exampleCount: engSwa.examples.length });
        expect((await versionEvaluation(db, ws, c.uuid)).metrics.accuracy).toBeGreaterThan(0.5);
        const result = await createClassifierService(db, ws).classify(c.uuid, 'dawa zimeisha', null);
        expect(result.intents[0].name).toBe('stock_out');
      } finally {
        await dispose();
      }
    });
  });
}
