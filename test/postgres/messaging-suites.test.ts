/**
 * The messaging suites of test/messaging, run unchanged on PostgreSQL: the same files are imported here
 * after `useMessagingDatabase` points createMessagingEnv at a fresh PostgreSQL database per env. Covers
 * inbound handling (dedupe, per-contact order, opt-out, keyword triggers), the outbox (claim, retries,
 * crash reconciliation, quiet hours, wait timeouts), broadcasts and flow starts (recipient queries,
 * cursors, schedules), the messaging API (simulator, folders, channels) and the workers end to end.
 * Not included: crash.test.ts (kills a child process that opens a SQLite file).
 */
import { describe, expect, it } from 'vitest';
import { isPostgres } from '../../server/db/dialect.js';
import { useMessagingDatabase } from '../messaging/harness.js';
import { postgresForThisFile } from './pg-test-env.js';

const pg = postgresForThisFile();
if (pg) {
  let envsOnPostgres = 0;
  useMessagingDatabase(async (dir) => {
    const database = await pg.testDatabase(dir);
    if (isPostgres(database.db)) envsOnPostgres++;
    return database;
  });
  // Each suite inside its own describe, so a file's top-level hooks apply to that file's tests only.
  describe('on PostgreSQL: inbound.test.ts', async () => { await import('../messaging/inbound.test.js'); });
  describe('on PostgreSQL: outbox.test.ts', async () => { await import('../messaging/outbox.test.js'); });
  describe('on PostgreSQL: bulk.test.ts', async () => { await import('../messaging/bulk.test.js'); });
  describe('on PostgreSQL: api.test.ts', async () => { await import('../messaging/api.test.js'); });
  describe('on PostgreSQL: workers.test.ts', async () => { await import('../messaging/workers.test.js'); });

  // Runs last (vitest keeps declaration order): proves the suites above used PostgreSQL, not a SQLite file.
  it('ran every imported suite on PostgreSQL databases', () => {
    // Every test of these files makes its own env (beforeEach or inside the test): well over twenty.
    expect(envsOnPostgres).toBeGreaterThanOrEqual(20);
  });
}
