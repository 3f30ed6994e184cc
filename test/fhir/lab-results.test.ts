/**
 * The lab results watcher against the dev FHIR server over HTTP: completed Tasks / final DiagnosticReports
 * become one results message per facility (several results each, params per the shared contract), sent to
 * the facility's synced health workers; each result is delivered once, also when the cursor is lost
 * (restart); a facility without a health worker keeps its result pending until one is synced.
 */
import type { DiagnosticReport, Observation, Task } from '@medplum/fhirtypes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FhirClient } from '../../server/fhir/client.js';
import type { LabResultsParams } from '../../server/fhir/watch/lab-result-params.js';
import { processFlowStartBatch } from '../../server/messaging/flow-starts.js';
import { all, run } from '../../server/messaging/sql.js';
import { fixedUuid } from '../messaging/flows.js';
import { seedContacts, seedFlow } from '../messaging/seed.js';
import { outcome } from '../server/helpers.js';
import { createFhirApiEnv, type FhirApiEnv } from './api-env.js';

const u = (n: number) => fixedUuid(n, 6);

function resultsFlow(): Record<string, unknown> {
  return {
    uuid: u(1),
    name: 'Lab results delivery',
    spec_version: '14.4.2',
    language: 'eng',
    type: 'messaging',
    revision: 1,
    localization: {},
    nodes: [{ uuid: u(10), actions: [{ uuid: u(11), type: 'send_msg', text: '@trigger.params.count result(s) for @trigger.params.facility.name: @trigger.params.summary' }], exits: [{ uuid: u(12), destination_uuid: null }] }],
  };
}

interface StartRow {
  id: string;
  targets: string;
  params: string;
}

let t: FhirApiEnv;
let connectionId: string;
let flowId: string;

beforeEach(async () => {
  t = await createFhirApiEnv();
  connectionId = (await t.admin.fhir.connections.create({ name: 'Dev', baseUrl: t.fhirUrl, settings: { defaultCountry: 'CM' } })).id;
  await t.waitForSync((await t.admin.fhir.sync.start({ connectionId })).runId);
  flowId = await seedFlow(t.env.db, t.env.workspaceId, resultsFlow());
});
afterEach(async () => {
  await t.close();
});

async function starts(): Promise<{ id: string; contacts: string[]; params: LabResultsParams }[]> {
  const rows = await all<StartRow>(t.env.db, 'SELECT id, targets, params FROM flow_starts WHERE workspace_id = ? ORDER BY id', [t.env.workspaceId]);
  return rows.map((r) => ({ id: r.id, contacts: (JSON.parse(r.targets) as { contacts: string[] }).contacts, params: (JSON.parse(r.params) as { params: LabResultsParams }).params }));
}

describe('lab results watcher', () => {
  it('delivers each completed result once, grouped by ordering facility, to its health workers', async () => {
    const { admin, viewer, env } = t;
    expect(await outcome(viewer.fhir.watchers.save({ kind: 'lab_results', connectionId, flowId, enabled: true }))).toBe('FORBIDDEN');
    expect(await outcome(admin.fhir.watchers.save({ kind: 'lab_results', connectionId, flowId: null, enabled: true }))).toBe('BAD_REQUEST');
    await admin.fhir.watchers.save({ kind: 'lab_results', connectionId, flowId, enabled: true, settings: { max_per_message: 5 } });

    const fhir = new FhirClient({ baseUrl: t.fhirUrl, retries: 0 });
    const completed = (await fhir.searchAll<Task>('Task', { status: 'completed' })).filter((task) => task.output?.length);
    expect(completed.length).toBeGreaterThan(0);

    const pass = await admin.fhir.watchers.runNow({ kind: 'lab_results' });
    expect(pass.status).toBe('ok');
    expect(pass.summary).toMatchObject({ new: completed.length });
    expect((pass.summary.delivered as number) + (pass.summary.waiting as number)).toBe(completed.length);

    // one start per facility (≤ 5 results), to every active contact of the facility, with the contract's params
    const made = await starts();
    expect(made.length).toBe(pass.summary.messages);
    const delivered = made.flatMap((s) => s.params.results.map((r) => r.report)).sort();
    expect(new Set(delivered).size).toBe(delivered.length);
    for (const start of made) {
      const facilityId = start.params.facility.id.replace('Location/', '');
      const workers = await all<{ uuid: string }>(env.db, `SELECT uuid FROM contacts WHERE workspace_id = ? AND status = 'active' AND json_extract(fields, '$.facility_id') = ? ORDER BY uuid`, [env.workspaceId, facilityId]);
      expect(start.contacts).toEqual(workers.map((w) => w.uuid));
      expect(start.params).toMatchObject({ kind: 'lab_results', count: start.params.results.length });
      expect(start.params.facility.name).not.toBe(facilityId);
      for (const r of start.params.results) {
        expect(r).toEqual({ patient_name: expect.any(String), patient_id: expect.stringMatching(/^10\d{4}[A-Z]$/), test: 'HIV viral load', value: expect.stringMatching(/^\d+ copies\/mL$/), interpretation: expect.stringMatching(/^(suppressed|not suppressed)$/), date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), report: expect.stringMatching(/^DiagnosticReport\//) });
        expect(Number(r.value.split(' ')[0]) < 1000).toBe(r.interpretation === 'suppressed');
      }
      expect(start.params.summary).toBe(start.params.results.map((r) => `${r.patient_name.split(' ').map((w) => `${w[0]}.`).join('')}: HIV VL ${r.value} (${r.interpretation})`).join('; '));
    }

    // the flow really runs: the health workers get the summary
    for (const start of made) while (await processFlowStartBatch(env.rt, start.id)) {}
    const texts = (await env.messages(`direction = 'out'`)).map((m) => m.text);
    if (made.length) expect(texts).toContain(`${made[0]!.params.count} result(s) for ${made[0]!.params.facility.name}: ${made[0]!.params.summary}`);

    // again, and after losing the cursor (a restart with an old database): nothing is delivered twice
    await admin.fhir.watchers.runNow({ kind: 'lab_results' });
    await run(env.db, 'UPDATE fhir_watchers SET cursor = NULL WHERE workspace_id = ?', [env.workspaceId]);
    const again = await admin.fhir.watchers.runNow({ kind: 'lab_results' });
    expect(again.summary).toMatchObject({ new: 0, delivered: 0, messages: 0 });
    expect((await starts()).length).toBe(made.length);
  }, 60_000);

  it('keeps a result for a facility without a health worker pending, and delivers it once one is synced', async () => {
    const { admin, env } = t;
    await admin.fhir.watchers.save({ kind: 'lab_results', connectionId, flowId, enabled: true });
    const first = await admin.fhir.watchers.runNow({ kind: 'lab_results' });
    const waitingBefore = first.summary.waiting as number;
    const before = (await starts()).length;

    // a new result ordered by a facility nobody works at
    const staffed = new Set((await all<{ f: string }>(env.db, `SELECT DISTINCT json_extract(fields, '$.facility_id') AS f FROM contacts WHERE workspace_id = ?`, [env.workspaceId])).map((r) => r.f));
    const empty = t.server.seed!.facilities.find((f) => !staffed.has(f.id))!;
    expect(empty).toBeDefined();
    const patient = t.server.seed!.patients[0]!;
    const fhir = new FhirClient({ baseUrl: t.fhirUrl, retries: 0 });
    const obs = await fhir.create<Observation>({ resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '20447-9' }] }, subject: { reference: `Patient/${patient.id}` }, valueQuantity: { value: 40, comparator: '<', unit: 'copies/mL' } });
    const report = await fhir.create<DiagnosticReport>({ resourceType: 'DiagnosticReport', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '20447-9' }] }, subject: { reference: `Patient/${patient.id}` }, issued: new Date().toISOString(), result: [{ reference: `Observation/${obs.id}` }] });
    await fhir.create<Task>({ resourceType: 'Task', status: 'completed', intent: 'order', for: { reference: `Patient/${patient.id}` }, requester: { reference: `Organization/${empty.id}` }, output: [{ type: { text: 'DiagnosticReport' }, valueReference: { reference: `DiagnosticReport/${report.id}` } }] });

    const pass = await admin.fhir.watchers.runNow({ kind: 'lab_results' });
    expect(pass.summary).toMatchObject({ new: 1, waiting: waitingBefore + 1, messages: 0 });
    const items = await t.viewer.fhir.watchers.items({ kind: 'lab_results' });
    expect(items.find((i) => i.key === `DiagnosticReport/${report.id}`)).toMatchObject({ status: 'pending', groupKey: `Location/${empty.id}` });

    // a health worker appears at that facility
    const [workerId] = await seedContacts(env.db, env.workspaceId, 1, { start: 900, fields: { facility_id: empty.id, facility: empty.name } });
    const later = await admin.fhir.watchers.runNow({ kind: 'lab_results' });
    expect(later.summary).toMatchObject({ new: 0, delivered: 1, messages: 1, waiting: waitingBefore });
    const last = (await starts()).at(-1)!;
    expect((await starts()).length).toBe(before + 1);
    const worker = await env.db.selectFrom('contacts').select('uuid').where('id', '=', workerId!).executeTakeFirstOrThrow();
    expect(last.contacts).toEqual([worker.uuid]);
    expect(last.params).toMatchObject({ count: 1, facility: { id: `Location/${empty.id}`, name: empty.name }, results: [{ value: '<40 copies/mL', interpretation: 'suppressed', report: `DiagnosticReport/${report.id}` }] });
  }, 60_000);
});
