/**
 * The results, targeting and inbox API suites of this folder, run unchanged on PostgreSQL (a throwaway
 * server per file, a fresh migrated database per test env), so every query here is proven portable.
 * Skipped with a message when PostgreSQL is not installed.
 */
import { describe, expect, it } from 'vitest';
import { isPostgres } from '../../server/db/dialect.js';
import { useTestDatabase } from '../server/helpers.js';
import { postgresForThisFile } from '../postgres/pg-test-env.js';

const pg = postgresForThisFile();
if (pg) {
  let envsOnPostgres = 0;
  useTestDatabase(async (dir) => {
    const database = await pg.testDatabase(dir);
    if (isPostgres(database.db)) envsOnPostgres++;
    return database;
  });
  describe('on PostgreSQL: results-api.test.ts', async () => { await import('./results-api.test.js'); });
  describe('on PostgreSQL: inbox-targeting.test.ts', async () => { await import('./inbox-targeting.test.js'); });

  it('ran the imported suites on PostgreSQL databases', () => {
    expect(envsOnPostgres).toBeGreaterThanOrEqual(12);
  });
}
