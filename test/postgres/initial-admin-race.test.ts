/**
 * Two server processes starting at the same moment on an empty database (two connections, as two
 * processes would have): exactly one creates the first workspace and admin, the other returns null
 * instead of crashing, on PostgreSQL (two pools) and on SQLite (four processes on one file).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.js';
import { openDatabase } from '../../server/db/open.js';
import { ensureInitialWorkspace } from '../../server/auth/initial-admin.js';
import { tempDir } from '../server/helpers.js';
import { postgresForThisFile } from './pg-test-env.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const CHILD = path.join(import.meta.dirname, 'first-start-child.ts');
const ADMIN = { email: 'admin@moh.example.org', password: 'a-long-admin-password' };

/** Starts `starts` first starts at once over `handles` (round robin) and checks the outcome. */
async function raceFirstStarts(handles: Kysely<Database>[], dataDir: string, starts: number): Promise<void> {
  const options = { dataDir, adminEmail: ADMIN.email, adminPassword: ADMIN.password, print: () => {} };
  const outcomes = await Promise.allSettled(Array.from({ length: starts }, (_, i) => ensureInitialWorkspace(handles[i % handles.length]!, options)));
  const failures = outcomes.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason));
  expect(failures).toEqual([]);
  const created = outcomes.filter((o) => o.status === 'fulfilled' && o.value !== null);
  expect(created).toHaveLength(1);
  const db = handles[0]!;
  expect(await db.selectFrom('workspaces').select('name').execute()).toEqual([{ name: 'Ministry of Health' }]);
  expect(await db.selectFrom('users').select('email').execute()).toEqual([{ email: ADMIN.email }]);
  expect(await db.selectFrom('memberships').select('role').execute()).toEqual([{ role: 'admin' }]);
}

describe('first start raced by several processes on SQLite', () => {
  // Real child processes: better-sqlite3 waits for a lock synchronously, so connections inside one Node process
  // would block the very transaction they wait for.
  it('creates one workspace and admin; the other processes return null', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'kiunga.sqlite');
    const db = await openDatabase({ file });
    try {
      const startAt = Date.now() + 2500;
      const outcomes = await Promise.all(Array.from({ length: 4 }, () => runChild(file, startAt, dir)));
      expect(outcomes.filter((o) => 'error' in o)).toEqual([]);
      expect(outcomes.filter((o) => o.created)).toHaveLength(1);
      expect(await db.selectFrom('workspaces').select('name').execute()).toEqual([{ name: 'Ministry of Health' }]);
      expect(await db.selectFrom('users').select('email').execute()).toEqual([{ email: ADMIN.email }]);
    } finally {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

async function runChild(file: string, startAt: number, dataDir: string): Promise<{ created?: boolean; error?: string }> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', CHILD, file, String(startAt), dataDir], { cwd: ROOT });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as { created?: boolean; error?: string };
}

const pg = postgresForThisFile();
if (pg) {
  describe('first start raced by several processes on PostgreSQL', () => {
    it('creates one workspace and admin; the other starts return null', async () => {
      const { db, url, dispose } = await pg.openFresh();
      const second = await openDatabase({ url, migrate: false, pool: { max: 3 } });
      const dir = tempDir();
      try {
        await raceFirstStarts([db, second], dir, 6);
      } finally {
        await second.destroy();
        await dispose();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}
