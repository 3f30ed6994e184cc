/**
 * Server configuration from environment variables, with defaults that work for `npm start` on one machine.
 *
 *   PORT=8080  HOST=127.0.0.1  DATA_DIR=./data  DATABASE_FILE=$DATA_DIR/kiunga.sqlite
 *   DATABASE_URL=postgres://user:pw@host:5432/kiunga (PostgreSQL instead of the SQLite file)  DATABASE_POOL_MAX=10
 *   DATABASE_STATEMENT_TIMEOUT_MS=0 (none)
 *   PUBLIC_URL=https://kiunga.moh.go.ke (https → Secure cookies + HSTS)   TRUST_PROXY=1 (behind nginx etc.)
 *   ADMIN_EMAIL / ADMIN_PASSWORD (first start only)   FHIR_DEV_SERVER=1 (default) / 0   FHIR_DEV_PORT=8090
 *   WORKERS=1 (default) / 0   MAX_BODY_BYTES=1048576   IMPORT_MAX_BODY_BYTES=20971520   SESSION_IDLE_HOURS=12   SESSION_MAX_DAYS=7   WEB_ROOT=dist/web
 *
 * Example: `const config = loadConfig(process.env);`
 */
import path from 'node:path';
import type { OpenDatabaseOptions } from './db/open.js';
import { databaseFromEnv } from './db/target.js';

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  /** The SQLite file (DATABASE_FILE); used when DATABASE_URL is not set. */
  databaseFile: string;
  /**
   * What `openDatabase` opens: `{ file: databaseFile }`, or `{ url, pool }` when DATABASE_URL is set.
   * Example: `{ url: 'postgres://kiunga:pw@db:5432/kiunga', pool: { max: 10 } }`.
   */
  database: OpenDatabaseOptions;
  webRoot: string;
  publicUrl: string | null;
  /** Cookies get `Secure` and responses HSTS (PUBLIC_URL is https, or COOKIE_SECURE=1). */
  https: boolean;
  trustProxy: boolean;
  maxBodyBytes: number;
  /** Limit for `flows.import` bodies (RapidPro workspace exports). */
  importMaxBodyBytes: number;
  sessionIdleHours: number;
  sessionMaxDays: number;
  adminEmail?: string;
  adminPassword?: string;
  /** Start the local FHIR dev server (server/dev/fhir-dev-server.ts). */
  fhirDevServer: boolean;
  fhirDevPort: number;
  /** Start the messaging workers (server/messaging/start-workers.ts). */
  workers: boolean;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new ConfigError(`${name} must be 1 or 0 (got "${value}")`);
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const value = env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max} (got "${value}")`);
  return n;
}

/** databaseFromEnv, its errors (which name the variable) as ConfigError. */
function database(env: NodeJS.ProcessEnv, databaseFile: string): OpenDatabaseOptions {
  try {
    return databaseFromEnv(env, databaseFile);
  } catch (error) {
    throw new ConfigError(error instanceof Error ? error.message : String(error));
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): ServerConfig {
  const dataDir = path.resolve(cwd, env.DATA_DIR || 'data');
  const databaseFile = path.resolve(dataDir, env.DATABASE_FILE || 'kiunga.sqlite');
  const publicUrl = env.PUBLIC_URL || null;
  if (publicUrl && !/^https?:\/\//.test(publicUrl)) throw new ConfigError(`PUBLIC_URL must start with http:// or https:// (got "${publicUrl}")`);
  return {
    port: integer(env, 'PORT', 8080, 0, 65535),
    host: env.HOST || '127.0.0.1',
    dataDir,
    databaseFile,
    database: database(env, databaseFile),
    webRoot: path.resolve(cwd, env.WEB_ROOT || 'dist/web'),
    publicUrl,
    https: Boolean(publicUrl?.startsWith('https://')) || flag(env, 'COOKIE_SECURE', false),
    trustProxy: flag(env, 'TRUST_PROXY', false),
    maxBodyBytes: integer(env, 'MAX_BODY_BYTES', 1024 * 1024, 1024, 100 * 1024 * 1024),
    importMaxBodyBytes: integer(env, 'IMPORT_MAX_BODY_BYTES', 20 * 1024 * 1024, 1024, 200 * 1024 * 1024),
    sessionIdleHours: integer(env, 'SESSION_IDLE_HOURS', 12, 1, 24 * 30),
    sessionMaxDays: integer(env, 'SESSION_MAX_DAYS', 7, 1, 365),
    adminEmail: env.ADMIN_EMAIL || undefined,
    adminPassword: env.ADMIN_PASSWORD || undefined,
    fhirDevServer: flag(env, 'FHIR_DEV_SERVER', true),
    fhirDevPort: integer(env, 'FHIR_DEV_PORT', 8090, 0, 65535),
    workers: flag(env, 'WORKERS', true),
  };
}
