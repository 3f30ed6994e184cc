/**
 * Starts Kiunga: `npm start` (or `tsx server/main.ts`). `KIUNGA_ROLE=web|worker` (PostgreSQL only) makes the
 * process one of several sharing a database: web serves HTTP without background workers, worker runs them
 * (server/jobs/pg/process-role.ts, docs/deployment.md); the default `all` does everything in one process. Reads the environment (server/config.ts), opens and
 * migrates the database, creates the first workspace + admin on first start, starts the HTTP server, the local
 * FHIR dev server and the messaging workers when present, and shuts everything down cleanly on SIGTERM/SIGINT.
 *
 * Tests import `createServer` and start a real server on port 0:
 *   const server = await createServer({ ...loadConfig({ DATA_DIR: tmp, PORT: '0', FHIR_DEV_SERVER: '0', WORKERS: '0' }) });
 *   await fetch(`${server.url}/api/health`); await server.close();
 */
import { pathToFileURL } from 'node:url';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from './db/schema.js';
import { openDatabase, type OpenDatabaseOptions } from './db/open.js';
import { describePostgresUrl } from './db/postgres.js';
import { loadConfig, type ServerConfig } from './config.js';
import type { ServerServices } from './api/context.js';
import { LoginRateLimiter } from './auth/login-rate-limiter.js';
import { purgeExpiredLoginSessions } from './auth/login-sessions.js';
import { ensureInitialWorkspace, type InitialAdmin } from './auth/initial-admin.js';
import { FlowStore } from './flows/flow-store.js';
import { FlowEvents } from './flows/flow-events.js';
import { runtimeFlowTools, type FlowTools } from './flows/flow-tools.js';
import { startHttpServer } from './http/http-server.js';
import { defaultWebhooks, type WebhookRegistry } from './http/webhooks.js';
import { createMetricsHandler, type MetricsSources } from './jobs/pg/metrics.js';
import { processRoleFromEnv, reconcileAfterMsFromEnv, type ProcessRole } from './jobs/pg/process-role.js';

/** Optional parts of a server that tests replace. */
export interface CreateServerOptions {
  /** Flow validation/import; default: the runtime's. Tests may pass a smaller checker. */
  flowTools?: FlowTools | null;
  webhooks?: WebhookRegistry;
  /** Where startup messages go (default console.log). */
  log?: (text: string) => void;
  /**
   * This process's part in a deployment (server/jobs/pg/process-role.ts; main() reads KIUNGA_ROLE): 'all'
   * (default), 'web' (no background workers) or 'worker'.
   */
  role?: ProcessRole;
  /** METRICS_TOKEN: who may read /metrics (absent: loopback only). */
  metricsToken?: string | null;
  /** Sender tuning for worker processes (main() sets reconcileAfterMs from KIUNGA_RECONCILE_AFTER_S). */
  sender?: { reconcileAfterMs?: number };
}

export interface KiungaServer {
  url: string;
  db: Kysely<Database>;
  services: ServerServices;
  initialAdmin: InitialAdmin | null;
  close(): Promise<void>;
}

interface Stoppable {
  name: string;
  stop(): Promise<void>;
}

/** Dynamically imports an optional module written by a colleague; null (with a log line) when absent. */
async function optionalModule(specifier: string, exportName: string, log: (t: string) => void): Promise<((...args: never[]) => unknown) | null> {
  try {
    const module = (await import(/* @vite-ignore */ specifier)) as Record<string, unknown>;
    const fn = module[exportName];
    if (typeof fn === 'function') return fn as (...args: never[]) => unknown;
    log(`${specifier} has no ${exportName}() export: skipped.`);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const baseName = specifier.slice(specifier.lastIndexOf('/') + 1).replace(/\.js$/, '');
    if (code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(baseName)) {
      log(`${specifier} not found: skipped.`);
    } else {
      log(`${specifier} could not be loaded: ${(error as Error).message}`);
    }
  }
  return null;
}

export async function createServer(config: ServerConfig, options: CreateServerOptions = {}): Promise<KiungaServer> {
  const log = options.log ?? ((text: string) => console.log(text));
  const db = await openDatabase(config.database);
  log(`Database: ${describeDatabase(config.database)}`);
  const stoppables: Stoppable[] = [];
  try {
    const flowTools = options.flowTools !== undefined ? options.flowTools : runtimeFlowTools;
    const flowEvents = new FlowEvents();
    const services: ServerServices = {
      clock: { now: () => new Date() },
      ids: { uuid: () => uuidv7() },
      loginLimiter: new LoginRateLimiter(),
      sessionPolicy: { idleMs: config.sessionIdleHours * 3600_000, maxAgeMs: config.sessionMaxDays * 86400_000 },
      secureCookies: config.https,
      flows: new FlowStore(db, flowTools, flowEvents),
      flowEvents,
    };
    const webhooks = options.webhooks ?? defaultWebhooks;

    // First start: the message with the password is held until the URL is known (after listen).
    const firstStartLines: string[] = [];
    const initialAdmin = await ensureInitialWorkspace(db, {
      dataDir: config.dataDir, adminEmail: config.adminEmail, adminPassword: config.adminPassword,
      url: config.publicUrl ?? `http://${config.host}:${config.port}`, print: (text) => firstStartLines.push(text),
    });

    const purge = setInterval(() => {
      purgeExpiredLoginSessions(db, new Date()).catch((error) => console.error('purging login sessions failed:', error));
    }, 3600_000);
    purge.unref();
    stoppables.push({ name: 'session purge', stop: async () => clearInterval(purge) });

    let fhirDevUrl: string | null = null;
    if (config.fhirDevServer) {
      const start = await optionalModule('./dev/fhir-dev-server.js', 'startFhirDevServer', log);
      if (start) {
        // A development convenience: if it cannot start (port taken…), Kiunga still runs without it.
        try {
          const fhir = await (start as (o: { port: number }) => Promise<{ url: string; close(): Promise<void> }>)({ port: config.fhirDevPort });
          fhirDevUrl = fhir.url;
          log(`FHIR dev server: ${fhir.url}`);
          stoppables.push({ name: 'fhir dev server', stop: () => fhir.close() });
        } catch (error) {
          log(`FHIR dev server could not start on port ${config.fhirDevPort} (${(error as Error).message}); continuing without it. Set FHIR_DEV_PORT or FHIR_DEV_SERVER=0.`);
        }
      }
    }

    // Workers start before the HTTP server so their webhooks are registered before the first request.
    const role = options.role ?? 'all';
    let metricsWorkers: Pick<MetricsSources, 'counters' | 'jobs'> = {};
    if (config.workers) {
      const start = await optionalModule('./messaging/start-workers.js', 'startWorkers', log);
      if (start) {
        const workers = await (start as (o: Record<string, unknown>) => Promise<{ stop(): Promise<void> }> | { stop(): Promise<void> })({
          db, logger: console, flowEvents, webhooks, fhirDevUrl, role, ...(options.sender ? { sender: options.sender } : {}),
        });
        stoppables.push({ name: 'messaging workers', stop: () => workers.stop() });
        const running = workers as Partial<Pick<MetricsSources, 'counters' | 'jobs'>>;
        if (role !== 'web') metricsWorkers = { counters: running.counters, jobs: running.jobs };
        log(role === 'web' ? 'Messaging webhooks mounted (web process: no background workers).' : `Messaging workers started${role === 'worker' ? ' (worker process)' : ''}.`);
      }
    }

    // Listening comes last, so on shutdown (reverse order) it is the first thing to stop.
    const http = await startHttpServer({
      db, services, webhooks, webRoot: config.webRoot, host: config.host, port: config.port,
      maxBodyBytes: config.maxBodyBytes, importMaxBodyBytes: config.importMaxBodyBytes, trustProxy: config.trustProxy, https: config.https, version: process.env.npm_package_version,
      metrics: createMetricsHandler({ db, role, token: options.metricsToken ?? null, ...metricsWorkers }),
    });
    stoppables.push({ name: 'http', stop: () => http.close() });
    for (const text of firstStartLines) log(config.port === 0 && !config.publicUrl ? text.replace(`http://${config.host}:0`, http.url) : text);

    log(`Kiunga is listening on ${http.url}${config.publicUrl ? ` (public URL ${config.publicUrl})` : ''}`);
    let closed: Promise<void> | null = null;
    return {
      url: http.url,
      db,
      services,
      initialAdmin,
      close: () => (closed ??= stopAll(stoppables, db)),
    };
  } catch (error) {
    await stopAll(stoppables, db);
    throw error;
  }
}

/** For the start-up log, without the password. Example: "PostgreSQL at postgres://kiunga:***@db:5432/kiunga". */
function describeDatabase(options: OpenDatabaseOptions): string {
  return 'url' in options ? `PostgreSQL at ${describePostgresUrl(options.url)}` : `SQLite file ${options.file}`;
}

/** Stops in reverse start order (workers before HTTP), then closes the database; logs but continues on errors. */
async function stopAll(stoppables: Stoppable[], db: Kysely<Database>): Promise<void> {
  for (const part of [...stoppables].reverse()) {
    try {
      await part.stop();
    } catch (error) {
      console.error(`stopping ${part.name} failed:`, error);
    }
  }
  await db.destroy();
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const reconcileAfterMs = reconcileAfterMsFromEnv(process.env);
  const server = await createServer(config, {
    role: processRoleFromEnv(process.env),
    metricsToken: process.env.METRICS_TOKEN?.trim() || null,
    ...(reconcileAfterMs !== undefined ? { sender: { reconcileAfterMs } } : {}),
  });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal} received: shutting down…`);
    // Not unref'd: if a part hangs, this is what ends the process.
    setTimeout(() => {
      console.error('Shutdown took too long; exiting.');
      process.exit(1);
    }, 15_000);
    server.close().then(() => process.exit(0), (error) => {
      console.error('Shutdown failed:', error);
      process.exit(1);
    });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

const isEntryPoint = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isEntryPoint) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
