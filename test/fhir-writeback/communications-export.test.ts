/**
 * Write-back completeness against the dev FHIR server over HTTP: a broadcast becomes a CommunicationRequest
 * naming its Practitioner recipients, each message sent or received a Communication based on it, an opt-out
 * ("stop") a Communication of category opt-out from the Practitioner, each published revision of a flow with
 * QuestionnaireResponse write-back its Questionnaire (once); nothing twice, and a server that is down gets
 * the writes later from the retry queue, with the failures visible meanwhile.
 */
import type { Communication, CommunicationRequest, Questionnaire } from '@medplum/fhirtypes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFhirDevServer } from '../../server/dev/fhir-dev-server.js';
import { FhirClient } from '../../server/fhir/client.js';
import { OPT_OUT_CATEGORY } from '../../server/fhir/watch/communications.js';
import { FhirWritebackLoop } from '../../server/jobs/fhir-writeback-loop.js';
import { createBroadcast, processBroadcastBatch } from '../../server/messaging/broadcasts.js';
import { run } from '../../server/messaging/sql.js';
import { newId } from '../../server/db/ids.js';
import { phoneOf, seedContacts, seedFlow } from '../messaging/seed.js';
import { createFhirApiEnv, type FhirApiEnv } from '../fhir/api-env.js';
import { vaccinationSurvey } from '../fhir/survey-flows.js';

let t: FhirApiEnv;
let fhir: FhirClient;
let connectionId: string;
const PRACTITIONERS = ['Practitioner/hw-1', 'Practitioner/hw-2'];

beforeEach(async () => {
  t = await createFhirApiEnv({ fhir: { seed: false } });
  fhir = new FhirClient({ baseUrl: t.fhirUrl, retries: 0 });
  connectionId = (await t.admin.fhir.connections.create({ name: 'HAPI', baseUrl: t.fhirUrl })).id;
  const ids = await seedContacts(t.env.db, t.env.workspaceId, 2);
  for (const [i, id] of ids.entries()) await run(t.env.db, 'UPDATE contacts SET fhir_ref = ?, fields = ? WHERE id = ?', [PRACTITIONERS[i], JSON.stringify({ fhir_ref: PRACTITIONERS[i] }), id]);
  // a hand-made contact (no FHIR record): never exported
  await seedContacts(t.env.db, t.env.workspaceId, 1, { start: 50 });
  await t.admin.fhir.watchers.save({ kind: 'communications', connectionId, enabled: true });
});
afterEach(async () => {
  await t.close();
});

describe('communications export', () => {
  it('writes broadcasts, messages, opt-outs and questionnaires once, with real references', async () => {
    const { env, admin } = t;
    const broadcastId = await createBroadcast(env.db, { workspaceId: env.workspaceId, translations: { eng: { text: 'Stock count due Friday' } }, baseLanguage: 'eng', targets: { all: true } });
    while (await processBroadcastBatch(env.rt, broadcastId)) {}
    // the outbox sent them (the sender's job; here by hand)
    await run(env.db, `UPDATE messages SET status = 'sent', sent_at = ? WHERE direction = 'out'`, [new Date().toISOString()]);
    // the first health worker opts out by SMS
    expect((await env.postInbound({ id: 'ext-stop', from: `tel:${phoneOf(0)}`, text: 'stop' })).status).toBe(200);
    await env.until(async () => (await env.count(`SELECT COUNT(*) AS n FROM contacts WHERE status = 'stopped'`)) === 1, 10_000, 'opt-out');
    await env.until(async () => (await env.count(`SELECT COUNT(*) AS n FROM messages WHERE direction = 'in' AND status = 'pending'`)) === 0, 10_000, 'inbound handled');
    // a flow with QuestionnaireResponse write-back, published twice
    const flowId = await seedFlow(env.db, env.workspaceId, vaccinationSurvey());

    const pass = await admin.fhir.watchers.runNow({ kind: 'communications' });
    expect(pass).toMatchObject({ status: 'ok', summary: { requests: 1, messages: 3, optOuts: 1, questionnaires: 1, queued: 0, failed: 0 } });

    const [request, ...moreRequests] = await fhir.searchAll<CommunicationRequest>('CommunicationRequest', {});
    expect(moreRequests).toEqual([]);
    expect(request).toMatchObject({ status: 'active', category: [{ text: 'Broadcast' }], payload: [{ contentString: 'Stock count due Friday' }], identifier: [{ value: `urn:uuid:${broadcastId}` }] });
    expect(request!.recipient?.map((r) => r.reference)).toEqual(PRACTITIONERS);

    const communications = await fhir.searchAll<Communication>('Communication', {});
    const sent = communications.filter((c) => c.sent);
    expect(sent.map((c) => c.recipient?.[0]?.reference).sort()).toEqual(PRACTITIONERS);
    expect(sent.every((c) => c.basedOn?.[0]?.reference === `CommunicationRequest/${request!.id}` && c.payload?.[0]?.contentString === 'Stock count due Friday')).toBe(true);
    const optOuts = communications.filter((c) => c.category?.[0]?.coding?.[0]?.code === OPT_OUT_CATEGORY.code);
    expect(optOuts.map((c) => c.sender?.reference)).toEqual([PRACTITIONERS[0]]);
    const stopMessage = communications.filter((c) => c.received && !c.category);
    expect(stopMessage.map((c) => [c.sender?.reference, c.payload?.[0]?.contentString])).toEqual([[PRACTITIONERS[0], 'stop']]);

    // a new published revision → its Questionnaire; nothing else is written again
    const definition = { ...vaccinationSurvey(), revision: 2 };
    await run(env.db, `INSERT INTO flow_revisions (id, flow_id, workspace_id, revision, definition, spec_version, status, created_by, created_at, comment) VALUES (?, ?, ?, 2, ?, '14.4.2', 'published', NULL, ?, NULL)`, [newId(), flowId, env.workspaceId, JSON.stringify(definition), new Date().toISOString()]);
    const second = await admin.fhir.watchers.runNow({ kind: 'communications' });
    expect(second.summary).toMatchObject({ requests: 0, messages: 0, optOuts: 0, questionnaires: 1 });
    const questionnaires = await fhir.searchAll<Questionnaire>('Questionnaire', {});
    expect(questionnaires.map((q) => q.version).sort()).toEqual(['1', '2']);
    expect(new Set(questionnaires.map((q) => q.url))).toEqual(new Set([`urn:uuid:${vaccinationSurvey().uuid as string}`]));
    expect((await fhir.searchAll<Communication>('Communication', {})).length).toBe(communications.length);
  }, 60_000);

  it('queues the writes while the server is down, shows them, and sends them when it is back', async () => {
    const { env, admin, viewer } = t;
    const port = Number(new URL(t.fhirUrl).port);
    await t.server.close();
    const broadcastId = await createBroadcast(env.db, { workspaceId: env.workspaceId, translations: { eng: { text: 'Meeting at 10' } }, baseLanguage: 'eng', targets: { all: true } });
    while (await processBroadcastBatch(env.rt, broadcastId)) {}
    await run(env.db, `UPDATE messages SET status = 'sent', sent_at = ? WHERE direction = 'out'`, [new Date().toISOString()]);

    const pass = await admin.fhir.watchers.runNow({ kind: 'communications' });
    expect(pass.summary).toMatchObject({ requests: 1, messages: 2, queued: 3, failed: 0 });
    const pending = await viewer.fhir.writes.list({ status: 'pending' });
    expect(pending.map((w) => w.resourceType).sort()).toEqual(['Communication', 'Communication', 'CommunicationRequest']);
    expect(pending.every((w) => /ECONNREFUSED|network error/.test(w.lastError ?? '') && w.nextAttemptAt)).toBe(true);
    // the messages point at the request by its identifier until it is on the server
    const queued = await env.db.selectFrom('fhir_writeback_queue' as never).select(['resource_type', 'resource'] as never).execute() as { resource_type: string; resource: string }[];
    for (const row of queued.filter((r) => r.resource_type === 'Communication')) {
      expect((JSON.parse(row.resource) as Communication).basedOn).toEqual([{ type: 'CommunicationRequest', identifier: { system: 'urn:ietf:rfc:3986', value: `urn:uuid:${broadcastId}` } }]);
    }
    // nothing is exported twice while waiting
    expect((await admin.fhir.watchers.runNow({ kind: 'communications' })).summary).toMatchObject({ requests: 0, messages: 0 });

    t.server = await startFhirDevServer({ port, seed: false });
    env.clock.advance(31_000);
    expect(await new FhirWritebackLoop(env.rt).retryDueOnce()).toBe(3);
    expect(await viewer.fhir.writes.list({ status: 'pending' })).toEqual([]);
    expect(await fhir.searchAll<Communication>('Communication', {})).toHaveLength(2);
    expect(await fhir.searchAll<CommunicationRequest>('CommunicationRequest', {})).toHaveLength(1);
  }, 60_000);
});
