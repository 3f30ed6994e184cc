/**
 * Watcher settings and scheduling: validation (connection, published flow, settings), viewers cannot change
 * them, due watchers run on their interval (the background loop's pass), and a failing watcher records the
 * failure in plain words without stopping.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runDueWatchers } from '../../server/fhir/watch/run-watchers.js';
import { seedFlow } from '../messaging/seed.js';
import { outcome } from '../server/helpers.js';
import { createFhirApiEnv, type FhirApiEnv } from './api-env.js';
import { vaccinationSurvey } from './survey-flows.js';

let t: FhirApiEnv;
beforeEach(async () => {
  t = await createFhirApiEnv({ fhir: { seed: false } });
});
afterEach(async () => {
  await t.close();
});

async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('watchers', () => {
  it('checks the connection, the flow and the settings, naming what is wrong', async () => {
    const { admin, viewer, env } = t;
    const c = await admin.fhir.connections.create({ name: 'dev', baseUrl: t.fhirUrl });
    const draft = await seedFlow(env.db, env.workspaceId, vaccinationSurvey(), { publish: false });
    await expect(admin.fhir.watchers.save({ kind: 'lab_results', connectionId: 'nope', flowId: draft, enabled: true })).rejects.toThrow('connectionId: FHIR connection nope is not in this workspace');
    await expect(admin.fhir.watchers.save({ kind: 'lab_results', connectionId: c.id, flowId: draft, enabled: true })).rejects.toThrow('flowId: the flow has no published revision; publish it first');
    await expect(admin.fhir.watchers.save({ kind: 'appointment_reminders', connectionId: c.id, enabled: true })).rejects.toThrow('flowId: choose the flow to start for appointment reminders');
    const flowId = await seedFlow(env.db, env.workspaceId, { ...vaccinationSurvey(), uuid: '0000000a-0000-4000-8000-000000000001' });
    await expect(admin.fhir.watchers.save({ kind: 'appointment_reminders', connectionId: c.id, flowId, enabled: true, settings: { days_before: 99 } })).rejects.toThrow(/^settings\.days_before: /);
    expect(await outcome(viewer.fhir.watchers.save({ kind: 'communications', connectionId: c.id, enabled: true }))).toBe('FORBIDDEN');
    expect(await outcome(viewer.fhir.watchers.runNow({ kind: 'communications' }))).toBe('FORBIDDEN');
    const saved = await admin.fhir.watchers.save({ kind: 'appointment_reminders', connectionId: c.id, flowId, enabled: true, settings: { days_before: 5 } });
    expect(saved).toMatchObject({ kind: 'appointment_reminders', enabled: true, flowId, pollMinutes: 60, settings: { days_before: 5 } });
    expect(await viewer.fhir.watchers.list()).toHaveLength(1);
  });

  it('runs due watchers on their interval and records a failure in plain words', async () => {
    const { admin, viewer, env } = t;
    const down = await admin.fhir.connections.create({ name: 'down', baseUrl: `http://127.0.0.1:${await closedPort()}/fhir` });
    const flowId = await seedFlow(env.db, env.workspaceId, vaccinationSurvey());
    await admin.fhir.watchers.save({ kind: 'lab_results', connectionId: down.id, flowId, enabled: true, pollMinutes: 10 });
    const opts = { db: env.db, now: () => env.clock.now(), effectsFor: (ws: string) => env.rt.fhirFor(ws), clientOptions: { retries: 0, timeoutMs: 2000 } };
    expect(await runDueWatchers(opts)).toBe(1);
    const [watcher] = await viewer.fhir.watchers.list();
    expect(watcher).toMatchObject({ lastStatus: 'failed' });
    expect(watcher!.lastError).toMatch(/^Nothing answers at .* \(connection refused\)/);
    expect(await runDueWatchers(opts)).toBe(0); // next in 10 minutes
    env.clock.advance(10 * 60_000 + 1000);
    // the server is fixed: the connection now points at the dev server
    await admin.fhir.connections.update({ id: down.id, baseUrl: t.fhirUrl });
    expect(await runDueWatchers(opts)).toBe(1);
    expect((await viewer.fhir.watchers.list())[0]).toMatchObject({ lastStatus: 'ok', lastError: null, lastSummary: { found: 0, new: 0 } });
    // turned off: never due
    await admin.fhir.watchers.save({ kind: 'lab_results', connectionId: down.id, flowId, enabled: false });
    env.clock.advance(60 * 60_000);
    expect(await runDueWatchers(opts)).toBe(0);
  });
});
