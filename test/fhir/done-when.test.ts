/**
 * Issue #5 "done when", end to end over HTTP, no mocks: a program officer connects the dev FHIR server
 * (API), tests it, syncs it (progress polled, skipped records reported), targets a district with the
 * contacts query, runs a survey flow through the real messaging loop (flow start → loopback channel →
 * inbound answers), and the answers appear as QuestionnaireResponses on the FHIR server, authored by the
 * Practitioners and based on the flow start's CommunicationRequest; the export then writes the
 * Questionnaire and the Communications.
 */
import type { Communication, CommunicationRequest, Questionnaire, QuestionnaireResponse } from '@medplum/fhirtypes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FhirClient } from '../../server/fhir/client.js';
import { processFlowStartBatch } from '../../server/messaging/flow-starts.js';
import { all } from '../../server/messaging/sql.js';
import { seedFlow } from '../messaging/seed.js';
import { outcome } from '../server/helpers.js';
import { createFhirApiEnv, type FhirApiEnv } from './api-env.js';
import { vaccinationSurvey, VACCINATION_SURVEY_UUID } from './survey-flows.js';

let t: FhirApiEnv;
beforeEach(async () => {
  t = await createFhirApiEnv();
});
afterEach(async () => {
  await t.close();
});

describe('connect, sync, target a district, survey → QuestionnaireResponses on the FHIR server', () => {
  it('does every step of the issue over HTTP', async () => {
    const { env, admin, viewer, editor } = t;
    const fhir = new FhirClient({ baseUrl: t.fhirUrl, retries: 0 });

    // 1. connect (admin only; the secret is never returned) and test
    expect(await outcome(viewer.fhir.connections.create({ name: 'x', baseUrl: t.fhirUrl }))).toBe('FORBIDDEN');
    const connection = await admin.fhir.connections.create({ name: 'Dev registry', baseUrl: t.fhirUrl, auth: { type: 'bearer', token: 'dev-token-123' }, settings: { defaultCountry: 'CM' } });
    expect(connection.auth).toEqual({ type: 'bearer', hasSecret: true });
    expect(JSON.stringify(await viewer.fhir.connections.list())).not.toContain('dev-token-123');
    const tested = await admin.fhir.connections.test({ id: connection.id });
    expect(tested).toMatchObject({ ok: true, fhirVersion: '4.0.1' });
    expect(tested.message).toMatch(/^Connected: FHIR 4\.0\.1 \(R4\)/);

    // 2. sync now, progress polled to the end, skipped records with reasons
    const { runId } = await admin.fhir.sync.start({ connectionId: connection.id });
    const run = await t.waitForSync(runId);
    expect(run).toMatchObject({ status: 'ok', percent: 100, phase: 'done', error: null });
    const seeded = t.server.seed!.practitioners;
    expect(run.counts.fetched.Practitioner).toBe(seeded.length);
    expect(run.counts.registry!.created).toBeGreaterThan(30);
    const noPhone = seeded.filter((p) => p.phone.kind === 'missing' && p.active && p.activeRoles.length > 0).map((p) => `Practitioner/${p.id}`);
    expect(noPhone.length).toBeGreaterThan(0);
    for (const ref of noPhone) expect(run.skipped).toContainEqual(expect.objectContaining({ reference: ref, category: 'no_phone', scope: 'registry' }));
    const report = await viewer.fhir.sync.report({ connectionId: connection.id });
    expect(report.last?.id).toBe(runId);
    expect((await viewer.fhir.connections.list())[0]!.settings.health).toBe('ok');

    // 3. target a district through the contacts query (the district with the most health workers)
    const districts = await all<{ district: string; n: number }>(
      env.db,
      `SELECT json_extract(fields, '$.district') AS district, COUNT(*) AS n FROM contacts WHERE workspace_id = ? AND status = 'active' AND fhir_ref IS NOT NULL GROUP BY 1 ORDER BY n DESC, district`,
      [env.workspaceId],
    );
    const district = districts[0]!;
    expect(district.n).toBeGreaterThan(1);
    const targets = await all<{ id: string; fhir_ref: string; phone: string }>(
      env.db,
      `SELECT c.id, c.fhir_ref, u.identity AS phone FROM contacts c JOIN contact_urns u ON u.contact_id = c.id AND u.priority = 0
        WHERE c.workspace_id = ? AND c.status = 'active' AND json_extract(c.fields, '$.district') = ? ORDER BY c.id`,
      [env.workspaceId, district.district],
    );
    expect(targets).toHaveLength(district.n);

    // the export of communications is on (CommunicationRequest for the start, basedOn in the responses)
    await admin.fhir.watchers.save({ kind: 'communications', connectionId: connection.id, enabled: true });

    // 4. run the survey: a flow start for `district = "…"`, answered by every health worker
    const flowId = await seedFlow(env.db, env.workspaceId, vaccinationSurvey());
    const start = await editor.messaging.starts.create({ flowId, targets: { query: `district = "${district.district}"` } });
    while (await processFlowStartBatch(env.rt, start.id)) {
      // batches until the start is complete
    }
    const asked = await env.messages(`direction = 'out' AND text LIKE 'How many children%'`);
    expect(asked).toHaveLength(targets.length);
    let n = 0;
    for (const target of targets) {
      const answer = await env.postInbound({ id: `ext-${n}`, from: target.phone, text: String(10 + n) });
      expect(answer.status).toBe(200);
      n++;
    }
    await env.until(async () => (await env.count(`SELECT COUNT(*) AS n FROM messages WHERE direction = 'in' AND status = 'pending'`)) === 0, 15_000, 'answers handled');
    await env.rt.locks.idle();

    // 5. the answers are QuestionnaireResponses on the FHIR server, with real references
    const responses = await fhir.searchAll<QuestionnaireResponse>('QuestionnaireResponse', {});
    expect(responses).toHaveLength(targets.length);
    expect(responses.map((r) => r.author?.reference).sort()).toEqual(targets.map((x) => x.fhir_ref).sort());
    const byAuthor = new Map(responses.map((r) => [r.author!.reference!, r]));
    targets.forEach((target, i) => {
      const r = byAuthor.get(target.fhir_ref)!;
      expect(r.status).toBe('completed');
      expect(r.subject?.reference).toBe(target.fhir_ref);
      expect(r.questionnaire).toBe(`urn:uuid:${VACCINATION_SURVEY_UUID}`);
      expect(r.item).toEqual([{ linkId: 'vaccinated', text: 'Vaccinated', answer: [{ valueInteger: 10 + i }] }]);
    });
    const basedOn = new Set(responses.map((r) => r.basedOn?.[0]?.reference));
    expect(basedOn.size).toBe(1);
    const requestRef = [...basedOn][0]!;
    expect(requestRef).toMatch(/^CommunicationRequest\/[^/]+$/);
    const request = await fhir.read<CommunicationRequest>('CommunicationRequest', requestRef.split('/')[1]!);
    expect(request.recipient?.map((r) => r.reference).sort()).toEqual(targets.map((x) => x.fhir_ref).sort());
    expect(request.identifier?.[0]?.value).toBe(`urn:uuid:${start.id}`);

    // 6. the export pass writes the flow's Questionnaire (once) and a Communication per handled answer
    const pass = await admin.fhir.watchers.runNow({ kind: 'communications' });
    expect(pass.status).toBe('ok');
    const questionnaires = await fhir.searchAll<Questionnaire>('Questionnaire', {});
    expect(questionnaires.map((q) => [q.url, q.version])).toEqual([[`urn:uuid:${VACCINATION_SURVEY_UUID}`, '1']]);
    expect(questionnaires[0]!.item?.map((i) => [i.linkId, i.type])).toEqual([['vaccinated', 'integer']]);
    const communications = await fhir.searchAll<Communication>('Communication', {});
    const received = communications.filter((c) => c.received);
    expect(received.map((c) => c.sender?.reference).sort()).toEqual(targets.map((x) => x.fhir_ref).sort());
    expect(received.every((c) => c.basedOn?.[0]?.reference === requestRef)).toBe(true);
    await admin.fhir.watchers.runNow({ kind: 'communications' });
    expect(await fhir.searchAll<Questionnaire>('Questionnaire', {})).toHaveLength(1);
    expect((await fhir.searchAll<Communication>('Communication', {})).length).toBe(communications.length);
    const writes = await viewer.fhir.writes.list({ status: 'failed' });
    expect(writes).toEqual([]);
  }, 60_000);
});
