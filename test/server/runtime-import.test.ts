/**
 * The flow store with the runtime's real reader and RapidPro importer: publishing, refusing broken flows,
 * importing exports with groups and keyword triggers, and (when /work/shared is present) the mHero export.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runtimeFlowTools } from '../../server/flows/flow-tools.js';
import { createTestEnv, fixture, type TestEnv } from './helpers.js';

const SHARED = path.resolve(import.meta.dirname, '../../../shared');
const MHERO = path.join(SHARED, 'fhir/samples/rapidpro-flows/mhero-covid-registration_test.json');
const TWO_QUESTIONS = path.join(SHARED, 'rapidpro/goflow-cases/two_questions.json');

let env: TestEnv;
beforeEach(async () => {
  env = await createTestEnv(runtimeFlowTools);
});
afterEach(async () => {
  await env.close();
});

describe('with the runtime flow reader', () => {
  it('publishes a valid flow and refuses a broken one with the reader\'s issues', async () => {
    const editor = env.caller('A', 'editor');
    const good = await editor.flows.create({ name: 'Good' });
    await editor.flows.saveDraft({ id: good.flow.id, definition: fixture('registration-flow.json') });
    await expect(editor.flows.publish({ id: good.flow.id })).resolves.toMatchObject({ revision: 3 });

    const bad = await editor.flows.create({ name: 'Bad' });
    const draft = await editor.flows.saveDraft({ id: bad.flow.id, definition: fixture('broken-flow.json') });
    expect(draft.issues.some((i) => i.severity === 'error' && i.path.startsWith('nodes[0].exits[0]'))).toBe(true);
    await expect(editor.flows.publish({ id: bad.flow.id })).rejects.toThrow(/Cannot publish "Broken flow"/);
    const statuses = await env.db.selectFrom('flow_revisions').select('status').where('flow_id', '=', bad.flow.id).execute();
    expect(statuses.map((s) => s.status)).toEqual(['draft', 'draft']);
  });

  it('imports groups and keyword triggers with the flows, in one go', async () => {
    const editor = env.caller('A', 'editor');
    const result = await editor.flows.import({ file: fixture('export-with-group-and-trigger.json'), publish: true });
    expect(result).toMatchObject({ ok: true, groupsCreated: 1, triggersCreated: 1 });
    expect((await editor.groups.list()).map((g) => g.name)).toEqual(['Nurses']);
    const triggers = await env.db.selectFrom('triggers').select(['keyword', 'match_type', 'flow_id']).execute();
    expect(triggers).toEqual([{ keyword: 'join', match_type: 'first_word', flow_id: result.flows[0].id }]);
    // Importing again creates neither a second group nor a second trigger.
    expect(await editor.flows.import({ file: fixture('export-with-group-and-trigger.json') })).toMatchObject({ ok: true, groupsCreated: 0, triggersCreated: 0 });
  });

  it('refuses a flow that references a group neither the file nor the workspace has, then accepts it once the group exists', async () => {
    const editor = env.caller('A', 'editor');
    const refused = await editor.flows.import({ file: fixture('export-missing-group.json') });
    expect(refused.ok).toBe(false);
    expect(refused.issues.find((i) => i.severity === 'error')?.message).toMatch(/Nurses/);
    expect(await env.db.selectFrom('flows').select('id').execute()).toEqual([]);
    await env.db.insertInto('groups').values({ id: 'g1', workspace_id: env.workspaces.A, uuid: 'b2000000-0000-4000-8000-000000000001', name: 'Nurses', query: null, created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z' }).execute();
    expect((await editor.flows.import({ file: fixture('export-missing-group.json') })).ok).toBe(true);
  });

  it.skipIf(!fs.existsSync(MHERO))('imports the mHero COVID registration export and publishes it', async () => {
    const editor = env.caller('A', 'editor');
    const result = await editor.flows.import({ file: JSON.parse(fs.readFileSync(MHERO, 'utf8')), publish: true });
    expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(result.flows.map((f) => f.name)).toEqual(['Registration - OHIE COVID test workflows']);
    const live = await env.services.flows.publishedDefinition(env.workspaces.A, result.flows[0].uuid);
    expect(live?.definition.spec_version).toBe('14.4.2');
  });

  it.skipIf(!fs.existsSync(TWO_QUESTIONS))('imports a goflow assets file (two_questions) and migrates it to the current spec', async () => {
    const editor = env.caller('A', 'editor');
    const result = await editor.flows.import({ file: JSON.parse(fs.readFileSync(TWO_QUESTIONS, 'utf8')) });
    expect(result.ok).toBe(true);
    const flow = await editor.flows.get({ id: result.flows[0].id });
    expect(flow.definition?.spec_version).toBe('14.4.2');
    expect(flow.name).toBe('Two Questions');
  });
});

describe('export', () => {
  it('round-trips: an export from one workspace imports into another with its groups and keyword triggers', async () => {
    const editorA = env.caller('A', 'editor');
    const imported = await editorA.flows.import({ file: fixture('export-with-group-and-trigger.json'), publish: true });
    const file = await editorA.flows.export({ ids: [imported.flows[0].id], which: 'published' });
    expect(file.version).toBe('13');
    expect(file.groups).toEqual([{ uuid: 'b2000000-0000-4000-8000-000000000001', name: 'Nurses', query: null }]);
    expect(file.triggers).toEqual([expect.objectContaining({ trigger_type: 'K', keyword: 'join', flow: { uuid: imported.flows[0].uuid, name: 'Join nurses' } })]);

    const editorB = env.caller('B', 'editor');
    const intoB = await editorB.flows.import({ file: JSON.parse(JSON.stringify(file)) });
    expect(intoB).toMatchObject({ ok: true, groupsCreated: 1, triggersCreated: 1 });
    const inB = await editorB.flows.get({ id: intoB.flows[0].id });
    expect(inB.definition?.nodes).toEqual((await editorA.flows.get({ id: imported.flows[0].id })).definition?.nodes);
  });
});
