/**
 * End to end over real HTTP: the survey flow runs in the real engine with FhirEffects bound to the dev
 * FHIR server; answers land as a QuestionnaireResponse and Observations with the right references, and a
 * server that is down gets them later from the retry queue.
 */
import { validateResource } from '@medplum/core';
import type { Flag, Observation, QuestionnaireResponse } from '@medplum/fhirtypes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFlow } from '../../runtime/definition/index.js';
import type { Flow } from '../../runtime/definition/types.js';
import { resumeSession, startSession } from '../../runtime/engine/index.js';
import type { Contact, SessionAssets, SprintResult } from '../../runtime/engine/api.js';
import { startFhirDevServer, type FhirDevServer } from '../../server/dev/fhir-dev-server.js';
import { FhirClient } from '../../server/fhir/client.js';
import { findOrCreateConnection } from '../../server/fhir/connections.js';
import { FhirEffects } from '../../server/fhir/effects.js';
import { listWrites } from '../../server/fhir/writeback/queue.js';
import { writeBackEndedRuns, writeRunQuestionnaireResponse } from '../../server/fhir/writeback/run-writeback.js';
import { makeTestServices } from '../conformance/test-services.js';
import { openTestDb } from '../fhir/helpers.js';
import { surveyFlow } from './survey-flow.js';

type TestDb = Awaited<ReturnType<typeof openTestDb>>;
const TODAY = new Date('2026-11-25T00:00:00Z');
const REPLIES = ['120', '3.4', 'no, it is "off" \\ broken', '2026-11-20'];

function loadFlow(): Flow {
  const read = readFlow(surveyFlow());
  expect(read.issues).toEqual([]);
  return read.flow!;
}

async function runSurvey(assets: SessionAssets, flow: Flow, contact: Contact, fhir: FhirEffects): Promise<SprintResult[]> {
  const services = { ...makeTestServices(), fhir };
  const steps = [await startSession({ assets, trigger: { type: 'manual', flow: { uuid: flow.uuid, name: flow.name }, contact, params: { communication_request: 'CommunicationRequest/cr-1' } }, environment: { allowed_languages: ['eng'], default_country: 'CM' }, services })];
  for (const text of REPLIES) steps.push(await resumeSession({ assets, session: steps.at(-1)!.session, resume: { type: 'msg', msg: { text, urn: contact.urns![0] } }, services }));
  return steps;
}

function expectValid(resource: Parameters<typeof validateResource>[0]): void {
  expect(validateResource(resource).filter((i) => i.severity === 'error')).toEqual([]);
}

describe('FHIR write-back against the dev server', () => {
  let server: FhirDevServer;
  let t: TestDb;
  let contact: Contact;
  let practitionerId: string;
  let facilityId: string;

  beforeEach(async () => {
    server = await startFhirDevServer({ port: 0, seedOptions: { today: TODAY } });
    t = await openTestDb('CM');
    const worker = server.seed!.practitioners.find((p) => p.active && p.activeRoles.length > 0)!;
    practitionerId = worker.id;
    facilityId = worker.activeRoles[0].facilityId;
    contact = {
      uuid: '5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f',
      name: worker.name,
      language: 'eng',
      urns: ['tel:+237677123456'],
      created_on: '2026-01-01T00:00:00Z',
      fields: { fhir_ref: { text: `Practitioner/${practitionerId}` }, facility_id: { text: facilityId } },
    };
  });
  afterEach(async () => {
    await server.close();
    await t.close();
  });

  it('runs the survey through the engine and writes a QuestionnaireResponse and Observations with real references', async () => {
    await findOrCreateConnection(t.db, t.workspaceId, server.url);
    const effects = new FhirEffects({ db: t.db, workspaceId: t.workspaceId });
    const flow = loadFlow();
    const assets: SessionAssets = { flows: [surveyFlow()] };
    const steps = await runSurvey(assets, flow, contact, effects);
    const last = steps.at(-1)!;
    expect(last.session.status).toBe('completed');

    // kiunga_fhir_read: the facility's name reached the first question through @results.facility.extra
    const facilityName = server.seed!.facilities.find((f) => f.id === facilityId)!.name;
    const first = steps[0].events.find((e) => e.type === 'msg_created') as unknown as { msg: { text: string } };
    expect(first.msg.text).toBe(`Facility: ${facilityName}. How many BCG doses?`);
    expect(steps[0].events.find((e) => e.type === 'kiunga_fhir_read')).toMatchObject({ request: `Location/${facilityId}`, status: 'success', resource_type: 'Location' });

    // kiunga_fhir_write from a JSON template: the reply's quotes and backslash arrive intact
    const written = last.events.find((e) => e.type === 'kiunga_fhir_resource_written') as unknown as { resourceType: string; id: string; status: string };
    expect(written).toMatchObject({ resourceType: 'Flag', status: 'written' });
    const client = new FhirClient({ baseUrl: server.url });
    const flag = await client.read<Flag>('Flag', written.id);
    expect(flag.code.text).toBe(`Fridge report: ${REPLIES[2]}`);
    expect(flag.subject.reference).toBe(`Location/${facilityId}`);
    expect(flag.author?.reference).toBe(`Practitioner/${practitionerId}`);

    const report = await writeRunQuestionnaireResponse({ effects, flow, session: last.session });
    expect(report.skipped).toEqual([]);
    expect(report.questionnaireResponse).toMatchObject({ status: 'written' });
    expect(report.observations.map((o) => o.status)).toEqual(['written', 'written']);

    const qr = await client.read<QuestionnaireResponse>('QuestionnaireResponse', report.questionnaireResponse!.id!);
    expectValid(qr);
    expect(qr.questionnaire).toBe(`urn:uuid:${flow.uuid}`);
    expect(qr.status).toBe('completed');
    expect(qr.author?.reference).toBe(`Practitioner/${practitionerId}`);
    expect(qr.subject?.reference).toBe(`Practitioner/${practitionerId}`);
    expect(qr.basedOn?.[0].reference).toBe('CommunicationRequest/cr-1');
    const answers = Object.fromEntries((qr.item ?? []).map((i) => [i.linkId, i.answer?.[0]]));
    expect(answers).toEqual({
      bcg_doses: { valueInteger: 120 },
      weight: { valueDecimal: 3.4 },
      fridge: { valueCoding: { system: `urn:uuid:${flow.nodes[2].uuid}`, code: 'no', display: 'No' } },
      delivery: { valueDate: '2026-11-20' },
    });

    const observations = await Promise.all(report.observations.map((o) => client.read<Observation>('Observation', o.id!)));
    for (const o of observations) {
      expectValid(o);
      expect(o.performer?.[0].reference).toBe(`Practitioner/${practitionerId}`);
      expect(o.derivedFrom?.[0].reference).toBe(`QuestionnaireResponse/${qr.id}`);
    }
    expect(observations[0]).toMatchObject({ code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }] }, valueQuantity: { value: 3.4, unit: 'kg', system: 'http://unitsofmeasure.org' } });
    expect(observations[1]).toMatchObject({ code: { coding: [{ code: 'bcg-doses-on-hand' }] }, valueQuantity: { value: 120 } });

    // writing the same run again finds the resources by identifier instead of duplicating them
    const again = await writeRunQuestionnaireResponse({ effects, flow, session: last.session });
    expect(again.questionnaireResponse!.id).toBe(qr.id);
    const all = await client.searchAll<QuestionnaireResponse>('QuestionnaireResponse', {});
    expect(all.filter((r) => r.questionnaire === qr.questionnaire)).toHaveLength(1);
    expect(again.observations.map((o) => o.id)).toEqual(report.observations.map((o) => o.id));
    const runUuid = (last.session.runs[0] as { uuid: string }).uuid;
    const ours = (await client.searchAll<Observation>('Observation', {})).filter((o) => o.identifier?.[0]?.system === `urn:uuid:${runUuid}`);
    expect(ours.map((o) => o.identifier![0].value).sort()).toEqual(['bcg_doses', 'weight']);
    expect((await listWrites(t.db, t.workspaceId, { status: 'written' })).length).toBe(7);
  });

  it('queues the writes while the server is down and sends them once it is back', async () => {
    const port = Number(new URL(server.url).port);
    await findOrCreateConnection(t.db, t.workspaceId, server.url);
    let now = new Date('2026-11-25T10:00:00Z');
    const effects = new FhirEffects({ db: t.db, workspaceId: t.workspaceId, now: () => now, clientFor: (row) => new FhirClient({ baseUrl: row.base_url, retries: 0, timeoutMs: 2000 }) });
    const flow = loadFlow();
    const assets: SessionAssets = { flows: [surveyFlow()] };
    // the facility lookup needs the server: run the survey first, then take the server down before the write-back
    const steps = await runSurvey(assets, flow, contact, effects);
    await server.close();

    const report = await writeRunQuestionnaireResponse({ effects, flow, session: steps.at(-1)!.session });
    expect(report.questionnaireResponse).toMatchObject({ status: 'queued' });
    expect(report.questionnaireResponse!.error).toMatch(/network error|ECONNREFUSED/);
    expect(report.observations.map((o) => o.status)).toEqual(['queued', 'queued']);
    // observations point at the response by its identifier until it has an id
    const pending = await listWrites(t.db, t.workspaceId, { status: 'pending' });
    expect(pending).toHaveLength(3);
    expect(pending.every((p) => p.attempts === 1 && p.last_error && p.next_attempt_at! > now.toISOString())).toBe(true);
    const queuedObservation = JSON.parse(pending.find((p) => p.resource_type === 'Observation')!.resource) as Observation;
    expect(queuedObservation.derivedFrom?.[0]).toEqual({ type: 'QuestionnaireResponse', identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${(steps.at(-1)!.session.runs[0] as { uuid: string }).uuid}` } });

    // not due yet: nothing is sent
    expect(await effects.retryDue()).toEqual({ written: 0, pending: 0, failed: 0 });
    // due, still down: back to pending with a longer delay
    now = new Date(now.getTime() + 31_000);
    expect(await effects.retryDue()).toEqual({ written: 0, pending: 3, failed: 0 });
    const second = await listWrites(t.db, t.workspaceId, { status: 'pending' });
    expect(second.every((p) => p.attempts === 2 && new Date(p.next_attempt_at!).getTime() - now.getTime() === 60_000)).toBe(true);

    server = await startFhirDevServer({ port, seed: false });
    now = new Date(now.getTime() + 61_000);
    expect(await effects.retryDue()).toEqual({ written: 3, pending: 0, failed: 0 });
    const done = await listWrites(t.db, t.workspaceId, { status: 'written', source: `run:${(steps.at(-1)!.session.runs[0] as { uuid: string }).uuid}` });
    expect(done).toHaveLength(3);
    const client = new FhirClient({ baseUrl: server.url });
    const responses = await client.searchAll<QuestionnaireResponse>('QuestionnaireResponse', {});
    expect(responses).toHaveLength(1);
    expect(responses[0].author?.reference).toBe(`Practitioner/${practitionerId}`);
    expect(await client.searchAll<Observation>('Observation', {})).toHaveLength(2);
  });
});

describe('writeBackEndedRuns', () => {
  it('writes back the runs that ended in a sprint, only for flows configured for it', async () => {
    const server = await startFhirDevServer({ port: 0, seed: false });
    const t = await openTestDb('CM');
    try {
      await findOrCreateConnection(t.db, t.workspaceId, server.url);
      const effects = new FhirEffects({ db: t.db, workspaceId: t.workspaceId });
      const contact: Contact = { uuid: '5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f', name: 'Jean', urns: ['tel:+237677123456'], created_on: '2026-01-01T00:00:00Z', fields: { fhir_ref: { text: 'Patient/pt-9' } } };
      const withConfig = loadFlow();
      const withoutConfig = { ...withConfig, _kiunga: undefined } as Flow;
      // no facility to read on an empty server: the read fails, the survey goes on
      const steps = await runSurvey({ flows: [surveyFlow()] }, withConfig, contact, effects);
      const events = steps.flatMap((s) => s.events);
      expect(events.filter((e) => e.type === 'run_ended')).toHaveLength(1);

      expect(await writeBackEndedRuns({ effects, events, session: steps.at(-1)!.session, findFlow: () => withoutConfig })).toEqual([]);
      expect(await writeBackEndedRuns({ effects, events: steps[0].events, session: steps[0].session, findFlow: () => withConfig })).toEqual([]);
      const [report] = await writeBackEndedRuns({ effects, events, session: steps.at(-1)!.session, findFlow: (uuid) => (uuid === withConfig.uuid ? withConfig : null) });
      expect(report.questionnaireResponse?.status).toBe('written');
      const client = new FhirClient({ baseUrl: server.url });
      const qr = await client.read<QuestionnaireResponse>('QuestionnaireResponse', report.questionnaireResponse!.id!);
      expect(qr.subject?.reference).toBe('Patient/pt-9');
      const observation = await client.read<Observation>('Observation', report.observations[0].id!);
      expect(observation.subject?.reference).toBe('Patient/pt-9');
    } finally {
      await server.close();
      await t.close();
    }
  });
});
