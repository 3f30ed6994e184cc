/**
 * The migrations and the PostgreSQL connection itself: every migration applies to an empty PostgreSQL database
 * and gives the same tables and columns as on SQLite, re-running is a no-op, every `down` undoes its `up`, and
 * values come back as they do from SQLite (aggregates as numbers, 8-byte floats, text untouched).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Migrator, NO_MIGRATIONS, type Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.js';
import { migrateToLatest, openDatabase } from '../../server/db/open.js';
import { migrations, staticMigrationProvider } from '../../server/db/migrations/index.js';
import { dialectName, isPostgres } from '../../server/db/dialect.js';
import { isUniqueViolation } from '../../server/db/errors.js';
import { isoNow, newId } from '../../server/db/ids.js';
import { FlowStore } from '../../server/flows/flow-store.js';
import { FlowEvents } from '../../server/flows/flow-events.js';
import { insertWorkspace, testFlowTools } from '../server/helpers.js';
import { postgresForThisFile } from './pg-test-env.js';

const pg = postgresForThisFile();

/** table → sorted column names, without Kysely's own bookkeeping tables. */
async function shape(db: Kysely<Database>): Promise<Record<string, string[]>> {
  const tables = await db.introspection.getTables();
  return Object.fromEntries(tables.filter((t) => !t.name.startsWith('kysely_'))
    .map((t) => [t.name, t.columns.map((c) => c.name).sort()] as const).sort(([a], [b]) => a.localeCompare(b)));
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

if (pg) {
  async function fresh(options?: { migrate?: boolean }) {
    const opened = await pg!.openFresh(options);
    cleanups.push(opened.dispose);
    return opened;
  }

  async function sqliteDb(): Promise<Kysely<Database>> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiunga-pg-compare-'));
    const db = await openDatabase({ file: path.join(dir, 'compare.sqlite') });
    cleanups.push(async () => {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    return db;
  }

  describe('migrations on PostgreSQL', () => {
    it('apply to an empty database in order and give the same tables and columns as SQLite', async () => {
      const { db } = await fresh();
      const applied = await db.selectFrom('kysely_migration' as never).select('name' as never).orderBy('name' as never).execute() as { name: string }[];
      expect(applied.map((r) => r.name)).toEqual(Object.keys(migrations).sort());
      const onPostgres = await shape(db);
      expect(Object.keys(onPostgres)).toContain('flow_revisions');
      expect(Object.keys(onPostgres)).toContain('fhir_sync_state');
      expect(onPostgres).toEqual(await shape(await sqliteDb()));
    });

    it('are a no-op the second time, also through a second openDatabase on the same database', async () => {
      const { db, url } = await fresh();
      await migrateToLatest(db);
      const again = await openDatabase({ url });
      cleanups.push(() => again.destroy());
      const count = await again.selectFrom('kysely_migration' as never).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      expect(count).toEqual({ n: Object.keys(migrations).length });
    });

    it('every down() undoes its up(), back to an empty schema, and up again works', async () => {
      const { db } = await fresh();
      const migrator = new Migrator({ db, provider: staticMigrationProvider });
      const down = await migrator.migrateTo(NO_MIGRATIONS);
      expect(down.error).toBeUndefined();
      expect(down.results?.map((r) => [r.migrationName, r.direction, r.status])).toEqual(
        Object.keys(migrations).reverse().map((name) => [name, 'Down', 'Success']));
      expect(await shape(db)).toEqual({});
      await migrateToLatest(db);
      expect(Object.keys(await shape(db)).length).toBeGreaterThan(20);
    });

    it('fail with the migration name and leave nothing half-applied (DDL is transactional on PostgreSQL)', async () => {
      const { db } = await fresh({ migrate: false });
      // A table in the way of 0001_initial: the migration must fail and roll back its earlier tables too.
      await db.schema.createTable('audit_log').addColumn('x', 'text').execute();
      await expect(migrateToLatest(db)).rejects.toThrow(/Database migration failed \(migration "0001_initial"\): .*audit_log/);
      expect(Object.keys(await shape(db))).toEqual(['audit_log']);
    });
  });

  describe('the PostgreSQL connection', () => {
    it('tells which engine a handle and its transactions use', async () => {
      const { db } = await fresh();
      expect(dialectName(db)).toBe('postgres');
      await db.transaction().execute(async (trx) => {
        expect(isPostgres(trx)).toBe(true);
      });
      expect(dialectName(await sqliteDb())).toBe('sqlite');
    });

    it('returns counts and sums as numbers and keeps 8-byte floats, like SQLite', async () => {
      const { db } = await fresh();
      const workspaceId = await insertWorkspace(db, 'Ministry A');
      const now = isoNow();
      await db.insertInto('channels').values({
        id: newId(), workspace_id: workspaceId, uuid: newId(), name: 'SMS', type: 'loopback', address: '+254700000000',
        schemes: '["tel"]', config: '{}', role: 'send receive', rate_limit_segments_per_s: 1 / 3, active: 1, created_at: now, updated_at: now,
      }).execute();
      const row = await db.selectFrom('channels')
        .select((eb) => [eb.fn.countAll().as('n'), eb.fn.sum('active').as('total'), eb.fn.max('rate_limit_segments_per_s').as('rate')])
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ n: 1, total: 1, rate: 1 / 3 });
    });

    it('reports a unique violation the way isUniqueViolation recognizes', async () => {
      const { db } = await fresh();
      const now = isoNow();
      const user = { email: 'same@example.org', name: 'A', password_hash: 'x', disabled: 0, created_at: now, updated_at: now };
      await db.insertInto('users').values({ id: newId(), ...user }).execute();
      const error = await db.insertInto('users').values({ id: newId(), ...user }).execute().then(() => null, (e: unknown) => e);
      expect(isUniqueViolation(error)).toBe(true);
    });

    it('turns two simultaneous saves of the same flow into one success and one conflict', async () => {
      const { db } = await fresh();
      const workspaceId = await insertWorkspace(db, 'Ministry A');
      const store = new FlowStore(db, testFlowTools, new FlowEvents());
      const created = await store.create(workspaceId, { name: 'Registration', type: 'messaging', language: 'eng', userId: null });
      const { definition } = await store.get(workspaceId, created.flow.id);
      const saves = await Promise.allSettled([1, 2].map((n) =>
        store.saveDraft(workspaceId, created.flow.id, { ...definition, name: `Registration ${n}` }, { userId: null, baseRevision: 1 })));
      expect(saves.map((s) => s.status).sort()).toEqual(['fulfilled', 'rejected']);
      const failure = saves.find((s) => s.status === 'rejected') as PromiseRejectedResult;
      expect(failure.reason).toMatchObject({ code: 'conflict' });
      const revisions = await db.selectFrom('flow_revisions').select('revision').where('flow_id', '=', created.flow.id).orderBy('revision').execute();
      expect(revisions.map((r) => r.revision)).toEqual([1, 2]);
    });

    it('refuses a wrong password at open with the URL in the message and the password hidden', async () => {
      const good = new URL(pg!.cluster().url('postgres'));
      const bad = `postgres://${good.username}:not-the-password@${good.host}/postgres`;
      const error = await openDatabase({ url: bad }).then(() => null, (e: Error) => e);
      expect(error?.message).toMatch(/^Cannot connect to PostgreSQL at postgres:\/\/kiunga:\*\*\*@127\.0\.0\.1:\d+\/postgres: .*password authentication failed/);
      expect(error?.message).not.toContain('not-the-password');
    });
  });
}
