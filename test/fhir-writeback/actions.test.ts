/**
 * kiunga_fhir_read / kiunga_fhir_write in the real engine with a recording Fhir service (as the simulator
 * injects): results, events, JSON escaping, and every failure path ending as a Failure result, never a throw.
 */
import { describe, expect, it } from 'vitest';
import { readFlow } from '../../runtime/definition/index.js';
import { resumeSession, startSession } from '../../runtime/engine/index.js';
import type { Contact, SessionAssets } from '../../runtime/engine/api.js';
import type { Fhir } from '../../runtime/services.js';
import type { FlowEvent } from '../../runtime/events/types.js';
import { RecordingFhir as SimulatorFhir } from '../../runtime/fhir/recording-fhir.js';
import { exportRapidPro, importRapidProExport, rapidProCompatibility } from '../../runtime/rapidpro/index.js';
import { makeTestServices } from '../conformance/test-services.js';
import { id } from './survey-flow.js';

const CONTACT: Contact = {
  uuid: '5d76d86b-3bb9-4d5a-b822-c9d86f5d8e4f',
  name: 'Amina Njeri',
  language: 'eng',
  urns: ['tel:+237677123456'],
  created_on: '2026-01-01T00:00:00Z',
  fields: { fhir_ref: { text: 'Practitioner/P1001' }, fhir_id: { text: 'P1001' } },
};

/** Records what flows ask; `reads` maps a query to the JSON returned (or an Error thrown). */
class RecordingFhir implements Fhir {
  readonly written: { connection: string | null; resource: Record<string, unknown> }[] = [];
  readonly queries: string[] = [];
  constructor(
    private readonly reads: Record<string, unknown> = {},
    private readonly writeOutcome: (r: Record<string, unknown>) => { id: string; resourceType: string; queued?: boolean } | Error = (r) => ({ id: `w${this.written.length}`, resourceType: String(r.resourceType) }),
  ) {}
  async read(_connection: string | null, query: string): Promise<unknown> {
    this.queries.push(query);
    const answer = this.reads[query];
    if (answer instanceof Error) throw answer;
    if (answer === undefined) throw new Error(`GET ${query} failed: HTTP 404`);
    return answer;
  }
  async write(connection: string | null, resource: Record<string, unknown>) {
    this.written.push({ connection, resource });
    const outcome = this.writeOutcome(resource);
    if (outcome instanceof Error) throw outcome;
    return outcome;
  }
}

/** A flow of the given actions, then one question (so results can be checked in the waiting session), then a final node. */
function actionFlow(actions: Record<string, unknown>[], finalActions: Record<string, unknown>[] = []) {
  const wait = id();
  const final = id();
  const cat = id();
  const exit = id();
  return {
    uuid: id(),
    name: 'FHIR actions',
    spec_version: '14.4.2',
    language: 'eng',
    type: 'messaging',
    localization: {},
    nodes: [
      { uuid: id(), actions: actions.map((a) => ({ uuid: id(), ...a })), exits: [{ uuid: id(), destination_uuid: wait }] },
      {
        uuid: wait,
        actions: [{ type: 'send_msg', uuid: id(), text: 'Temperature?' }],
        router: { type: 'switch', operand: '@input.text', wait: { type: 'msg' }, result_name: 'Temperature', cases: [{ uuid: id(), type: 'has_number', arguments: [], category_uuid: cat }], categories: [{ uuid: cat, name: 'Number', exit_uuid: exit }], default_category_uuid: cat },
        exits: [{ uuid: exit, destination_uuid: final }],
      },
      { uuid: final, actions: finalActions.map((a) => ({ uuid: id(), ...a })), exits: [{ uuid: id(), destination_uuid: null }] },
    ],
  };
}

async function run(flow: ReturnType<typeof actionFlow>, fhir: Fhir | undefined, reply?: string) {
  const assets: SessionAssets = { flows: [flow] };
  const services = { ...makeTestServices(), ...(fhir ? { fhir } : {}) };
  const started = await startSession({ assets, trigger: { type: 'manual', flow: { uuid: flow.uuid, name: flow.name }, contact: CONTACT }, environment: { allowed_languages: ['eng'] }, services });
  const events: FlowEvent[] = [...started.events];
  let session = started.session;
  if (reply !== undefined) {
    const next = await resumeSession({ assets, session, resume: { type: 'msg', msg: { text: reply, urn: CONTACT.urns![0] } }, services });
    events.push(...next.events);
    session = next.session;
  }
  const results = (session.runs[0] as { results: Record<string, { value: string; category: string; extra?: unknown; input?: string }> }).results;
  return { events, session, results, texts: events.filter((e) => e.type === 'msg_created').map((e) => (e.msg as { text: string }).text) };
}

const LOCATION_BUNDLE = {
  resourceType: 'Bundle',
  type: 'searchset',
  total: 1,
  entry: [{ resource: { resourceType: 'PractitionerRole', id: 'R1', location: [{ reference: 'Location/F7', display: 'Bakomé Health Post' }] } }],
};

describe('kiunga_fhir_read', () => {
  it('evaluates the query, keeps the Bundle as the result extra and logs a kiunga_fhir_read event', async () => {
    const fhir = new RecordingFhir({ 'PractitionerRole?practitioner=P1001': LOCATION_BUNDLE });
    const flow = actionFlow([
      { type: 'kiunga_fhir_read', query: 'PractitionerRole?practitioner=@fields.fhir_id', result_name: 'Role' },
      { type: 'send_msg', text: 'You work at @results.role.extra.entry.0.resource.location.0.display (@results.role.category, @results.role.value)' },
    ]);
    const { events, results, texts } = await run(flow, fhir);
    expect(fhir.queries).toEqual(['PractitionerRole?practitioner=P1001']);
    expect(texts[0]).toBe('You work at Bakomé Health Post (Success, 1)');
    expect(results.role).toMatchObject({ value: '1', category: 'Success', input: 'PractitionerRole?practitioner=P1001', extra: LOCATION_BUNDLE });
    expect(events.find((e) => e.type === 'kiunga_fhir_read')).toMatchObject({ connection: null, request: 'PractitionerRole?practitioner=P1001', status: 'success', resource_type: 'Bundle', total: 1 });
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
  });

  it('turns a server error into a Failure result and an error event; the flow goes on', async () => {
    const fhir = new RecordingFhir({ 'Location/F7': new Error('GET Location/F7 on http://moh/fhir failed: HTTP 503 after 4 attempts') });
    const flow = actionFlow([
      { type: 'kiunga_fhir_read', connection: 'moh', query: 'Location/F7', result_name: 'Facility' },
      { type: 'send_msg', text: 'lookup: @results.facility.category' },
    ]);
    const { events, results, texts, session } = await run(flow, fhir);
    expect(session.status).toBe('waiting');
    expect(texts[0]).toBe('lookup: Failure');
    expect(results.facility).toMatchObject({ value: '0', category: 'Failure' });
    expect(events.find((e) => e.type === 'error')).toMatchObject({ code: 'kiunga_fhir:read', text: expect.stringContaining('HTTP 503') });
    expect(events.find((e) => e.type === 'kiunga_fhir_read')).toMatchObject({ connection: 'moh', status: 'failure', error: expect.stringContaining('HTTP 503') });
  });

  it('refuses absolute URLs and malformed queries before calling the server', async () => {
    const fhir = new RecordingFhir();
    for (const query of ['https://evil.example/fhir/Patient', 'patient?name=x', 'Location/a/b/c']) {
      const { events, results } = await run(actionFlow([{ type: 'kiunga_fhir_read', query, result_name: 'X' }]), fhir);
      expect(results.x.category, query).toBe('Failure');
      expect(events.find((e) => e.type === 'error'), query).toMatchObject({ code: 'kiunga_fhir:query' });
    }
    expect(fhir.queries).toEqual([]);
  });

  it('fails cleanly where no FHIR service is configured', async () => {
    const { events, results } = await run(actionFlow([{ type: 'kiunga_fhir_read', query: 'Location/F7', result_name: 'X' }]), undefined);
    expect(results.x.category).toBe('Failure');
    expect(events.find((e) => e.type === 'error')).toMatchObject({ code: 'kiunga_fhir:unavailable' });
  });

  it('does not keep a response too large for the session, and says why', async () => {
    const big = { resourceType: 'Bundle', type: 'searchset', total: 500, entry: Array.from({ length: 500 }, (_, i) => ({ resource: { resourceType: 'Location', id: `L${i}`, name: `Health post number ${i}` } })) };
    const { events, results } = await run(actionFlow([{ type: 'kiunga_fhir_read', query: 'Location', result_name: 'All' }]), new RecordingFhir({ Location: big }));
    expect(results.all).toMatchObject({ value: '500', category: 'Success' });
    expect(results.all.extra).toBeUndefined();
    expect(events.find((e) => e.type === 'warning')).toMatchObject({ code: 'kiunga_fhir:response_size' });
  });
});

describe('kiunga_fhir_write', () => {
  it('writes a JSON-text template with expression values JSON-escaped', async () => {
    const fhir = new RecordingFhir();
    const flow = actionFlow([], [
      {
        type: 'kiunga_fhir_write',
        resource: '{"resourceType":"Flag","status":"active","code":{"text":"Reported: @input.text"},"subject":{"reference":"@fields.fhir_ref"}}',
        result_name: 'Flag',
      },
    ]);
    const reply = '39 "high" \\ fever\nsince yesterday';
    const { events, results } = await run(flow, fhir, reply);
    expect(fhir.written).toHaveLength(1);
    expect(fhir.written[0].resource).toEqual({ resourceType: 'Flag', status: 'active', code: { text: `Reported: ${reply}` }, subject: { reference: 'Practitioner/P1001' } });
    expect(results.flag).toMatchObject({ value: 'Flag/w1', category: 'Success' });
    expect(events.find((e) => e.type === 'kiunga_fhir_resource_written')).toMatchObject({ resourceType: 'Flag', id: 'w1', status: 'written' });
  });

  it('keeps the JSON type of a whole-expression value in an object template', async () => {
    const fhir = new RecordingFhir();
    const flow = actionFlow([], [
      { type: 'kiunga_fhir_write', resource: { resourceType: 'Observation', status: 'final', code: { text: 'Temperature' }, valueQuantity: { value: '@(number(results.temperature.value))', unit: 'Cel' }, note: [{ text: 'by @contact.name' }] } },
    ]);
    await run(flow, fhir, '38.5');
    expect(fhir.written[0].resource).toEqual({ resourceType: 'Observation', status: 'final', code: { text: 'Temperature' }, valueQuantity: { value: 38.5, unit: 'Cel' }, note: [{ text: 'by Amina Njeri' }] });
  });

  it('does not write a resource whose template has a failing expression', async () => {
    const fhir = new RecordingFhir();
    const flow = actionFlow([{ type: 'kiunga_fhir_write', resource: { resourceType: 'Flag', status: 'active', code: { text: '@(1 / 0)' } }, result_name: 'W' }]);
    const { events, results } = await run(flow, fhir);
    expect(fhir.written).toEqual([]);
    expect(results.w.category).toBe('Failure');
    expect(events.find((e) => e.type === 'error' && e.code === 'kiunga_fhir:resource')).toMatchObject({ text: expect.stringContaining('code.text') });
  });

  it('builds the QuestionnaireResponse of the run for { kind: questionnaire_response }', async () => {
    const fhir = new RecordingFhir();
    const flow = actionFlow([], [{ type: 'kiunga_fhir_write', connection: 'moh', resource: { kind: 'questionnaire_response' }, result_name: 'Report' }]);
    const { results } = await run(flow, fhir, '38.5');
    expect(fhir.written[0].connection).toBe('moh');
    expect(fhir.written[0].resource).toMatchObject({
      resourceType: 'QuestionnaireResponse',
      questionnaire: `urn:uuid:${flow.uuid}`,
      status: 'completed',
      author: { reference: 'Practitioner/P1001' },
      item: [{ linkId: 'temperature', text: 'Temperature', answer: [{ valueDecimal: 38.5 }] }],
    });
    expect(results.report.category).toBe('Success');
  });

  it('reports Queued when the server keeps the write for later, and Failure (no throw) when it is refused', async () => {
    const queued = await run(actionFlow([{ type: 'kiunga_fhir_write', resource: { resourceType: 'Flag', status: 'active', code: { text: 'x' }, subject: { reference: 'Location/F1' } }, result_name: 'W' }]), new RecordingFhir({}, () => ({ id: '', resourceType: 'Flag', queued: true })));
    expect(queued.results.w).toMatchObject({ value: '', category: 'Queued' });
    expect(queued.events.find((e) => e.type === 'kiunga_fhir_resource_written')).toMatchObject({ status: 'queued' });

    const refused = await run(actionFlow([{ type: 'kiunga_fhir_write', resource: { resourceType: 'Flag' }, result_name: 'W' }]), new RecordingFhir({}, () => new Error('POST Flag failed: HTTP 400 (Missing required property status)')));
    expect(refused.results.w).toMatchObject({ category: 'Failure' });
    expect(refused.events.find((e) => e.type === 'error')).toMatchObject({ code: 'kiunga_fhir:write', text: expect.stringContaining('HTTP 400') });
    expect(refused.session.status).toBe('waiting');
  });

  it('fails with the reason when the evaluated text is not JSON', async () => {
    const fhir = new RecordingFhir();
    const { events, results } = await run(actionFlow([{ type: 'kiunga_fhir_write', resource: '{"resourceType": "Flag", oops}', result_name: 'W' }]), fhir);
    expect(fhir.written).toEqual([]);
    expect(results.w.category).toBe('Failure');
    expect(events.find((e) => e.type === 'error')).toMatchObject({ code: 'kiunga_fhir:resource', text: expect.stringContaining('not valid JSON') });
  });
});

describe('validation of the FHIR actions in a flow', () => {
  it('reports a bad action with its path', () => {
    const flow = actionFlow([
      { type: 'kiunga_fhir_read', query: 'Location/F1' },
      { type: 'kiunga_fhir_write', resource: { status: 'active' } },
      { type: 'kiunga_fhir_write', resource: { kind: 'observation' } },
    ]);
    const { issues } = readFlow(flow);
    const errors = issues.filter((i) => i.severity === 'error');
    expect(errors.map((e) => e.path)).toEqual(expect.arrayContaining([expect.stringContaining('nodes[0].actions[0]'), expect.stringContaining('nodes[0].actions[1]'), expect.stringContaining('nodes[0].actions[2]')]));
    expect(errors.find((e) => e.path.includes('actions[0]'))!.message).toMatch(/result_name/);
  });
});

describe('the simulator recorder', () => {
  it('records writes with sim ids and refuses reads it has no server for', async () => {
    const fhir = new SimulatorFhir();
    const flow = actionFlow(
      [{ type: 'kiunga_fhir_read', query: 'Location/F1', result_name: 'Facility' }],
      [{ type: 'kiunga_fhir_write', resource: { kind: 'questionnaire_response' }, result_name: 'Report' }],
    );
    const { results, events } = await run(flow, fhir, '37');
    expect(results.facility.category).toBe('Failure');
    expect(events.find((e) => e.type === 'error')).toMatchObject({ text: 'kiunga_fhir_read: the simulator has no FHIR server to read "Location/F1" from' });
    expect(fhir.writes).toHaveLength(1);
    expect(fhir.writes[0]).toMatchObject({ connection: null, id: 'sim-1', resource: { resourceType: 'QuestionnaireResponse' } });
    expect(results.report).toMatchObject({ value: 'QuestionnaireResponse/sim-1', category: 'Success' });
  });
});

describe('RapidPro export of the FHIR actions', () => {
  it('imports a valid kiunga_fhir_read, flags it as a Kiunga extension, and drops it on request', () => {
    const flow = actionFlow([{ type: 'kiunga_fhir_read', query: 'Location/F1', result_name: 'Facility' }]);
    const result = importRapidProExport({ version: '13', site: 'https://app.rapidpro.io', flows: [flow], campaigns: [], triggers: [], fields: [], groups: [] });
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(rapidProCompatibility(result.flows).map((i) => i.code)).toEqual(['kiunga_extension']);
    expect(JSON.stringify(exportRapidPro(result.flows, result.assets, { extensions: 'drop' }))).not.toContain('kiunga_fhir_read');
  });
});
