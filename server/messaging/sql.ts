/**
 * Thin helpers to run hand-written SQL through the shared Kysely instance (same connection, same
 * transaction mutex as the rest of the server). The messaging loop uses them on its hot paths where
 * the query builder's per-call cost matters (batched inserts of 500 rows, the outbox claim).
 *
 * Example:
 *   const rows = await all<{ id: string }>(db, 'SELECT id FROM messages WHERE status = ? LIMIT ?', ['queued', 10]);
 */
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { markHot } from './statement-cache.js';

/** The database or an open transaction: every helper accepts both. */
export type Db = Kysely<Database> | Transaction<Database>;

export async function all<T>(db: Db, sqlText: string, params: readonly unknown[] = []): Promise<T[]> {
  if (sqlText.length < 2000) markHot(sqlText);
  const result = await db.executeQuery<T>(CompiledQuery.raw(sqlText, params as unknown[]));
  return result.rows as T[];
}

export async function first<T>(db: Db, sqlText: string, params: readonly unknown[] = []): Promise<T | undefined> {
  const rows = await all<T>(db, sqlText, params);
  return rows[0];
}

/** Runs a statement; returns the number of rows it changed. */
export async function run(db: Db, sqlText: string, params: readonly unknown[] = []): Promise<number> {
  if (sqlText.length < 2000) markHot(sqlText); // long texts are the multi-row inserts: shapes vary, not worth keeping
  const result = await db.executeQuery(CompiledQuery.raw(sqlText, params as unknown[]));
  return Number(result.numAffectedRows ?? 0n);
}

/** Runs `fn` in one transaction (BEGIN … COMMIT, ROLLBACK on throw). Inside, use `trx`, never the outer db. */
export async function inTransaction<T>(db: Kysely<Database>, fn: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
  return db.transaction().execute(fn);
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
