/**
 * Process roles from the environment (KIUNGA_ROLE), the reconcile delay setting, and /metrics: the Prometheus
 * text a scraper reads (queue depths from the database) and who may read it (token or loopback only).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { openDatabase } from '../../server/db/open.js';
import { collectMetrics, createMetricsHandler, metricsAllowed } from '../../server/jobs/pg/metrics.js';
import { processRoleFromEnv, reconcileAfterMsFromEnv } from '../../server/jobs/pg/process-role.js';
import { run } from '../../server/messaging/sql.js';
import { parseArgs } from '../../bench/scale.js';
import { seedContacts, seedLoopbackChannel, seedWorkspace } from '../messaging/seed.js';
import { metricValue } from './process-harness.js';
import { postgresForThisFile } from './pg-test-env.js';

const pg = postgresForThisFile();
const PG_URL = 'postgres://kiunga:pw@db:5432/kiunga';

describe('KIUNGA_ROLE', () => {
  it('defaults to all and accepts web and worker with a PostgreSQL URL', () => {
    expect(processRoleFromEnv({})).toBe('all');
    expect(processRoleFromEnv({ KIUNGA_ROLE: ' Worker ', DATABASE_URL: PG_URL })).toBe('worker');
    expect(processRoleFromEnv({ KIUNGA_ROLE: 'web', DATABASE_URL: PG_URL })).toBe('web');
    expect(processRoleFromEnv({ KIUNGA_ROLE: 'all' })).toBe('all');
  });

  it('refuses unknown roles, and split roles on SQLite, naming the variable', () => {
    expect(() => processRoleFromEnv({ KIUNGA_ROLE: 'sender', DATABASE_URL: PG_URL })).toThrow(/KIUNGA_ROLE must be one of all, web, worker \(got "sender"\)/);
    expect(() => processRoleFromEnv({ KIUNGA_ROLE: 'worker' })).toThrow(/KIUNGA_ROLE=worker needs DATABASE_URL/);
    expect(() => processRoleFromEnv({ KIUNGA_ROLE: 'web', DATABASE_URL: ' ' })).toThrow(/KIUNGA_ROLE=web needs DATABASE_URL/);
  });

  it('reads KIUNGA_RECONCILE_AFTER_S in seconds and refuses nonsense', () => {
    expect(reconcileAfterMsFromEnv({})).toBeUndefined();
    expect(reconcileAfterMsFromEnv({ KIUNGA_RECONCILE_AFTER_S: '120' })).toBe(120_000);
    expect(() => reconcileAfterMsFromEnv({ KIUNGA_RECONCILE_AFTER_S: '0' })).toThrow(/KIUNGA_RECONCILE_AFTER_S must be a number of seconds from 1 to 86400 \(got "0"\)/);
    expect(() => reconcileAfterMsFromEnv({ KIUNGA_RECONCILE_AFTER_S: 'soon' })).toThrow(/got "soon"/);
  });
});

describe('npm run bench -- scale options', () => {
  it('parses --contacts and --workers and refuses bad values', () => {
    expect(parseArgs([])).toEqual({ contacts: 100_000, workers: [1, 2, 4], sqlite: true, postgres: true });
    expect(parseArgs(['--contacts', '5000', '--workers', '1,3', '--no-sqlite'])).toEqual({ contacts: 5000, workers: [1, 3], sqlite: false, postgres: true });
    expect(() => parseArgs(['--contacts', '-1'])).toThrow(/--contacts must be a whole number/);
    expect(() => parseArgs(['--workers', '1,x'])).toThrow(/--workers must be a comma-separated list/);
    expect(() => parseArgs(['--fast'])).toThrow(/unknown option "--fast"/);
  });
});

/** A request as the metrics check sees it. */
function fakeRequest(remoteAddress: string, authorization?: string): http.IncomingMessage {
  return { socket: { remoteAddress }, headers: authorization ? { authorization } : {} } as unknown as http.IncomingMessage;
}

describe('/metrics access', () => {
  it('answers loopback only without a token, and only the right bearer token with one', () => {
    expect(metricsAllowed(fakeRequest('127.0.0.1'), null)).toBe(true);
    expect(metricsAllowed(fakeRequest('::1'), null)).toBe(true);
    expect(metricsAllowed(fakeRequest('10.0.0.8'), null)).toBe(false);
    expect(metricsAllowed(fakeRequest('10.0.0.8', 'Bearer s3cret-token'), 's3cret-token')).toBe(true);
    expect(metricsAllowed(fakeRequest('127.0.0.1', 'Bearer wrong'), 's3cret-token')).toBe(false);
    expect(metricsAllowed(fakeRequest('127.0.0.1'), 's3cret-token')).toBe(false); // with a token, loopback needs it too
  });
});

if (pg) {
  describe('/metrics on PostgreSQL', () => {
    it('reports the outbox, inbound, timers and bulk backlog from the database', async () => {
      const { db, url, dispose } = await pg.openFresh();
      try {
        const ws = await seedWorkspace(db);
        const channel = await seedLoopbackChannel(db, ws, 'http://127.0.0.1:9/send');
        const contacts = await seedContacts(db, ws, 5);
        const now = new Date('2026-11-25T12:00:00Z');
        const insert = (contact: string, status: string, direction: 'in' | 'out', next: string) =>
          run(db, `INSERT INTO messages (id, workspace_id, uuid, contact_id, contact_urn_id, channel_id, direction, text, attachments, quick_replies, status, priority, segments, attempts, next_attempt_at, created_at, updated_at)
            VALUES (?, ?, ?, ?, NULL, ?, ?, 'x', '[]', '[]', ?, 0, 1, 0, ?, ?, ?)`, [uuidv7(), ws, uuidv7(), contact, channel.id, direction, status, next, next, next]);
        await insert(contacts[0]!, 'queued', 'out', '2026-11-25T11:59:00Z'); // due, waiting 60 s
        await insert(contacts[1]!, 'queued', 'out', '2026-11-25T13:00:00Z'); // not due yet (quiet hours)
        await insert(contacts[2]!, 'errored', 'out', '2026-11-25T11:59:30Z');
        await insert(contacts[3]!, 'sending', 'out', '2026-11-25T11:59:50Z');
        await insert(contacts[4]!, 'failed', 'out', '2026-11-25T10:00:00Z');
        await insert(contacts[4]!, 'pending', 'in', '2026-11-25T11:59:59Z');
        await run(db, `INSERT INTO timers (id, workspace_id, kind, session_id, schedule_id, fire_at, status, created_at, updated_at) VALUES (?, ?, 'wait_timeout', NULL, NULL, ?, 'pending', ?, ?)`, [uuidv7(), ws, '2026-11-25T11:50:00Z', now.toISOString(), now.toISOString()]);

        const text = await collectMetrics({ db, role: 'worker', counters: () => ({ outboxClaimed: 7, bulkBatches: 2, lockContention: 1 }) }, now);
        expect(text).toContain('# TYPE kiunga_outbox_messages gauge');
        expect(text).toContain('kiunga_outbox_messages{status="queued"} 2');
        expect(text).toContain('kiunga_outbox_messages{status="errored"} 1');
        expect(text).toContain('kiunga_outbox_messages{status="sending"} 1');
        expect(metricValue(text, 'kiunga_outbox_due_messages')).toBe(2);
        expect(metricValue(text, 'kiunga_outbox_oldest_due_seconds')).toBe(60);
        expect(metricValue(text, 'kiunga_messages_failed')).toBe(1);
        expect(metricValue(text, 'kiunga_inbound_pending')).toBe(1);
        expect(metricValue(text, 'kiunga_timers_pending')).toBe(1);
        expect(metricValue(text, 'kiunga_timers_overdue')).toBe(1);
        expect(text).toContain('kiunga_bulk_pending{kind="broadcast"} 0');
        expect(metricValue(text, 'kiunga_outbox_claimed_total')).toBe(7);
        expect(text).toContain('kiunga_process_info{role="worker",database="postgres"} 1');
        // Every sample line is "name{labels} number" (what Prometheus' text parser accepts).
        for (const line of text.trim().split('\n').filter((l) => !l.startsWith('#'))) expect(line).toMatch(/^[a-z_]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? -?\d+(\.\d+)?(e[+-]?\d+)?$/);

        // Over HTTP: 403 without the token, 200 text/plain with it.
        const second = await openDatabase({ url, migrate: false, pool: { max: 2 } });
        const handler = createMetricsHandler({ db: second, role: 'web', token: 'scrape-me' });
        const server = http.createServer((req, res) => void handler(req, res));
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        try {
          const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
          const refused = await fetch(base);
          expect(refused.status).toBe(403);
          expect(await refused.text()).toMatch(/Authorization: Bearer <METRICS_TOKEN>/);
          const ok = await fetch(base, { headers: { authorization: 'Bearer scrape-me' } });
          expect(ok.status).toBe(200);
          expect(ok.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
          expect(await ok.text()).toContain('kiunga_process_info{role="web",database="postgres"} 1');
        } finally {
          server.close();
          await second.destroy();
        }
      } finally {
        await dispose();
      }
    });
  });
}
