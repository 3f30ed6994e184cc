/**
 * Vitest wiring for the PostgreSQL suites: one throwaway server per test file (started in beforeAll, stopped in
 * afterAll), a fresh migrated database per test env, and a clear skip when PostgreSQL is not installed.
 *
 * Example (a test file):
 *   const pg = postgresForThisFile();
 *   if (pg) it('migrates', async () => { const db = await pg.openFresh(); … });
 */
import { afterAll, beforeAll, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.js';
import { openDatabase } from '../../server/db/open.js';
import type { TestDatabaseFactory } from '../server/helpers.js';
import { findPostgresBin, NO_POSTGRES_MESSAGE, startTestCluster, type TestCluster } from './pg-cluster.js';

/** The running server of this test file and shortcuts to fresh databases on it. */
export interface PostgresForFile {
  cluster(): TestCluster;
  /** A new empty database, migrated with openDatabase({ url }); dropped by `dispose`. */
  openFresh(options?: { migrate?: boolean }): Promise<{ db: Kysely<Database>; url: string; dispose(): Promise<void> }>;
  /** For useTestDatabase: every createTestEnv gets its own migrated PostgreSQL database. */
  testDatabase: TestDatabaseFactory;
}

/**
 * Registers beforeAll/afterAll that start and stop a server for the calling test file and returns access to it,
 * or registers one skipped test named after the reason and returns null when PostgreSQL is not installed.
 */
export function postgresForThisFile(): PostgresForFile | null {
  const bin = findPostgresBin();
  if (!bin) {
    console.warn(NO_POSTGRES_MESSAGE);
    it.skip(NO_POSTGRES_MESSAGE, () => {});
    return null;
  }
  let running: TestCluster | null = null;
  beforeAll(async () => {
    running = await startTestCluster(bin);
  });
  afterAll(async () => {
    await running?.stop();
  });
  const cluster = () => {
    if (!running) throw new Error('the test PostgreSQL server is not running (used outside a test?)');
    return running;
  };
  const openFresh = async (options: { migrate?: boolean } = {}) => {
    const url = await cluster().createDatabase();
    const db = await openDatabase({ url, migrate: options.migrate ?? true, pool: { max: 5 } });
    return {
      db, url,
      dispose: async () => {
        await db.destroy();
        await cluster().dropDatabase(url);
      },
    };
  };
  return { cluster, openFresh, testDatabase: async () => openFresh() };
}
