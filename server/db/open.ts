/**
 * Opens the database and brings its schema up to date: a SQLite file (the default; created if needed) or a
 * PostgreSQL database given by URL. Both run the same Kysely migrations and give the same `Kysely<Database>`.
 *
 * Example:
 *   const db = await openDatabase({ file: 'data/kiunga.sqlite' });
 *   const pg = await openDatabase({ url: 'postgres://kiunga:secret@10.0.0.5:5432/kiunga' });
 *   const flows = await db.selectFrom('flows').selectAll().execute();
 *   await db.destroy();
 */
import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import type { Database } from './schema.js';
import { staticMigrationProvider } from './migrations/index.js';
import { rememberPostgresUrl } from './dialect.js';
import { createPostgresDialect, describePostgresUrl, type PostgresPoolOptions } from './postgres.js';

/** Options shared by both engines. */
interface CommonOpenOptions {
  /** Run pending migrations (default true). */
  migrate?: boolean;
}

/** A SQLite file. `file` may be ":memory:" for throwaway databases. Example: `{ file: 'data/kiunga.sqlite' }`. */
export interface SqliteOpenOptions extends CommonOpenOptions {
  file: string;
  /** Milliseconds a writer waits for a lock before SQLITE_BUSY (default 5000). */
  busyTimeoutMs?: number;
}

/** A PostgreSQL database. Example: `{ url: 'postgres://kiunga:secret@db:5432/kiunga', pool: { max: 20 } }`. */
export interface PostgresOpenOptions extends CommonOpenOptions {
  /** `postgres://user:password@host:port/database` (or `postgresql://`), as libpq accepts it. */
  url: string;
  pool?: PostgresPoolOptions;
}

/** Options of `openDatabase`: `{ file }` for SQLite or `{ url }` for PostgreSQL. */
export type OpenDatabaseOptions = SqliteOpenOptions | PostgresOpenOptions;

export async function openDatabase(options: OpenDatabaseOptions): Promise<Kysely<Database>> {
  const db = 'url' in options ? await openPostgres(options) : openSqlite(options);
  if (options.migrate ?? true) {
    try {
      await migrateToLatest(db);
    } catch (error) {
      await db.destroy();
      throw error;
    }
  }
  return db;
}

function openSqlite(options: SqliteOpenOptions): Kysely<Database> {
  const { file, busyTimeoutMs = 5000 } = options;
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });

  const sqlite = new SqliteDatabase(file);
  // WAL: readers never block the writer. synchronous=FULL: a committed transaction survives power loss,
  // which matters more here than the last bit of write throughput.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

async function openPostgres(options: PostgresOpenOptions): Promise<Kysely<Database>> {
  const db = new Kysely<Database>({ dialect: createPostgresDialect(options.url, options.pool) });
  // The pool connects lazily; try once now so a wrong URL fails at start-up with a clear message.
  try {
    await db.selectNoFrom((eb) => eb.lit(1).as('ok')).execute();
  } catch (error) {
    await db.destroy();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Cannot connect to PostgreSQL at ${describePostgresUrl(options.url)}: ${reason}`);
  }
  rememberPostgresUrl(db, options.url);
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
