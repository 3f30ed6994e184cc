/**
 * Thin helpers to run hand-written SQL through the shared Kysely instance (same connection, same
 * transaction mutex as the rest of the server), on SQLite and PostgreSQL alike. The messaging loop uses
 * them on its hot paths where the query builder's per-call cost matters (batched inserts of 500 rows,
 * the outbox claim). SQL is written once with `?` parameters; on PostgreSQL they become `$1, $2, …`.
 * The few constructs that differ between the engines come from the `sqlFor(db)` fragments below, so
 * the per-engine choices live in this one file.
 *
 * Example:
 *   const rows = await all<{ id: string }>(db, 'SELECT id FROM messages WHERE status = ? LIMIT ?', ['queued', 10]);
 *   const f = sqlFor(db);
 *   await all(db, `SELECT id FROM contacts WHERE id IN (${f.jsonArrayValues})`, [JSON.stringify(ids)]);
 */
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { isPostgres, numberPlaceholders, type DialectName } from '../db/dialect.js';
import { markHot } from './statement-cache.js';

/** The database or an open transaction: every helper accepts both. */
export type Db = Kysely<Database> | Transaction<Database>;

/** Texts at least this long are the multi-row inserts: their shapes vary, not worth caching. */
const CACHEABLE_LENGTH = 2000;
const MAX_CACHED_TEXTS = 2048;
/** `?` text → `$n` text, for PostgreSQL (the loop runs the same few hundred texts again and again). */
const postgresTexts = new Map<string, string>();

/** The text as `db` wants it; on SQLite also registers it with the statement cache (not used on PostgreSQL). */
function prepareText(db: Db, sqlText: string): string {
  const short = sqlText.length < CACHEABLE_LENGTH;
  if (!isPostgres(db)) {
    if (short) markHot(sqlText);
    return sqlText;
  }
  if (!short) return numberPlaceholders(sqlText);
  let text = postgresTexts.get(sqlText);
  if (text === undefined) {
    text = numberPlaceholders(sqlText);
    if (postgresTexts.size < MAX_CACHED_TEXTS) postgresTexts.set(sqlText, text);
  }
  return text;
}

export async function all<T>(db: Db, sqlText: string, params: readonly unknown[] = []): Promise<T[]> {
  const result = await db.executeQuery<T>(CompiledQuery.raw(prepareText(db, sqlText), params as unknown[]));
  return result.rows as T[];
}

export async function first<T>(db: Db, sqlText: string, params: readonly unknown[] = []): Promise<T | undefined> {
  const rows = await all<T>(db, sqlText, params);
  return rows[0];
}

/** Runs a statement; returns the number of rows it changed. */
export async function run(db: Db, sqlText: string, params: readonly unknown[] = []): Promise<number> {
  const result = await db.executeQuery(CompiledQuery.raw(prepareText(db, sqlText), params as unknown[]));
  return Number(result.numAffectedRows ?? 0n);
}

/** Runs `fn` in one transaction (BEGIN … COMMIT, ROLLBACK on throw). Inside, use `trx`, never the outer db. */
export async function inTransaction<T>(db: Kysely<Database>, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(fn);
}

/**
 * The SQL fragments that differ between SQLite and PostgreSQL. Each is plain text for a `?`-style
 * statement; where a fragment takes a parameter, it says so.
 *
 * Example (SQLite → PostgreSQL):
 *   jsonArrayValues                  `SELECT value FROM json_each(?)` → `SELECT jsonb_array_elements_text(CAST(? AS jsonb))`
 *   jsonText('c.fields', ['district']) `json_extract(c.fields, '$."district"')` → `(CAST(c.fields AS jsonb) #>> '{district}')`
 *   contains('u.identity', '?')      `instr(u.identity, ?) > 0` → `strpos(u.identity, ?) > 0`
 */
export interface DialectSql {
  /** A subquery yielding the strings of a JSON array given as ONE parameter (a JSON text), for `x IN (…)`. */
  jsonArrayValues: string;
  /** The value at `path` of a JSON text column, as text (null when absent). Keys: letters, digits, `_`. */
  jsonText(column: string, path: readonly string[]): string;
  /** True when `needle` occurs in `haystack` (both SQL expressions). */
  contains(haystack: string, needle: string): string;
  /** `expression` as a floating-point number; a text that is not a number gives 0 (SQLite's CAST rule). */
  asNumber(expression: string): string;
  /**
   * `column` kept out of index choice: SQLite's unary `+` stops the planner from using an index on it
   * (see recipients.ts); PostgreSQL's planner needs no hint.
   */
  notIndexed(column: string): string;
  /**
   * Appended to a claim's SELECT of `alias` rows: on PostgreSQL the rows are locked for this transaction
   * and rows another process has locked are skipped; SQLite has one writer at a time, so nothing.
   */
  lockSkipLocked(alias: string): string;
  /**
   * Appended to a SELECT inside a transaction that will update the row: on PostgreSQL the row is locked
   * (a second process waits, then reads the committed row); SQLite has one writer at a time, so nothing.
   */
  forUpdate: string;
}

const JSON_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;

function checkPath(path: readonly string[]): void {
  if (path.length === 0 || path.some((key) => !JSON_KEY.test(key))) {
    throw new Error(`JSON path ${JSON.stringify(path)}: each key must be letters, digits or _ (starting with a letter or _)`);
  }
}

const sqliteSql: DialectSql = {
  jsonArrayValues: 'SELECT value FROM json_each(?)',
  jsonText(column, path) {
    checkPath(path);
    return `json_extract(${column}, '$.${path.map((k) => `"${k}"`).join('.')}')`;
  },
  contains: (haystack, needle) => `instr(${haystack}, ${needle}) > 0`,
  asNumber: (expression) => `CAST(${expression} AS REAL)`,
  notIndexed: (column) => `+${column}`,
  lockSkipLocked: () => '',
  forUpdate: '',
};

const postgresSql: DialectSql = {
  jsonArrayValues: 'SELECT jsonb_array_elements_text(CAST(? AS jsonb))',
  jsonText(column, path) {
    checkPath(path);
    return `(CAST(${column} AS jsonb) #>> '{${path.join(',')}}')`;
  },
  contains: (haystack, needle) => `strpos(${haystack}, ${needle}) > 0`,
  // CAST of a non-numeric text would abort the statement on PostgreSQL; SQLite gives 0.
  asNumber: (expression) =>
    `(CASE WHEN CAST(${expression} AS text) ~ '^\\s*[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?\\s*$' THEN CAST(CAST(${expression} AS text) AS double precision) WHEN ${expression} IS NOT NULL THEN 0 END)`,
  notIndexed: (column) => column,
  lockSkipLocked: (alias) => ` FOR UPDATE OF ${alias} SKIP LOCKED`,
  forUpdate: ' FOR UPDATE',
};

/** The fragments for the engine behind `db`. */
export function sqlFor(db: Db): DialectSql {
  return isPostgres(db) ? postgresSql : sqliteSql;
}

/** The fragments for an engine by name (to check SQL text before a database is at hand). */
export function sqlForDialect(name: DialectName): DialectSql {
  return name === 'postgres' ? postgresSql : sqliteSql;
}

/** "(?, ?, ?), (?, ?, ?)" for a multi-row insert of `rows` rows of `columns` values each. */
export function placeholders(rows: number, columns: number): string {
  const one = `(${new Array(columns).fill('?').join(', ')})`;
  return new Array(rows).fill(one).join(', ');
}

export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text == null || text === '') return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
