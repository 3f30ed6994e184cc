/**
 * The pure FHIR builders (runtime/fhir): Questionnaire items and types from a flow, typed answers,
 * Observations, Communication/CommunicationRequest, and the write-back config. Every built resource is
 * checked with medplum's R4 validator.
 */
import { validateResource } from '@medplum/core';
import type { Resource } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, it } from 'vitest';
import { readFlow } from '../../runtime/definition/index.js';
import type { Flow } from '../../runtime/definition/types.js';
import type { RunResult } from '../../runtime/engine/state.js';
import { buildCommunication, buildCommunicationRequest } from '../../runtime/fhir/communication.js';
import { flowQuestions } from '../../runtime/fhir/flow-questions.js';
import { buildObservation } from '../../runtime/fhir/observation.js';
import { buildQuestionnaire } from '../../runtime/fhir/questionnaire.js';
import { buildQuestionnaireResponse } from '../../runtime/fhir/questionnaire-response.js';
import { parseFhirQuery } from '../../runtime/fhir/query.js';
import { readWritebackConfig } from '../../runtime/fhir/writeback-config.js';
import { ensureFhirDefinitionsLoaded } from '../../server/dev/fhir/definitions.js';
import { id, surveyFlow } from './survey-flow.js';

beforeAll(() => ensureFhirDefinitionsLoaded());

/** medplum throws on the first error (and returns only warnings/info), so this fails on any invalid element. */
function expectValid(resource: Resource): void {
  expect(validateResource(resource).filter((i) => i.severity === 'error')).toEqual([]);
}

function flow(): Flow {
  const read = readFlow(surveyFlow());
  return read.flow!;
}

function result(name: string, value: string, category = '', at = '2026-11-25T09:30:00.123456789Z'): RunResult {
  return { name, value, category, node_uuid: id(), created_on: at };
}

const HEALTH_WORKER = { name: 'Amina', fields: { fhir_ref: { text: 'Practitioner/P1001' } } };
const PATIENT = { name: 'Jean', fields: { fhir_ref: { text: 'Patient/pt-9' } } };

describe('Questionnaire from a flow', () => {
  it('has one item per result with the type its router implies', () => {
    const f = flow();
    const questionnaire = buildQuestionnaire(f);
    expectValid(questionnaire);
    expect(questionnaire).toMatchObject({ url: `urn:uuid:${f.uuid}`, version: '3', title: 'Stock survey', status: 'active' });
    expect(questionnaire.item!.map((i) => [i.linkId, i.type])).toEqual([
      ['bcg_doses', 'integer'],
      ['weight', 'decimal'],
      ['fridge', 'open-choice'],
      ['delivery', 'date'],
    ]);
    expect(questionnaire.item![2].answerOption).toEqual([
      { valueCoding: { system: `urn:uuid:${f.nodes[2].uuid}`, code: 'yes', display: 'Yes' } },
      { valueCoding: { system: `urn:uuid:${f.nodes[2].uuid}`, code: 'no', display: 'No' } },
    ]);
  });

  it('takes set_run_result results as strings, decimal bounds as decimal, and choice without a default', () => {
    const f = flow();
    f.nodes[0].actions.push({ type: 'set_run_result', uuid: id(), name: 'Source', value: 'sms' });
    const router = f.nodes[0].router as { cases: { arguments?: string[] }[] };
    router.cases[0].arguments = ['0.5', '5000'];
    const fridge = f.nodes[2].router as { default_category_uuid?: string };
    delete fridge.default_category_uuid;
    const types = Object.fromEntries(flowQuestions(f).map((q) => [q.key, q.type]));
    expect(types).toEqual({ source: 'string', bcg_doses: 'decimal', weight: 'decimal', fridge: 'choice', delivery: 'date' });
  });
});

describe('QuestionnaireResponse from a run', () => {
  const results = {
    bcg_doses: result('BCG Doses', '120', 'Valid'),
    weight: result('Weight', 'about three', 'Other'),
    fridge: result('Fridge', 'the fridge hums', 'Other'),
    delivery: result('Delivery', '2026-11-20T00:00:00.000000Z', 'Date'),
  };

  it('types each answer, leaving out answers that do not fit their question', () => {
    const f = flow();
    const qr = buildQuestionnaireResponse({ flow: f, run: { uuid: '01964a3e-0000-7000-8000-000000000001', status: 'completed', results, created_on: '2026-11-25T09:00:00Z', exited_on: '2026-11-25T09:31:00.5Z' }, contact: HEALTH_WORKER, trigger: { params: {} } });
    expectValid(qr);
    expect(qr.authored).toBe('2026-11-25T09:31:00.500Z');
    expect(qr.identifier).toEqual({ system: 'urn:ietf:rfc:3986', value: 'urn:uuid:01964a3e-0000-7000-8000-000000000001' });
    expect(qr.basedOn).toBeUndefined();
    expect(qr.item).toEqual([
      { linkId: 'bcg_doses', text: 'BCG Doses', answer: [{ valueInteger: 120 }] },
      // "about three" is no decimal: no answer rather than a wrong one
      { linkId: 'fridge', text: 'Fridge', answer: [{ valueString: 'the fridge hums' }] },
      { linkId: 'delivery', text: 'Delivery', answer: [{ valueDate: '2026-11-20' }] },
    ]);
  });

  it('marks runs that ended early as stopped and has no author without a FHIR link', () => {
    const qr = buildQuestionnaireResponse({ flow: flow(), run: { uuid: 'r1', status: 'expired', results: {}, created_on: '2026-11-25T09:00:00Z' }, contact: { name: 'x', fields: { fhir_ref: { text: 'not a reference' } } } });
    expectValid(qr);
    expect(qr.status).toBe('stopped');
    expect(qr.author).toBeUndefined();
    expect(qr.item).toBeUndefined();
  });
});

describe('Observation for a numeric result', () => {
  const config = { result: 'weight', code: '29463-7', system: 'http://loinc.org', unit: 'kg' };

  it('makes a Patient the subject and a health worker the performer', () => {
    const forPatient = buildObservation({ runUuid: 'r1', result: result('Weight', '3.4'), config, contact: PATIENT });
    const byWorker = buildObservation({ runUuid: 'r1', result: result('Weight', '3.4'), config, contact: HEALTH_WORKER, derivedFrom: { reference: 'QuestionnaireResponse/q1' } });
    if (!('observation' in forPatient) || !('observation' in byWorker)) throw new Error('expected observations');
    expectValid(forPatient.observation);
    expectValid(byWorker.observation);
    expect(forPatient.observation.subject).toEqual({ reference: 'Patient/pt-9', type: 'Patient', display: 'Jean' });
    expect(forPatient.observation.performer).toBeUndefined();
    expect(byWorker.observation).toMatchObject({ performer: [{ reference: 'Practitioner/P1001' }], derivedFrom: [{ reference: 'QuestionnaireResponse/q1' }], effectiveDateTime: '2026-11-25T09:30:00.123Z' });
    expect(byWorker.observation.valueQuantity).toEqual({ value: 3.4, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' });
  });

  it('skips a value that is not a number, saying so', () => {
    expect(buildObservation({ runUuid: 'r1', result: result('Weight', 'heavy'), config, contact: PATIENT })).toEqual({ skipped: `result 'weight' is "heavy", not a number` });
  });
});

describe('Communication and CommunicationRequest', () => {
  it('builds valid resources with real references', () => {
    const request = buildCommunicationRequest({ uuid: 'b1', kind: 'broadcast', text: 'Stock count due Friday', recipients: ['Practitioner/P1', 'Practitioner/P2'], authoredOn: '2026-11-25T08:00:00Z' });
    expectValid(request);
    expect(request.recipient).toEqual([{ reference: 'Practitioner/P1' }, { reference: 'Practitioner/P2' }]);
    const out = buildCommunication({ msgUuid: 'm1', direction: 'out', text: 'How many doses?', at: '2026-11-25T08:00:01Z', contact: HEALTH_WORKER, basedOn: 'CommunicationRequest/cr1' });
    const reply = buildCommunication({ msgUuid: 'm2', direction: 'in', text: '120', at: '2026-11-25T08:03:00Z', contact: HEALTH_WORKER, inResponseTo: 'Communication/c1' });
    expectValid(out);
    expectValid(reply);
    expect(out).toMatchObject({ recipient: [{ reference: 'Practitioner/P1001' }], basedOn: [{ reference: 'CommunicationRequest/cr1' }], sent: '2026-11-25T08:00:01.000Z' });
    expect(reply).toMatchObject({ sender: { reference: 'Practitioner/P1001' }, inResponseTo: [{ reference: 'Communication/c1' }], received: '2026-11-25T08:03:00.000Z', payload: [{ contentString: '120' }] });
  });

  it('refuses a recipient that is not a person reference', () => {
    expect(() => buildCommunicationRequest({ uuid: 'b1', kind: 'flow_start', text: 'x', recipients: ['tel:+237677123456'], authoredOn: '2026-11-25T08:00:00Z' })).toThrow(
      'CommunicationRequest b1: recipient "tel:+237677123456" is not a Practitioner/Patient/PractitionerRole/RelatedPerson reference',
    );
  });
});

describe('write-back config and queries', () => {
  it('reads the config, normalising result names to keys, and names the bad field', () => {
    expect(readWritebackConfig({ name: 'S', _kiunga: { fhir_writeback: { questionnaire_response: true, observations: [{ result: 'BCG Doses', code: 'x', system: 'http://moh.example.org/cs' }] } } })).toEqual({
      questionnaire_response: true,
      observations: [{ result: 'bcg_doses', code: 'x', system: 'http://moh.example.org/cs' }],
    });
    expect(readWritebackConfig({ name: 'S' })).toBeNull();
    expect(() => readWritebackConfig({ name: 'S', _kiunga: { fhir_writeback: { observations: [{ result: 'w', code: 'x', system: 'loinc' }] } } })).toThrow(
      "flow 'S': _kiunga.fhir_writeback.observations.0.system must be a URI, e.g. http://loinc.org",
    );
  });

  it('parses reads and searches, repeated parameters as lists', () => {
    expect(parseFhirQuery('Observation?code=a&code=b&subject=Patient/1')).toEqual({ kind: 'search', resourceType: 'Observation', params: { code: ['a', 'b'], subject: 'Patient/1' } });
    expect(parseFhirQuery(' Location/F.7 ')).toEqual({ kind: 'read', resourceType: 'Location', id: 'F.7' });
    expect(() => parseFhirQuery('')).toThrow('the FHIR query is empty');
  });
});
