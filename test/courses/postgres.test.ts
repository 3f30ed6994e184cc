/**
 * The course suites run unchanged on PostgreSQL (skipped with a clear message when PostgreSQL is not
 * installed): the engine scenario through test/messaging/harness.ts and the API through test/server/helpers.ts,
 * each env on a fresh migrated PostgreSQL database.
 */
import { describe, expect, it } from 'vitest';
import { isPostgres } from '../../server/db/dialect.js';
import { useMessagingDatabase } from '../messaging/harness.js';
import { useTestDatabase } from '../server/helpers.js';
import { postgresForThisFile } from '../postgres/pg-test-env.js';

const pg = postgresForThisFile();
if (pg) {
  let envsOnPostgres = 0;
  const counted = async (dir: string) => {
    const database = await pg.testDatabase(dir);
    if (isPostgres(database.db)) envsOnPostgres++;
    return database;
  };
  useMessagingDatabase(counted);
  useTestDatabase(counted);
  describe('on PostgreSQL: course-scenario.test.ts', async () => { await import('./course-scenario.test.js'); });
  describe('on PostgreSQL: api.test.ts', async () => { await import('./api.test.js'); });

  it('ran the imported suites on PostgreSQL databases', () => {
    expect(envsOnPostgres).toBeGreaterThanOrEqual(4);
  });
}
