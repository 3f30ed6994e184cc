/**
 * Which database engine a Kysely handle talks to, and the few helpers code needs when SQL must differ.
 * Kiunga runs on SQLite (one file, the default) or PostgreSQL (`DATABASE_URL=postgres://…`); the query builder
 * hides almost every difference, these cover the rest.
 *
 * Example:
 *   if (isPostgres(db)) await sql`SET LOCAL lock_timeout = '2s'`.execute(trx);
 *   await db.executeQuery(CompiledQuery.raw(toDialectPlaceholders(db, 'SELECT id FROM flows WHERE uuid = ?'), [uuid]));
 */
import { PostgresAdapter, SqliteAdapter, type Kysely } from 'kysely';

/** The engines Kiunga supports. Example: `'postgres'`. */
export type DialectName = 'sqlite' | 'postgres';

// A Transaction is a Kysely too, so every helper accepts either.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyKysely = Kysely<any>;

/** The engine behind `db` (or a transaction of it). Throws for a dialect Kiunga was not written for. */
export function dialectName(db: AnyKysely): DialectName {
  const adapter = db.getExecutor().adapter;
  if (adapter instanceof PostgresAdapter) return 'postgres';
  if (adapter instanceof SqliteAdapter) return 'sqlite';
  throw new Error(`Unsupported database dialect (${adapter.constructor.name}): Kiunga runs on SQLite or PostgreSQL`);
}

/** True when `db` talks to PostgreSQL. */
export function isPostgres(db: AnyKysely): boolean {
  return dialectName(db) === 'postgres';
}

/**
 * Rewrites SQLite-style `?` parameters into PostgreSQL's `$1, $2, …` (question marks inside '…' strings,
 * "…" identifiers and comments are left alone). Returns the text unchanged for SQLite.
 * For hand-written SQL only: Kysely's query builder already emits the right placeholders.
 *
 * Example: `toDialectPlaceholders(pgDb, "SELECT ? WHERE a = '?'")` → `"SELECT $1 WHERE a = '?'"`.
 */
export function toDialectPlaceholders(db: AnyKysely, sqlText: string): string {
  return isPostgres(db) ? numberPlaceholders(sqlText) : sqlText;
}

/** `?` → `$n` outside quotes and comments. Example: `numberPlaceholders('a = ? AND b = ?')` → `'a = $1 AND b = $2'`. */
export function numberPlaceholders(sqlText: string): string {
  let out = '';
  let n = 0;
  let i = 0;
  while (i < sqlText.length) {
    const ch = sqlText[i]!;
    if (ch === "'" || ch === '"') {
      // A quoted string or identifier; a doubled quote inside it is an escaped quote.
      let j = i + 1;
      while (j < sqlText.length) {
        if (sqlText[j] === ch) {
          if (sqlText[j + 1] === ch) j += 2;
          else break;
        } else j++;
      }
      out += sqlText.slice(i, j + 1);
      i = j + 1;
    } else if (ch === '-' && sqlText[i + 1] === '-') {
      const end = sqlText.indexOf('\n', i);
      const stop = end === -1 ? sqlText.length : end;
      out += sqlText.slice(i, stop);
      i = stop;
    } else if (ch === '/' && sqlText[i + 1] === '*') {
      const end = sqlText.indexOf('*/', i + 2);
      const stop = end === -1 ? sqlText.length : end + 2;
      out += sqlText.slice(i, stop);
      i = stop;
    } else if (ch === '?') {
      out += `$${++n}`;
      i++;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

const postgresUrls = new WeakMap<object, string>();

/**
 * Remembers the connection URL a PostgreSQL handle was opened with (openDatabase does it), for parts that
 * need a connection of their own outside the pool: the per-contact advisory locks and the job queue.
 */
export function rememberPostgresUrl(db: AnyKysely, url: string): void {
  postgresUrls.set(db, url);
}

/** The URL `db` was opened with by openDatabase, or null (SQLite, or a handle made elsewhere). */
export function postgresUrlOf(db: AnyKysely): string | null {
  return postgresUrls.get(db) ?? null;
}
