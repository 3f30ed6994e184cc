/**
 * Recognizes database errors the same way on SQLite and PostgreSQL.
 *
 * Example: `catch (e) { if (isUniqueViolation(e)) throw conflict(); throw e; }`
 */

/** True for a unique / primary-key constraint violation (SQLite SQLITE_CONSTRAINT_UNIQUE, PostgreSQL 23505). */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505';
}
