/**
 * FHIR through the messaging loop: inbound messages over the loopback webhook resume live flows whose
 * answers reach the real dev FHIR server, by a `kiunga_fhir_write` step (the workspace's FhirEffects in
 * the runtime's services) and by `_kiunga.fhir_writeback` (written after the sprint is committed); a
 * write the server missed is sent by the workers' retry pass; the simulator records writes, never sends.
 */
import type { QuestionnaireResponse } from '@medplum/fhirtypes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFhirDevServer, type FhirDevServer } from '../../server/dev/fhir-dev-server.js';
import { FhirClient } from '../../server/fhir/client.js';
import { findOrCreateConnection } from '../../server/fhir/connections.js';
import { listWrites } from '../../server/fhir/writeback/queue.js';
import { FhirWritebackLoop } from '../../server/jobs/fhir-writeback-loop.js';
import { first } from '../../server/messaging/sql.js';
import { simulateResume, simulateStart } from '../../server/messaging/simulator.js';
import { createMessagingEnv, type MessagingEnv } from '../messaging/harness.js';
import { fixedUuid } from '../messaging/flows.js';
import { phoneOf, seedContacts, seedFlow, seedTrigger } from '../messaging/seed.js';

const PRACTITIONER = 'Practitioner/hw-42';
const u = (n: number) => fixedUuid(n, 7);

/**
 * "report" → "How many BCG doses?" → the answer is written as a QuestionnaireResponse, by a
 * `kiunga_fhir_write` step (`step`) or by the flow's `_kiunga.fhir_writeback` config (`config`).
 */
function doseReportFlow(writer: 'step' | 'config'): Record<string, unknown> {
  const finish =
    writer === 'step'
      ? [
          { uuid: u(40), type: 'kiunga_fhir_write', connection: null, result_name: 'Response', resource: { kind: 'questionnaire_response' } },
          { uuid: u(41), type: 'send_msg', text: 'Saved as @results.response.value (@results.response.category)' },
        ]
      : [{ uuid: u(41), type: 'send_msg', text: 'Thank you, @results.bcg_doses doses.' }];
  return {
    uuid: writer === 'step' ? u(1) : u(2),
    name: writer === 'step' ? 'Dose report (step)' : 'Dose report (config)',
    spec_version: '14.4.2',
    language: 'eng',
    type: 'messaging',
    revision: 1,
    expire_after_minutes: 60,
    localization: {},
    ...(writer === 'config'
      ? { _kiunga: { fhir_writeback: { questionnaire_response: true, observations: [{ result: 'BCG Doses', code: 'bcg-doses-on-hand', system: 'http://moh.example.org/fhir/CodeSystem/stock', unit: '{doses}' }] } } }
      : {}),
    nodes: [
      {
        // the keyword message itself answers this wait
        uuid: u(10),
        actions: [],
        router: { type: 'switch', operand: '@input.text', wait: { type: 'msg' }, cases: [], categories: [{ uuid: u(11), name: 'All Responses', exit_uuid: u(12) }], default_category_uuid: u(11) },
        exits: [{ uuid: u(12), destination_uuid: u(20) }],
      },
      {
        uuid: u(20),
        actions: [{ uuid: u(21), type: 'send_msg', text: 'How many BCG doses?' }],
        router: {
          type: 'switch',
          operand: '@input.text',
          wait: { type: 'msg' },
          result_name: 'BCG Doses',
          cases: [{ uuid: u(22), type: 'has_number_between', arguments: ['0', '5000'], category_uuid: u(23) }],
          categories: [
            { uuid: u(23), name: 'Valid', exit_uuid: u(24) },
            { uuid: u(25), name: 'Other', exit_uuid: u(26) },
          ],
          default_category_uuid: u(25),
        },
        exits: [
          { uuid: u(24), destination_uuid: u(30) },
          { uuid: u(26), destination_uuid: u(30) },
        ],
      },
      { uuid: u(30), actions: finish, exits: [{ uuid: u(31), destination_uuid: null }] },
    ],
  };
}

let env: MessagingEnv;
let server: FhirDevServer;
let fhir: FhirClient;
const HEALTH_WORKER = `tel:${phoneOf(0)}`;

beforeEach(async () => {
  server = await startFhirDevServer({ port: 0, seed: false });
  fhir = new FhirClient({ baseUrl: server.url, retries: 0 });
  env = await createMessagingEnv();
  await findOrCreateConnection(env.db, env.workspaceId, server.url);
  // a health worker synced from the registry: its fhir_ref field names its Practitioner
  await seedContacts(env.db, env.workspaceId, 1, { fields: { fhir_ref: PRACTITIONER } });
});
afterEach(async () => {
  await env.close();
  await server.close();
});

async function say(text: string, n: number): Promise<void> {
  const answer = await env.postInbound({ id: `ext-${n}`, from: HEALTH_WORKER, text });
  expect(answer.status).toBe(200);
  await env.until(async () => (await env.count(`SELECT COUNT(*) AS n FROM messages WHERE direction = 'in' AND status = 'pending'`)) === 0, 10_000, 'inbound handled');
  await env.rt.locks.idle(); // the write-back runs after the commit, under the contact's lock
}

async function questionnaireResponses(): Promise<QuestionnaireResponse[]> {
  return fhir.searchAll<QuestionnaireResponse>('QuestionnaireResponse', {});
}

describe('FHIR from live flows through the messaging loop', () => {
  it('a kiunga_fhir_write step writes the QuestionnaireResponse to the FHIR server and routes on its id', async () => {
    const flowId = await seedFlow(env.db, env.workspaceId, doseReportFlow('step'));
    await seedTrigger(env.db, env.workspaceId, 'report', flowId);
    await say('report', 1);
    await say('120', 2);

    const [qr, ...others] = await questionnaireResponses();
    expect(others).toEqual([]);
    expect(qr.questionnaire).toBe(`urn:uuid:${u(1)}`);
    expect(qr.author?.reference).toBe(PRACTITIONER);
    expect(qr.item?.map((i) => [i.linkId, i.answer?.[0]])).toEqual([['bcg_doses', { valueInteger: 120 }]]);
    const out = await env.messages(`direction = 'out'`);
    expect(out.map((m) => m.text)).toEqual(['How many BCG doses?', `Saved as QuestionnaireResponse/${qr.id} (Success)`]);
    const writes = await listWrites(env.db, env.workspaceId, {});
    expect(writes.map((w) => [w.resource_type, w.status, w.result_id])).toEqual([['QuestionnaireResponse', 'written', qr.id]]);
  });

  it('_kiunga.fhir_writeback writes the ended run after the sprint; a missed write is sent by the retry pass', async () => {
    const flowId = await seedFlow(env.db, env.workspaceId, doseReportFlow('config'));
    await seedTrigger(env.db, env.workspaceId, 'report', flowId);
    await say('report', 1);
    expect(await questionnaireResponses()).toEqual([]); // the run has not ended yet
    await say('75', 2);

    const [qr, ...others] = await questionnaireResponses();
    expect(others).toEqual([]);
    expect(qr.status).toBe('completed');
    expect(qr.subject?.reference).toBe(PRACTITIONER);
    const run = await first<{ uuid: string }>(env.db, 'SELECT uuid FROM runs WHERE flow_id = ?', [flowId]);
    expect(qr.identifier).toEqual({ system: 'urn:ietf:rfc:3986', value: `urn:uuid:${run!.uuid}` });
    const written = await listWrites(env.db, env.workspaceId, { status: 'written' });
    expect(written.map((w) => [w.resource_type, w.source]).sort()).toEqual([['Observation', `run:${run!.uuid}`], ['QuestionnaireResponse', `run:${run!.uuid}`]]);
    expect((await env.messages(`direction = 'out'`)).map((m) => m.text)).toEqual(['How many BCG doses?', 'Thank you, 75 doses.']);

    // the FHIR server goes down: the next report is still answered, its write waits in the queue
    const port = Number(new URL(server.url).port);
    await server.close();
    await say('report', 3);
    await say('80', 4);
    expect((await env.messages(`direction = 'out'`)).map((m) => m.text).at(-1)).toBe('Thank you, 80 doses.');
    const pending = await listWrites(env.db, env.workspaceId, { status: 'pending' });
    expect(pending.map((w) => w.resource_type).sort()).toEqual(['Observation', 'QuestionnaireResponse']);
    expect(pending.every((w) => w.attempts === 1 && /network error|ECONNREFUSED/.test(w.last_error ?? ''))).toBe(true);

    // back up, and the backoff delay passed: the workers' retry pass sends both
    server = await startFhirDevServer({ port, seed: false });
    const retries = new FhirWritebackLoop(env.rt);
    expect(await retries.retryDueOnce()).toBe(0); // not due yet
    env.clock.advance(31_000);
    expect(await retries.retryDueOnce()).toBe(2);
    expect(await listWrites(env.db, env.workspaceId, { status: 'pending' })).toEqual([]);
    const answers = (await questionnaireResponses()).map((r) => r.item?.[0]?.answer?.[0]);
    expect(answers).toEqual([{ valueInteger: 80 }]); // the restarted dev server starts empty
  });
});

describe('FHIR in the simulator', () => {
  it('records the writes of a kiunga_fhir_write step and of _kiunga.fhir_writeback, and sends none', async () => {
    const stepFlowId = await seedFlow(env.db, env.workspaceId, doseReportFlow('step'), { publish: false });
    let answer = await simulateStart(env.rt, { workspaceId: env.workspaceId, flowId: stepFlowId, contact: { name: 'Sim', language: 'eng' } });
    answer = await simulateResume(env.rt, { workspaceId: env.workspaceId, sessionUuid: answer.sessionUuid, resume: { type: 'msg', text: 'report' } });
    answer = await simulateResume(env.rt, { workspaceId: env.workspaceId, sessionUuid: answer.sessionUuid, resume: { type: 'msg', text: '33' } });
    expect(answer.status).toBe('completed');
    expect(answer.effects).toEqual([{ type: 'fhir_write', connection: null, resourceType: 'QuestionnaireResponse', id: 'sim-1', resource: expect.objectContaining({ resourceType: 'QuestionnaireResponse' }) }]);
    const recorded = answer.effects[0].resource as QuestionnaireResponse;
    expect(recorded.item?.[0]?.answer?.[0]).toEqual({ valueInteger: 33 });
    expect(answer.messages.map((m) => m.text)).toEqual(['Saved as QuestionnaireResponse/sim-1 (Success)']);

    const configFlowId = await seedFlow(env.db, env.workspaceId, doseReportFlow('config'), { publish: false });
    answer = await simulateStart(env.rt, { workspaceId: env.workspaceId, flowId: configFlowId, contact: { name: 'Sim', language: 'eng' } });
    answer = await simulateResume(env.rt, { workspaceId: env.workspaceId, sessionUuid: answer.sessionUuid, resume: { type: 'msg', text: 'report' } });
    answer = await simulateResume(env.rt, { workspaceId: env.workspaceId, sessionUuid: answer.sessionUuid, resume: { type: 'msg', text: '44' } });
    expect(answer.effects.map((e) => [e.type, e.resourceType, e.id])).toEqual([
      ['fhir_write', 'QuestionnaireResponse', 'sim-1'],
      ['fhir_write', 'Observation', 'sim-2'],
    ]);
    expect((answer.effects[1].resource as { derivedFrom?: unknown[] }).derivedFrom).toEqual([{ reference: 'QuestionnaireResponse/sim-1' }]);

    // nothing reached the FHIR server or its queue
    expect(await questionnaireResponses()).toEqual([]);
    expect(await listWrites(env.db, env.workspaceId, {})).toEqual([]);
  });
});
