/**
 * What one Kiunga process does, from `KIUNGA_ROLE`:
 *   all    (default) HTTP (UI, API, webhooks) and the background workers: the single-process setup of `npm start`;
 *   web    HTTP only: UI, API and webhooks (an inbound message is still handled right after it is stored);
 *          outbox sending, timers, schedules, broadcasts and flow starts are left to the worker processes;
 *   worker the background workers; it also listens on PORT, for /api/health, /api/ready and /metrics.
 * Several processes need PostgreSQL (`DATABASE_URL`): a SQLite file belongs to one process, so `web` and
 * `worker` are refused without it.
 *
 * Example:
 *   processRoleFromEnv({ KIUNGA_ROLE: 'worker', DATABASE_URL: 'postgres://…' })  // → 'worker'
 *   processRoleFromEnv({ KIUNGA_ROLE: 'worker' })                               // throws: needs DATABASE_URL
 */

/** A process's part in a deployment. Example: `'worker'`. */
export type ProcessRole = 'all' | 'web' | 'worker';

const ROLES: readonly ProcessRole[] = ['all', 'web', 'worker'];

/** Reads KIUNGA_ROLE (default "all"); throws a specific error for an unknown role or a split role on SQLite. */
export function processRoleFromEnv(env: NodeJS.ProcessEnv): ProcessRole {
  const raw = (env.KIUNGA_ROLE ?? '').trim().toLowerCase();
  if (raw === '') return 'all';
  if (!(ROLES as readonly string[]).includes(raw)) throw new Error(`KIUNGA_ROLE must be one of ${ROLES.join(', ')} (got "${env.KIUNGA_ROLE}")`);
  const role = raw as ProcessRole;
  if (role !== 'all' && !env.DATABASE_URL?.trim()) {
    throw new Error(`KIUNGA_ROLE=${role} needs DATABASE_URL=postgres://…: a SQLite file is used by one process, which must be KIUNGA_ROLE=all`);
  }
  return role;
}

/** True when the role runs the background workers. */
export function runsWorkers(role: ProcessRole): boolean {
  return role !== 'web';
}

/** True when the role serves the web UI and API to users. */
export function servesWeb(role: ProcessRole): boolean {
  return role !== 'worker';
}

/**
 * Seconds a message must have been "sending" before a worker takes it for a crashed process's leftover
 * (`KIUNGA_RECONCILE_AFTER_S`, default: the sender's own, 5 min on PostgreSQL). Keep it well above the
 * channels' send timeouts, or a slow send of a live process could be reconciled under its feet.
 *
 * Example: `reconcileAfterMsFromEnv({ KIUNGA_RECONCILE_AFTER_S: '120' })` → 120000.
 */
export function reconcileAfterMsFromEnv(env: NodeJS.ProcessEnv): number | undefined {
  const raw = env.KIUNGA_RECONCILE_AFTER_S?.trim();
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > 86_400) throw new Error(`KIUNGA_RECONCILE_AFTER_S must be a number of seconds from 1 to 86400 (got "${raw}")`);
  return Math.round(seconds * 1000);
}
