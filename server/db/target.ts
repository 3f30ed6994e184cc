/**
 * Chooses the database from the environment: `DATABASE_URL=postgres://…` selects PostgreSQL, otherwise the
 * SQLite file. Kept apart from config.ts so the rule lives with the database code.
 *
 * Example:
 *   const db = await openDatabase(databaseFromEnv(process.env, config.databaseFile));
 *   // DATABASE_URL=postgres://kiunga:pw@db:5432/kiunga DATABASE_POOL_MAX=20 → { url: 'postgres://…', pool: { max: 20 } }
 *   // DATABASE_URL unset                                                   → { file: '/srv/kiunga/data/kiunga.sqlite' }
 */
import type { OpenDatabaseOptions } from './open.js';
import { assertPostgresUrl } from './postgres.js';

/** `{ url, pool }` when DATABASE_URL is set, else `{ file: sqliteFile }`. Throws a specific error for bad values. */
export function databaseFromEnv(env: NodeJS.ProcessEnv, sqliteFile: string): OpenDatabaseOptions {
  const url = env.DATABASE_URL?.trim();
  if (!url) return { file: sqliteFile };
  assertPostgresUrl(url);
  const max = wholeNumber(env, 'DATABASE_POOL_MAX', 10, 1, 1000);
  const statementTimeoutMs = wholeNumber(env, 'DATABASE_STATEMENT_TIMEOUT_MS', 0, 0, 24 * 3600_000);
  return { url, pool: { max, ...(statementTimeoutMs > 0 ? { statementTimeoutMs } : {}) } };
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
  return n;
}
