/**
 * The flow store through the API: immutable revisions, restore, publish validation, optimistic concurrency,
 * duplicate/archive/export, and imports that are all-or-nothing.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, fixture, outcome, refuseInserts, type TestEnv } from './helpers.js';

let env: TestEnv;
beforeEach(async () => {
  env = await createTestEnv();
});
afterEach(async () => {
  await env.close();
});

async function revisionRows() {
  return env.db.selectFrom('flow_revisions').selectAll().orderBy('revision').execute();
}

describe('revisions', () => {
  it('every save adds an immutable revision, and restore copies an old one into a new draft', async () => {
    const editor = env.caller('A', 'editor');
    const { flow } = await editor.flows.create({ name: 'Registration' });
    const v1 = await revisionRows();
    expect(v1.map((r) => [r.revision, r.status])).toEqual([[1, 'draft']]);

    const registration = fixture('registration-flow.json');
    const saved = await editor.flows.saveDraft({ id: flow.id, definition: registration, baseRevision: 1 });
    expect(saved).toMatchObject({ revision: 2, issues: [] });
    const renamed = { ...registration, name: 'Registration v3' };
    await editor.flows.saveDraft({ id: flow.id, definition: renamed, baseRevision: 2 });

    const before = await revisionRows();
    expect(before.map((r) => r.revision)).toEqual([1, 2, 3]);
    // The stored definition keeps the flow's own uuid, whatever the editor sent.
    expect(JSON.parse(before[1].definition).uuid).toBe(flow.uuid);

    const restored = await editor.flows.restoreRevision({ id: flow.id, revision: 2 });
    expect(restored.revision).toBe(4);
    const after = await revisionRows();
    // Old rows are byte-for-byte unchanged; the restore is a new row.
    expect(after.slice(0, 3)).toEqual(before);
    expect(after[3]).toMatchObject({ revision: 4, status: 'draft', comment: 'restored from revision 2', created_by: env.users.A.editor });
    expect({ ...JSON.parse(after[3].definition), revision: 0 }).toEqual({ ...JSON.parse(before[1].definition), revision: 0 });

    const got = await editor.flows.get({ id: flow.id });
    expect(got.definition?.name).toBe('Health worker registration');
    expect(got.name).toBe('Health worker registration');
    const history = await editor.flows.revisions({ id: flow.id });
    expect(history.map((r) => r.revision)).toEqual([4, 3, 2, 1]);
    expect(history[0].createdBy?.name).toBe('editor A');
    expect((await editor.flows.getRevision({ id: flow.id, revision: 3 })).definition.name).toBe('Registration v3');
    expect(await outcome(editor.flows.getRevision({ id: flow.id, revision: 9 }))).toBe('NOT_FOUND');
  });

  it('refuses a save based on a stale revision (someone else saved)', async () => {
    const editor = env.caller('A', 'editor');
    const { flow } = await editor.flows.create({ name: 'Registration' });
    await editor.flows.saveDraft({ id: flow.id, definition: fixture('registration-flow.json'), baseRevision: 1 });
    expect(await outcome(editor.flows.saveDraft({ id: flow.id, definition: fixture('registration-flow.json'), baseRevision: 1 }))).toBe('CONFLICT');
    expect((await revisionRows()).length).toBe(2);
  });

  it('refuses a definition that is not a flow object, naming the field', async () => {
    const editor = env.caller('A', 'editor');
    const { flow } = await editor.flows.create({ name: 'Registration' });
    await expect(editor.flows.saveDraft({ id: flow.id, definition: { name: 'x' } })).rejects.toThrow(/definition\.nodes/);
  });
});

describe('publish', () => {
  it('publishes a valid flow as a new revision and reports it in the list', async () => {
    const editor = env.caller('A', 'editor');
    const { flow } = await editor.flows.create({ name: 'Registration' });
    await editor.flows.saveDraft({ id: flow.id, definition: fixture('registration-flow.json') });
    const published: { workspaceId: string; flowId: string; revision: number }[] = [];
    env.services.flowEvents.onPublished((e) => published.push(e));
    const result = await editor.flows.publish({ id: flow.id });
    expect(result.revision).toBe(3);
    expect(published).toEqual([{ workspaceId: env.workspaces.A, flowId: flow.id, revision: 3 }]);
    const live = await env.services.flows.publishedDefinition(env.workspaces.A, flow.uuid);
    expect(live).toMatchObject({ flowId: flow.id, revision: 3 });
    const listed = (await editor.flows.list({ search: 'health WORKER' })).items;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ publishedRevision: 3, latestRevision: 3, hasUnpublishedChanges: false });
    const audit = await env.db.selectFrom('audit_log').select(['action', 'user_id']).where('action', '=', 'flow.publish').execute();
    expect(audit).toEqual([{ action: 'flow.publish', user_id: env.users.A.editor }]);
  });

  it('refuses a flow with errors, returns the issues and writes nothing', async () => {
    const editor = env.caller('A', 'editor');
    const { flow } = await editor.flows.create({ name: 'Broken' });
    await editor.flows.saveDraft({ id: flow.id, definition: fixture('broken-flow.json') });
    const error = await editor.flows.publish({ id: flow.id }).then(() => null, (e: unknown) => e as { code: string; shape?: unknown; cause?: { flowIssues?: unknown[] } });
    expect(error?.code).toBe('BAD_REQUEST');
    expect(error?.cause?.flowIssues).toEqual([expect.objectContaining({ code: 'invalid_exit_destination', path: 'nodes[0].exits[0]' })]);
    expect((await revisionRows()).map((r) => r.status)).toEqual(['draft', 'draft']);
    expect(await env.services.flows.publishedDefinition(env.workspaces.A, flow.id)).toBeNull();
  });

  it('says clearly when the server has no flow validator', async () => {
    await env.close();
    env = await createTestEnv(null);
    const editor = env.caller('A', 'editor');
    const { flow } = await editor.flows.create({ name: 'Registration' });
    await expect(editor.flows.publish({ id: flow.id })).rejects.toThrow(/validation is not available/);
  });
});

describe('duplicate, archive, export', () => {
  it('duplicates into a new flow, archives, and exports a RapidPro-shaped document', async () => {
    const editor = env.caller('A', 'editor');
    const { flow } = await editor.flows.create({ name: 'Registration' });
    await editor.flows.saveDraft({ id: flow.id, definition: fixture('registration-flow.json') });
    const copy = await editor.flows.duplicate({ id: flow.id });
    expect(copy.flow.name).toBe('Copy of Health worker registration');
    expect(copy.flow.uuid).not.toBe(flow.uuid);
    const copied = await editor.flows.get({ id: copy.flow.id });
    expect(copied.definition?.nodes).toHaveLength(2);
    expect(copied.definition?.uuid).toBe(copy.flow.uuid);

    await editor.flows.archive({ id: flow.id });
    expect((await editor.flows.list()).items.map((f) => f.id)).toEqual([copy.flow.id]);
    expect((await editor.flows.list({ archived: true })).items.map((f) => f.id)).toEqual([flow.id]);
    await editor.flows.unarchive({ id: flow.id });
    expect((await editor.flows.list()).items).toHaveLength(2);

    const exported = await editor.flows.export({ ids: [flow.id] });
    expect(exported.flows).toHaveLength(1);
    expect(exported.flows[0]).toMatchObject({ uuid: flow.uuid, name: 'Health worker registration' });
    expect(await outcome(editor.flows.export({ ids: [flow.id], which: 'published' }))).toBe('BAD_REQUEST');
  });
});

describe('import', () => {
  it('imports every flow of an export and re-import adds revisions instead of duplicates', async () => {
    const editor = env.caller('A', 'editor');
    const file = fixture('export-two-flows.json');
    const first = await editor.flows.import({ file, publish: true });
    expect(first.ok).toBe(true);
    expect(first.flows.map((f) => [f.name, f.revision, f.created])).toEqual([
      ['Health worker registration', 1, true], ['Follow-up survey', 1, true],
    ]);
    const again = await editor.flows.import({ file });
    expect(again.flows.map((f) => [f.revision, f.created])).toEqual([[2, false], [2, false]]);
    expect(await env.db.selectFrom('flows').select('id').execute()).toHaveLength(2);
    expect((await revisionRows()).map((r) => r.status)).toEqual(['published', 'published', 'draft', 'draft']);
  });

  it('writes nothing when any flow of the file has errors, and returns the issues with their position', async () => {
    const editor = env.caller('A', 'editor');
    const result = await editor.flows.import({ file: fixture('export-with-broken-flow.json') });
    expect(result.ok).toBe(false);
    expect(result.issues).toEqual([expect.objectContaining({ severity: 'error', code: 'invalid_exit_destination', path: 'flows[1].nodes[0].exits[0]' })]);
    expect(await env.db.selectFrom('flows').select('id').execute()).toEqual([]);
    expect(await revisionRows()).toEqual([]);
    const audit = await env.db.selectFrom('audit_log').select(['action', 'detail']).where('action', '=', 'flow.import').execute();
    expect(JSON.parse(audit[0].detail)).toMatchObject({ ok: false, errors: 1 });
  });

  it('rolls back flows already written when the database fails part-way', async () => {
    // A test-only trigger makes the second flow's insert fail inside the import transaction.
    await refuseInserts(env.db, 'flows', 'name', 'Follow-up survey', 'refused by test trigger');
    const editor = env.caller('A', 'editor');
    await expect(editor.flows.import({ file: fixture('export-two-flows.json') })).rejects.toThrow();
    expect(await env.db.selectFrom('flows').select('id').execute()).toEqual([]);
    expect(await revisionRows()).toEqual([]);
  });

  it('refuses files that are not flows', async () => {
    const editor = env.caller('A', 'editor');
    expect((await editor.flows.import({ file: { hello: 'world' } })).issues[0]).toMatchObject({ code: 'import_no_flows' });
    expect((await editor.flows.import({ file: [1, 2] })).issues[0]).toMatchObject({ code: 'import_not_object' });
  });
});
