/**
 * The PostgreSQL side of `openDatabase`: a node-postgres pool behind Kysely's built-in PostgresDialect, set up
 * so rows look the same as on SQLite (counts and sums come back as JS numbers, not strings).
 *
 * Example:
 *   const db = new Kysely<Database>({ dialect: createPostgresDialect('postgres://kiunga:pw@db/kiunga', { max: 20 }) });
 */
import pg from 'pg';
import { PostgresDialect } from 'kysely';

/** Connection-pool settings. Example: `{ max: 20, statementTimeoutMs: 30_000 }`. */
export interface PostgresPoolOptions {
  /** Connections per server process (default 10). Keep processes × max below the server's max_connections. */
  max?: number;
  /** How long to wait for a free connection or a new one before failing (default 10 000 ms). */
  connectionTimeoutMs?: number;
  /** Close connections idle this long (default 30 000 ms). */
  idleTimeoutMs?: number;
  /** Server-side limit per statement (PostgreSQL `statement_timeout`); unset = none. */
  statementTimeoutMs?: number;
  /** An idle connection failed (database restarted, network cut). Default: written to stderr; the pool replaces it. */
  onIdleError?: (error: Error) => void;
}

/** True for `postgres://…` / `postgresql://…` URLs. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url.trim());
}

/** The URL with its password replaced by `***`, safe for logs and error messages. */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** Throws a specific error unless `url` is a usable PostgreSQL connection URL. */
export function assertPostgresUrl(url: string): void {
  if (!isPostgresUrl(url)) {
    throw new Error(`DATABASE_URL must start with postgres:// or postgresql:// (got "${describePostgresUrl(url)}")`);
  }
  try {
    new URL(url);
  } catch {
    throw new Error('DATABASE_URL is not a valid URL: expected postgres://user:password@host:5432/database (percent-encode special characters in the password)');
  }
}

// int8 (COUNT(*), SUM of integers) and numeric (AVG) arrive as strings by default; the schema has no bigint or
// numeric columns, so these are only aggregates, and SQLite returns them as numbers.
const NUMBER_OIDS = new Set<number>([pg.types.builtins.INT8, pg.types.builtins.NUMERIC]);
const sqliteLikeTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (NUMBER_OIDS.has(oid) && format !== 'binary') return (value: string) => Number(value);
    return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text');
  },
} as pg.CustomTypesConfig;

/** A Kysely PostgresDialect over a new pool for `url`. */
export function createPostgresDialect(url: string, options: PostgresPoolOptions = {}): PostgresDialect {
  assertPostgresUrl(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    idleTimeoutMillis: options.idleTimeoutMs ?? 30_000,
    application_name: 'kiunga',
    types: sqliteLikeTypes,
    ...(options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {}),
  });
  // Without a listener, an idle connection dropped by the server would crash the process.
  const onIdleError = options.onIdleError ?? ((error: Error) => console.error(`PostgreSQL connection lost (the pool will reconnect): ${error.message}`));
  pool.on('error', onIdleError);
  return new PostgresDialect({ pool });
}
