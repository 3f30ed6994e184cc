/**
 * `GET /metrics`: Prometheus text (format 0.0.4) for an operator's scraper, on SQLite and PostgreSQL alike.
 * Queue depths come from the database (so every process reports the same, whole-deployment figures, and
 * each query is a range of an existing index); counters are this process's own since it started.
 *
 * Access: with `METRICS_TOKEN` set, only `Authorization: Bearer <token>` is answered; without it, only
 * requests from the loopback address (a scraper on the same host or a sidecar). Everything else gets 403,
 * so queue sizes never leak to the Internet.
 *
 * Example:
 *   const metrics = createMetricsHandler({ db, role: 'worker', token: process.env.METRICS_TOKEN, workers });
 *   // curl -H 'Authorization: Bearer s3cret' http://10.0.0.7:8080/metrics
 *   // kiunga_outbox_messages{status="queued"} 1204
 */
import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { dialectName } from '../../db/dialect.js';
import { first, all } from '../../messaging/sql.js';
import type { ProcessRole } from './process-role.js';
import type { PgJobQueue } from './job-queue.js';
import { BULK_QUEUE } from './bulk-jobs.js';

/** What the handler reads besides the database. Example: `{ db, role: 'all', token: null }`. */
export interface MetricsSources {
  db: Kysely<Database>;
  role: ProcessRole;
  /** METRICS_TOKEN; null or empty → loopback only. */
  token?: string | null;
  /** This process's counters (present in worker processes). */
  counters?: () => { outboxClaimed: number; bulkBatches: number; lockContention: number };
  /** The PostgreSQL job queue, when this process runs one. */
  jobs?: () => PgJobQueue | null;
}

interface Sample {
  name: string;
  help: string;
  type: 'gauge' | 'counter';
  values: { labels?: Record<string, string>; value: number }[];
}

const started = Date.now();

/** The figures, as Prometheus text. Exported for tests. */
export async function collectMetrics(sources: MetricsSources, now = new Date()): Promise<string> {
  const { db } = sources;
  const nowIso = now.toISOString();
  const samples: Sample[] = [];
  const count = async (text: string, params: unknown[] = []) => Number((await first<{ n: number | string }>(db, text, params))?.n ?? 0);

  const outbox = await all<{ status: string; n: number | string }>(db, `SELECT status, COUNT(*) AS n FROM messages WHERE status IN ('queued', 'errored', 'sending') GROUP BY status`);
  samples.push({
    name: 'kiunga_outbox_messages', type: 'gauge', help: 'Outgoing messages not yet accepted by a provider, by status (sending = claimed by a worker now).',
    values: ['queued', 'errored', 'sending'].map((status) => ({ labels: { status }, value: Number(outbox.find((r) => r.status === status)?.n ?? 0) })),
  });
  samples.push({ name: 'kiunga_outbox_due_messages', type: 'gauge', help: 'Queued or retrying messages whose send time has come (the backlog workers must clear).', values: [{ value: await count(`SELECT COUNT(*) AS n FROM messages WHERE status IN ('queued', 'errored') AND next_attempt_at <= ?`, [nowIso]) }] });
  const oldest = await first<{ at: string | null }>(db, `SELECT MIN(next_attempt_at) AS at FROM messages WHERE status IN ('queued', 'errored') AND next_attempt_at <= ?`, [nowIso]);
  samples.push({ name: 'kiunga_outbox_oldest_due_seconds', type: 'gauge', help: 'How long the oldest due message has waited (0 when none): alert when it keeps growing.', values: [{ value: oldest?.at ? Math.max(0, (now.getTime() - Date.parse(oldest.at)) / 1000) : 0 }] });
  samples.push({ name: 'kiunga_messages_failed', type: 'gauge', help: 'Outgoing messages that failed for good (all time): alert on its increase.', values: [{ value: await count(`SELECT COUNT(*) AS n FROM messages WHERE status = 'failed'`) }] });
  samples.push({ name: 'kiunga_inbound_pending', type: 'gauge', help: 'Inbound messages stored but not handled yet.', values: [{ value: await count(`SELECT COUNT(*) AS n FROM messages WHERE status = 'pending' AND direction = 'in'`) }] });
  samples.push({ name: 'kiunga_timers_pending', type: 'gauge', help: 'Wait timeouts and expirations not fired yet.', values: [{ value: await count(`SELECT COUNT(*) AS n FROM timers WHERE status = 'pending'`) }] });
  samples.push({ name: 'kiunga_timers_overdue', type: 'gauge', help: 'Pending timers more than 60 s past their time (workers are behind or down).', values: [{ value: await count(`SELECT COUNT(*) AS n FROM timers WHERE status = 'pending' AND fire_at <= ?`, [new Date(now.getTime() - 60_000).toISOString()]) }] });
  samples.push({
    name: 'kiunga_bulk_pending', type: 'gauge', help: 'Broadcasts and flow starts still writing recipients.',
    values: [
      { labels: { kind: 'broadcast' }, value: await count(`SELECT COUNT(*) AS n FROM broadcasts WHERE status IN ('pending', 'sending')`) },
      { labels: { kind: 'flow_start' }, value: await count(`SELECT COUNT(*) AS n FROM flow_starts WHERE status IN ('pending', 'starting')`) },
    ],
  });
  const jobs = sources.jobs?.() ?? null;
  if (jobs) samples.push({ name: 'kiunga_job_queue_waiting', type: 'gauge', help: 'Jobs waiting in the PostgreSQL job queue.', values: [{ labels: { queue: BULK_QUEUE }, value: await jobs.waiting(BULK_QUEUE) }] });
  const counters = sources.counters?.();
  if (counters) {
    samples.push({ name: 'kiunga_outbox_claimed_total', type: 'counter', help: 'Messages this process claimed and tried to send since it started.', values: [{ value: counters.outboxClaimed }] });
    samples.push({ name: 'kiunga_bulk_batches_total', type: 'counter', help: 'Broadcast/flow-start batches this process wrote since it started.', values: [{ value: counters.bulkBatches }] });
    samples.push({ name: 'kiunga_contact_lock_retries_total', type: 'counter', help: 'Times this process found a contact locked by another process and tried again.', values: [{ value: counters.lockContention }] });
  }
  samples.push({ name: 'kiunga_process_info', type: 'gauge', help: 'This process: role and database engine.', values: [{ labels: { role: sources.role, database: dialectName(db) }, value: 1 }] });
  samples.push({ name: 'kiunga_process_uptime_seconds', type: 'gauge', help: 'Seconds since this process started.', values: [{ value: Math.round((Date.now() - started) / 1000) }] });
  samples.push({ name: 'kiunga_process_resident_memory_bytes', type: 'gauge', help: 'Resident memory of this process.', values: [{ value: process.memoryUsage().rss }] });
  return render(samples);
}

function render(samples: Sample[]): string {
  const lines: string[] = [];
  for (const s of samples) {
    lines.push(`# HELP ${s.name} ${s.help}`, `# TYPE ${s.name} ${s.type}`);
    for (const v of s.values) {
      const labels = v.labels ? `{${Object.entries(v.labels).map(([k, val]) => `${k}="${val.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`).join(',')}}` : '';
      lines.push(`${s.name}${labels} ${Number.isFinite(v.value) ? v.value : 0}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Whether the request may read the metrics (see the module comment). */
export function metricsAllowed(req: IncomingMessage, token: string | null | undefined): boolean {
  if (token) {
    const header = req.headers.authorization ?? '';
    const given = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
    const a = crypto.createHash('sha256').update(given).digest();
    const b = crypto.createHash('sha256').update(token).digest();
    return given.length > 0 && crypto.timingSafeEqual(a, b);
  }
  const ip = req.socket.remoteAddress ?? '';
  // The socket's own address: X-Forwarded-For is ignored, a proxy on this host must not open it to the world.
  return ip === '127.0.0.1' || ip === '::1' || ip === '::ffff:127.0.0.1';
}

/** The HTTP handler for /metrics. */
export function createMetricsHandler(sources: MetricsSources): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    if (!metricsAllowed(req, sources.token)) {
      res.statusCode = 403;
      res.setHeader('Content-Type', 'text/plain; charset=utf-8');
      res.end(sources.token ? 'metrics: a valid "Authorization: Bearer <METRICS_TOKEN>" header is required\n' : 'metrics: only from the loopback address (set METRICS_TOKEN to scrape from elsewhere)\n');
      return;
    }
    const text = await collectMetrics(sources);
    res.statusCode = 200;
    res.setHeader('Content-Type', 'text/plain; version=0.0.4; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.end(text);
  };
}
