/**
 * The FHIR connections API: CRUD with write-only secrets and clear input errors, role checks, "test
 * connection" in plain words, sync progress polled while it runs, the schedule run by the background
 * pass, and an unreachable server shown as such with a retry time, then recovering.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFhirDevServer } from '../../server/dev/fhir-dev-server.js';
import { resolveAuth } from '../../server/fhir/connection-admin.js';
import { runDueSyncs, skipCategory } from '../../server/fhir/sync-runs.js';
import { outcome } from '../server/helpers.js';
import { createFhirApiEnv, type FhirApiEnv } from './api-env.js';

let t: FhirApiEnv;
beforeEach(async () => {
  t = await createFhirApiEnv();
});
afterEach(async () => {
  await t.close();
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('connections', () => {
  it('creates, lists without secrets, keeps a secret left out on update, validates, and deletes', async () => {
    const { admin, viewer, editor } = t;
    const c = await admin.fhir.connections.create({
      name: 'iHRIS',
      baseUrl: 'https://ihris.example.org/fhir/',
      auth: { type: 'oauth2_client_credentials', tokenUrl: 'https://auth.example.org/token', clientId: 'kiunga', clientSecret: 'very-secret', scope: 'system/*.read' },
      settings: { syncIntervalMinutes: 60, defaultCountry: 'cm' },
    });
    expect(c).toMatchObject({ name: 'iHRIS', baseUrl: 'https://ihris.example.org/fhir', auth: { type: 'oauth2_client_credentials', clientId: 'kiunga', tokenUrl: 'https://auth.example.org/token', scope: 'system/*.read', hasSecret: true } });
    expect(c.settings).toMatchObject({ syncIntervalMinutes: 60, defaultCountry: 'CM', syncRegistry: true, syncPatients: false, health: null });
    expect(Date.parse(c.settings.nextSyncAt!) - t.env.clock.now().getTime()).toBeGreaterThan(59 * 60_000);
    expect(JSON.stringify(await viewer.fhir.connections.list())).not.toContain('very-secret');

    // roles: viewers and editors see, only admins change
    expect(await outcome(editor.fhir.connections.create({ name: 'x', baseUrl: 'https://x.example.org/fhir' }))).toBe('FORBIDDEN');
    expect(await outcome(viewer.fhir.connections.test({ id: c.id }))).toBe('FORBIDDEN');
    expect(await outcome(viewer.fhir.sync.start({ connectionId: c.id }))).toBe('FORBIDDEN');

    // the secret is kept when the page sends the auth without it
    await admin.fhir.connections.update({ id: c.id, auth: { type: 'oauth2_client_credentials', tokenUrl: 'https://auth.example.org/token2', clientId: 'kiunga' } });
    const stored = await t.env.db.selectFrom('fhir_connections').select('auth').where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(JSON.parse(stored.auth)).toEqual({ type: 'oauth2_client_credentials', tokenUrl: 'https://auth.example.org/token2', clientId: 'kiunga', clientSecret: 'very-secret' });
    // … but switching type needs the new secret
    expect(await outcome(admin.fhir.connections.update({ id: c.id, auth: { type: 'basic', username: 'u' } }))).toBe('BAD_REQUEST');
    await expect(admin.fhir.connections.update({ id: c.id, auth: { type: 'basic', username: 'u' } })).rejects.toThrow('auth.password is required for basic authentication');

    // bad input names the field
    await expect(admin.fhir.connections.create({ name: 'Bad', baseUrl: 'ftp://x' })).rejects.toThrow(/baseUrl/);
    await expect(admin.fhir.connections.create({ name: 'Bad', baseUrl: 'https://x.example.org', settings: { syncIntervalMinutes: 1 } })).rejects.toThrow(/syncIntervalMinutes: at least 5 minutes/);
    await expect(admin.fhir.connections.create({ name: 'Bad', baseUrl: 'https://x.example.org', settings: { defaultCountry: 'XX' } })).rejects.toThrow(/defaultCountry/);
    expect(await outcome(admin.fhir.connections.create({ name: 'iHRIS', baseUrl: 'https://other.example.org/fhir' }))).toBe('CONFLICT');

    // no schedule any more → no next sync
    const unscheduled = await admin.fhir.connections.update({ id: c.id, settings: { syncIntervalMinutes: null } });
    expect(unscheduled.settings).toMatchObject({ syncIntervalMinutes: null, nextSyncAt: null });

    await admin.fhir.connections.delete({ id: c.id });
    expect(await viewer.fhir.connections.list()).toEqual([]);
    expect(await outcome(admin.fhir.connections.delete({ id: c.id }))).toBe('NOT_FOUND');
  });

  it('resolves write-only secrets', () => {
    expect(resolveAuth({ type: 'bearer' }, { type: 'bearer', token: 'old' })).toEqual({ type: 'bearer', token: 'old' });
    expect(resolveAuth({ type: 'bearer', token: 'new' }, { type: 'bearer', token: 'old' })).toEqual({ type: 'bearer', token: 'new' });
    expect(() => resolveAuth({ type: 'bearer' }, { type: 'none' })).toThrow('auth.token is required for bearer authentication');
    expect(resolveAuth({ type: 'basic', username: 'a' }, { type: 'basic', username: 'b', password: 'p' })).toEqual({ type: 'basic', username: 'a', password: 'p' });
  });

  it('tests a connection: the FHIR version, or what is wrong in plain words', async () => {
    const { admin } = t;
    const ok = await admin.fhir.connections.create({ name: 'dev', baseUrl: t.fhirUrl });
    expect(await admin.fhir.connections.test({ id: ok.id })).toMatchObject({ ok: true, fhirVersion: '4.0.1' });

    const down = await admin.fhir.connections.create({ name: 'down', baseUrl: `http://127.0.0.1:${await closedPort()}/fhir` });
    const refused = await admin.fhir.connections.test({ id: down.id });
    expect(refused).toMatchObject({ ok: false, fhirVersion: null });
    expect(refused.message).toMatch(/^Nothing answers at http:\/\/127\.0\.0\.1:\d+\/fhir \(connection refused\)/);

    const wrongPath = await admin.fhir.connections.create({ name: 'wrong', baseUrl: t.fhirUrl.replace(/\/fhir$/, '/api') });
    const notFound = await admin.fhir.connections.test({ id: wrongPath.id });
    expect(notFound).toMatchObject({ ok: false, status: 404 });
    expect(notFound.message).toMatch(/No FHIR API at .* \(HTTP 404\)\. Check the base URL/);
  });
});

describe('sync runs', () => {
  it('reports progress while running, refuses a second run, and stores the report', async () => {
    const { admin, viewer } = t;
    const c = await admin.fhir.connections.create({ name: 'dev', baseUrl: t.fhirUrl, settings: { defaultCountry: 'CM' } });
    const { runId } = await admin.fhir.sync.start({ connectionId: c.id });
    expect(await outcome(admin.fhir.sync.start({ connectionId: c.id }))).toBe('CONFLICT');
    const seen: { percent: number; phase: string }[] = [];
    for (;;) {
      const s = await viewer.fhir.sync.status({ runId });
      seen.push({ percent: s.percent, phase: s.phase });
      if (s.status !== 'running') break;
      await new Promise((r) => setTimeout(r, 5));
    }
    const percents = seen.map((s) => s.percent);
    expect(percents).toEqual([...percents].sort((a, b) => a - b)); // never goes back
    expect(seen.at(-1)).toEqual({ percent: 100, phase: 'done' });
    expect(seen.some((s) => /^(connecting|reading|writing)/.test(s.phase))).toBe(true);
    const { last } = await viewer.fhir.sync.report({ connectionId: c.id });
    expect(last!.skipped.every((s) => s.reason.length > 0 && s.category === skipCategory(s.reason))).toBe(true);
    expect(last!.skipped.map((s) => s.category)).toEqual(expect.arrayContaining(['no_phone', 'invalid_number']));
    // the second sync is incremental and changes nothing
    const second = await t.waitForSync((await admin.fhir.sync.start({ connectionId: c.id })).runId);
    expect(second.counts.registry).toMatchObject({ mode: 'incremental', created: 0, updated: 0 });
    expect((await viewer.fhir.sync.history({ connectionId: c.id })).map((r) => r.status)).toEqual(['ok', 'ok']);
    // Two processes passing the "already running?" check at the same instant: the database keeps one.
    const { workspace_id } = await t.env.db.selectFrom('fhir_connections').select('workspace_id').where('id', '=', c.id).executeTakeFirstOrThrow();
    const row = (id: string) => ({ id, workspace_id, connection_id: c.id, trigger: 'manual', status: 'running', phase: 'connecting', percent: 0, counts: '{}', skipped: '[]', error: null, started_at: new Date().toISOString(), updated_at: new Date().toISOString(), finished_at: null });
    await t.env.db.insertInto('fhir_sync_runs').values(row('elsewhere-1') as never).execute();
    await expect(t.env.db.insertInto('fhir_sync_runs').values(row('elsewhere-2') as never).execute()).rejects.toThrow(/UNIQUE|unique/);
  }, 30_000);

  it('shows an unreachable server with a retry time, retries with backoff, and recovers', async () => {
    const { admin, viewer, env } = t;
    const port = await closedPort();
    const c = await admin.fhir.connections.create({ name: 'flaky', baseUrl: `http://127.0.0.1:${port}/fhir`, settings: { defaultCountry: 'CM' } });
    const failed = await t.waitForSync((await admin.fhir.sync.start({ connectionId: c.id })).runId);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/Nothing answers at .* \(connection refused\)/);
    let view = (await viewer.fhir.connections.list())[0]!;
    expect(view.settings).toMatchObject({ health: 'unreachable', failures: 1 });
    expect(Date.parse(view.settings.retryAt!) - env.clock.now().getTime()).toBeGreaterThan(50_000);

    // not due yet: nothing runs; a minute later the retry runs (and fails again: 2 minutes next)
    const opts = { db: env.db, now: () => env.clock.now(), clientOptions: { retries: 0, timeoutMs: 2000 } };
    expect(await runDueSyncs(opts)).toBe(0);
    env.clock.advance(61_000);
    expect(await runDueSyncs(opts)).toBe(1);
    view = (await viewer.fhir.connections.list())[0]!;
    expect(view.settings.failures).toBe(2);
    expect(Date.parse(view.settings.retryAt!) - env.clock.now().getTime()).toBeGreaterThan(110_000);
    expect((await viewer.fhir.sync.history({ connectionId: c.id }))[0]).toMatchObject({ trigger: 'retry', status: 'failed' });

    // the server comes up on that port: the next retry succeeds and the health is ok again
    const server = await startFhirDevServer({ port });
    try {
      env.clock.advance(121_000);
      expect(await runDueSyncs(opts)).toBe(1);
      view = (await viewer.fhir.connections.list())[0]!;
      expect(view.settings).toMatchObject({ health: 'ok', failures: 0, retryAt: null, healthError: null });
    } finally {
      await server.close();
    }
  }, 30_000);

  it('runs scheduled syncs when due', async () => {
    const { admin, viewer, env } = t;
    const c = await admin.fhir.connections.create({ name: 'dev', baseUrl: t.fhirUrl, settings: { defaultCountry: 'CM', syncIntervalMinutes: 30 } });
    const opts = { db: env.db, now: () => env.clock.now() };
    expect(await runDueSyncs(opts)).toBe(0);
    env.clock.advance(31 * 60_000);
    expect(await runDueSyncs(opts)).toBe(1);
    expect(await runDueSyncs(opts)).toBe(0); // the next one is 30 minutes later
    const [run] = await viewer.fhir.sync.history({ connectionId: c.id });
    expect(run).toMatchObject({ trigger: 'scheduled', status: 'ok' });
    const settings = (await viewer.fhir.connections.list())[0]!.settings;
    expect(Date.parse(settings.nextSyncAt!) - env.clock.now().getTime()).toBeGreaterThan(29 * 60_000);
  }, 30_000);
});
