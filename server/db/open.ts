/**
 * Opens (creating if needed) the SQLite database and brings its schema up to date.
 *
 * Example:
 *   const db = await openDatabase({ file: 'data/kiunga.sqlite' });
 *   const flows = await db.selectFrom('flows').selectAll().execute();
 *   await db.destroy();
 */
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import type { Database } from './schema.js';
import { staticMigrationProvider } from './migrations/index.js';

/** Options of `openDatabase`. `file` may be ":memory:" for throwaway databases. */
export interface OpenDatabaseOptions {
  file: string;
  /** Run pending migrations (default true). */
  migrate?: boolean;
  /** Milliseconds a writer waits for a lock before SQLITE_BUSY (default 5000). */
  busyTimeoutMs?: number;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<Kysely<Database>> {
  const { file, migrate = true, busyTimeoutMs = 5000 } = options;
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });

  const sqlite = new SqliteDatabase(file);
  // WAL: readers never block the writer. synchronous=FULL: a committed transaction survives power loss,
  // which matters more here than the last bit of write throughput.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);

  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  if (migrate) {
    try {
      await migrateToLatest(db);
    } catch (error) {
      await db.destroy();
      throw error;
    }
  }
  return db;
}

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest(db: Kysely<Database>): Promise<void> {
  const migrator = new Migrator({ db, provider: staticMigrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const name = failed ? ` (migration "${failed.migrationName}")` : '';
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`Database migration failed${name}: ${reason}`);
  }
}
