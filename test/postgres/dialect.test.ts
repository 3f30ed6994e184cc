/**
 * Choosing the engine (DATABASE_URL), URL checks and redaction, and the `?` → `$n` rewrite for hand-written SQL.
 * The first groups need no PostgreSQL; the last one runs the rewritten SQL on a real server.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CompiledQuery } from 'kysely';
import { databaseFromEnv } from '../../server/db/target.js';
import { describePostgresUrl } from '../../server/db/postgres.js';
import { numberPlaceholders, toDialectPlaceholders } from '../../server/db/dialect.js';
import { openDatabase } from '../../server/db/open.js';
import { tempDir } from '../server/helpers.js';
import { postgresForThisFile } from './pg-test-env.js';

describe('databaseFromEnv', () => {
  it('uses the SQLite file unless DATABASE_URL is set', () => {
    expect(databaseFromEnv({}, '/srv/kiunga/data/kiunga.sqlite')).toEqual({ file: '/srv/kiunga/data/kiunga.sqlite' });
    expect(databaseFromEnv({ DATABASE_URL: '  ' }, 'a.sqlite')).toEqual({ file: 'a.sqlite' });
  });

  it('selects PostgreSQL for postgres:// and postgresql:// URLs, with pool settings', () => {
    expect(databaseFromEnv({ DATABASE_URL: 'postgres://k:pw@db:5432/kiunga' }, 'a.sqlite'))
      .toEqual({ url: 'postgres://k:pw@db:5432/kiunga', pool: { max: 10 } });
    expect(databaseFromEnv({ DATABASE_URL: 'postgresql://db/kiunga', DATABASE_POOL_MAX: '25', DATABASE_STATEMENT_TIMEOUT_MS: '30000' }, 'a.sqlite'))
      .toEqual({ url: 'postgresql://db/kiunga', pool: { max: 25, statementTimeoutMs: 30000 } });
  });

  it('names the variable and hides the password when a value is wrong', () => {
    expect(() => databaseFromEnv({ DATABASE_URL: 'mysql://root:hunter2@db/kiunga' }, 'a.sqlite'))
      .toThrow('DATABASE_URL must start with postgres:// or postgresql:// (got "mysql://root:***@db/kiunga")');
    expect(() => databaseFromEnv({ DATABASE_URL: 'postgres://db/kiunga', DATABASE_POOL_MAX: '0' }, 'a.sqlite'))
      .toThrow('DATABASE_POOL_MAX must be a whole number from 1 to 1000 (got "0")');
    expect(() => databaseFromEnv({ DATABASE_URL: 'postgres://db/kiunga', DATABASE_STATEMENT_TIMEOUT_MS: '2s' }, 'a.sqlite'))
      .toThrow('DATABASE_STATEMENT_TIMEOUT_MS must be a whole number');
  });

  it('redacts only the password', () => {
    expect(describePostgresUrl('postgres://kiunga:s3cr%40t@10.0.0.5:5432/kiunga?sslmode=require'))
      .toBe('postgres://kiunga:***@10.0.0.5:5432/kiunga?sslmode=require');
    expect(describePostgresUrl('postgres://10.0.0.5/kiunga')).toBe('postgres://10.0.0.5/kiunga');
  });
});

describe('numberPlaceholders', () => {
  it('numbers ? in order and leaves quoted text, identifiers and comments alone', () => {
    expect(numberPlaceholders('SELECT id FROM t WHERE a = ? AND b IN (?, ?)')).toBe('SELECT id FROM t WHERE a = $1 AND b IN ($2, $3)');
    expect(numberPlaceholders(`SELECT '?', 'it''s ?', "odd?col" FROM t WHERE x = ? -- why?\n AND y = ? /* ? */`))
      .toBe(`SELECT '?', 'it''s ?', "odd?col" FROM t WHERE x = $1 -- why?\n AND y = $2 /* ? */`);
  });

  it('leaves SQL for SQLite unchanged', async () => {
    const dir = tempDir();
    const db = await openDatabase({ file: path.join(dir, 'x.sqlite'), migrate: false });
    try {
      expect(toDialectPlaceholders(db, 'SELECT ? AS a')).toBe('SELECT ? AS a');
      const result = await db.executeQuery(CompiledQuery.raw(toDialectPlaceholders(db, "SELECT ? AS a, '?' AS b"), ['x']));
      expect(result.rows).toEqual([{ a: 'x', b: '?' }]);
    } finally {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

const pg = postgresForThisFile();
if (pg) {
  describe('hand-written SQL on PostgreSQL', () => {
    // Opened inside the test (the server starts in beforeAll), dropped at the end.
    let handle: Awaited<ReturnType<typeof pg.openFresh>> | null = null;
    afterAll(async () => {
      await handle?.dispose();
    });

    it('runs with the rewritten placeholders', async () => {
      handle = await pg.openFresh({ migrate: false });
      const { db } = handle;
      expect(toDialectPlaceholders(db, 'SELECT ? AS a')).toBe('SELECT $1 AS a');
      const result = await db.executeQuery(CompiledQuery.raw(toDialectPlaceholders(db, "SELECT ?::text AS a, '?' AS b, ?::int + 1 AS c"), ['x', 41]));
      expect(result.rows).toEqual([{ a: 'x', b: '?', c: 42 }]);
    });
  });
}
