/**
 * The server-core suites of test/server, run unchanged on PostgreSQL: the same files are imported here after
 * `useTestDatabase` points createTestEnv at a fresh PostgreSQL database per env. Covers authorization and
 * workspace isolation, contacts/groups/users/workspace settings, flow revisions/publish/import (including the
 * all-or-nothing import rollback) and login sessions.
 * Not included: http.test.ts (it starts the whole server from a config with a SQLite file).
 */
import { describe, expect, it } from 'vitest';
import { isPostgres } from '../../server/db/dialect.js';
import { useTestDatabase } from '../server/helpers.js';
import { postgresForThisFile } from './pg-test-env.js';

const pg = postgresForThisFile();
if (pg) {
  let envsOnPostgres = 0;
  useTestDatabase(async (dir) => {
    const database = await pg.testDatabase(dir);
    if (isPostgres(database.db)) envsOnPostgres++;
    return database;
  });
  // Each suite inside its own describe, so a file's top-level hooks apply to that file's tests only.
  describe('on PostgreSQL: auth-units.test.ts', async () => { await import('../server/auth-units.test.js'); });
  describe('on PostgreSQL: authorization.test.ts', async () => { await import('../server/authorization.test.js'); });
  describe('on PostgreSQL: directory.test.ts', async () => { await import('../server/directory.test.js'); });
  describe('on PostgreSQL: flows.test.ts', async () => { await import('../server/flows.test.js'); });
  describe('on PostgreSQL: runtime-import.test.ts', async () => { await import('../server/runtime-import.test.js'); });

  // Runs last (vitest keeps declaration order): proves the suites above used PostgreSQL, not a SQLite file.
  it('ran every imported suite on PostgreSQL databases', () => {
    // One env per file using beforeAll (auth-units, authorization, directory), one per test with beforeEach
    // (flows, runtime-import): well over ten.
    expect(envsOnPostgres).toBeGreaterThanOrEqual(10);
  });
}
