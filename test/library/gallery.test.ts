/**
 * The templates gallery API (library.list / library.create over tRPC, real SQLite file): viewers list,
 * editors create; a created flow gets fresh UUIDs for the flow and everything in it, is a draft the editor
 * opens and can publish with the runtime's checks; bad template ids and broken templates are refused with a
 * clear error and write nothing; a failing insert rolls the whole creation back.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Flow } from '../../runtime/definition/types.js';
import { inspectFlow } from '../../runtime/inspect/index.js';
import { runtimeFlowTools } from '../../server/flows/flow-tools.js';
import { createFlowFromTemplate, LibraryError, listTemplates, loadTemplate, withFreshUuids } from '../../server/library/index.js';
import { createTestEnv, outcome, refuseInserts, type TestEnv } from '../server/helpers.js';
import { LIBRARY_DIR } from './scenario.js';

let env: TestEnv;
beforeAll(async () => {
  env = await createTestEnv(runtimeFlowTools);
});
afterAll(async () => {
  await env.close();
});

/** Every UUID-shaped string in a JSON value (values and keys). */
function uuidsIn(value: unknown, out = new Set<string>()): Set<string> {
  const text = JSON.stringify(value);
  for (const m of text.matchAll(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g)) out.add(m[0]);
  return out;
}

async function flowCount(ws: string): Promise<number> {
  const row = await env.db.selectFrom('flows').select((eb) => eb.fn.countAll<number>().as('n')).where('workspace_id', '=', ws).executeTakeFirst();
  return Number(row?.n ?? 0);
}

describe('templates gallery API', () => {
  it('lists the templates for a viewer, with titles and descriptions in both languages', async () => {
    const templates = await env.caller('A', 'viewer').library.list();
    expect(templates.map((t) => t.manifest.id)).toEqual(listTemplates().map((t) => t.manifest.id));
    const survey = templates.find((t) => t.manifest.id === 'surveillance-alert')!;
    expect(survey).toMatchObject({ valid: true, problem: null, manifest: { title: { en: 'Disease surveillance alert (suspected cholera)', fr: 'Alerte de surveillance (choléra suspect)' } } });
    expect(survey.nodes).toBeGreaterThan(10);
    // the NLP helper's FAQ (a RapidPro export with a classifier) is listed once it has a manifest
    if (fs.existsSync(path.join(LIBRARY_DIR, 'faq', 'manifest.json'))) {
      const faq = templates.find((t) => t.manifest.id === 'faq');
      expect(faq).toMatchObject({ valid: true, needs: [{ type: 'classifier', name: expect.any(String) }] });
    }
  });

  it('refuses creation to a viewer', async () => {
    expect(await outcome(env.caller('A', 'viewer').library.create({ templateId: 'stock-report' }))).toBe('FORBIDDEN');
    expect(await flowCount(env.workspaces.A)).toBe(0);
  });

  it('creates a draft flow with fresh UUIDs, named in the UI language, that the editor opens and can publish', async () => {
    const editor = env.caller('A', 'editor');
    const created = await editor.library.create({ templateId: 'surveillance-alert', language: 'fr' });
    expect(created.flow.name).toBe('Alerte de surveillance (choléra suspect)');
    const opened = await editor.flows.get({ id: created.flow.id });
    expect(opened.revision?.status).toBe('draft');
    const definition = opened.definition!;
    const template = loadTemplate('surveillance-alert').flow;
    expect(definition.uuid).toBe(created.flow.uuid);
    expect(definition.uuid).not.toBe(template.uuid);
    // no UUID of the template survives: nodes, actions, exits, categories, cases, localization and _ui keys
    const shared = [...uuidsIn(definition)].filter((u) => uuidsIn(template).has(u));
    expect(shared).toEqual([]);
    expect(definition.nodes).toHaveLength(template.nodes.length);
    expect(inspectFlow(definition, null, { languages: ['eng', 'fra'] }).issues).toEqual([]);
    expect(Object.keys(definition.localization.fra ?? {})).toHaveLength(Object.keys(template.localization.fra ?? {}).length);

    const published = await editor.flows.publish({ id: created.flow.id });
    expect(published.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const audit = await env.db.selectFrom('audit_log').select(['action', 'target', 'detail']).where('target', '=', `flow:${created.flow.id}`).execute();
    expect(audit.map((a) => a.action)).toContain('flow.create');
  });

  it('creates independent flows from the same template twice, with a custom name', async () => {
    const editor = env.caller('B', 'editor');
    const a = await editor.library.create({ templateId: 'stock-report', name: 'Stock Kilifi' });
    const b = await editor.library.create({ templateId: 'stock-report', language: 'en' });
    expect([a.flow.name, b.flow.name]).toEqual(['Stock Kilifi', 'Stock report (tracer commodities)']);
    const [da, db] = [(await editor.flows.get({ id: a.flow.id })).definition!, (await editor.flows.get({ id: b.flow.id })).definition!];
    expect(da.nodes.map((n) => n.uuid).filter((u) => db.nodes.some((m) => m.uuid === u))).toEqual([]);
    // the write-back config comes along
    expect((da as Flow & { _kiunga?: { fhir_writeback?: { observations?: unknown[] } } })._kiunga?.fhir_writeback?.observations).toHaveLength(4);
    expect((await env.caller('A', 'viewer').flows.list()).items.map((f) => f.id)).not.toContain(a.flow.id);
  });

  it('creates a flow from a template stored as a RapidPro export (the FAQ), keeping its classifier reference', async () => {
    if (!fs.existsSync(path.join(LIBRARY_DIR, 'faq', 'manifest.json'))) return;
    const template = loadTemplate('faq').flow;
    const created = await env.caller('B', 'editor').library.create({ templateId: 'faq', language: 'en' });
    const definition = (await env.caller('B', 'viewer').flows.get({ id: created.flow.id })).definition!;
    expect(definition.uuid).not.toBe(template.uuid);
    const classifierOf = (f: Flow) => f.nodes.flatMap((n) => n.actions).find((a) => a.type === 'call_classifier')?.classifier;
    expect(classifierOf(template)).toBeDefined();
    expect(classifierOf(definition)).toEqual(classifierOf(template));
    // The classifier it needs is created and trained in the workspace, once.
    const classifierUuid = (classifierOf(template) as { uuid: string }).uuid;
    expect(created.classifier).toMatchObject({ uuid: classifierUuid, created: true, version: 1 });
    const classifiers = await env.caller('B', 'viewer').nlp.list();
    expect(classifiers.map((c: { uuid: string }) => c.uuid)).toContain(classifierUuid);
    const again = await env.caller('B', 'editor').library.create({ templateId: 'faq', language: 'fr' });
    expect(again.classifier).toMatchObject({ created: false });
  });

  it('refuses an unknown or malformed template id with NOT_FOUND and a clear message', async () => {
    const editor = env.caller('A', 'editor');
    await expect(editor.library.create({ templateId: 'no-such-template' })).rejects.toThrow('template "no-such-template": no such template in the flows library');
    await expect(editor.library.create({ templateId: '../server' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(editor.library.create({ templateId: '_authoring' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('broken templates and rollback', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiunga-library-'));
    for (const id of ['rapid-survey', 'stock-report']) fs.cpSync(path.join(LIBRARY_DIR, id), path.join(dir, id), { recursive: true });
    // a template whose flow leads to a node that does not exist
    const broken = JSON.parse(fs.readFileSync(path.join(dir, 'rapid-survey', 'flow.json'), 'utf8')) as Flow;
    broken.nodes[0]!.exits[0]!.destination_uuid = '00000000-0000-4000-8000-00000000dead';
    fs.mkdirSync(path.join(dir, 'broken-survey'));
    fs.writeFileSync(path.join(dir, 'broken-survey', 'flow.json'), JSON.stringify(broken));
    fs.writeFileSync(path.join(dir, 'broken-survey', 'manifest.json'), fs.readFileSync(path.join(dir, 'rapid-survey', 'manifest.json'), 'utf8').replace('"rapid-survey"', '"broken-survey"'));
    // a manifest missing its French title
    fs.mkdirSync(path.join(dir, 'no-french'));
    fs.copyFileSync(path.join(dir, 'stock-report', 'flow.json'), path.join(dir, 'no-french', 'flow.json'));
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'stock-report', 'manifest.json'), 'utf8')) as { id: string; title: Record<string, string> };
    fs.writeFileSync(path.join(dir, 'no-french', 'manifest.json'), JSON.stringify({ ...manifest, id: 'no-french', title: { en: manifest.title.en } }));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('lists broken templates with their problem instead of hiding them', () => {
    const listed = Object.fromEntries(listTemplates(dir).map((t) => [t.manifest.id, t]));
    expect(listed['rapid-survey']?.valid).toBe(true);
    expect(listed['broken-survey']).toMatchObject({ valid: false });
    expect(listed['broken-survey']?.problem).toMatch(/^template "broken-survey": its flow\.json has 1 error\(s\); the first: nodes\[0\]\.exits\[0\].*00000000-0000-4000-8000-00000000dead/);
    expect(listed['no-french']?.problem).toBe('template "no-french": no-french/manifest.json: title.fr: Invalid input: expected string, received undefined');
  });

  it('refuses to create from a broken template, naming the problem, and writes nothing', async () => {
    const before = await flowCount(env.workspaces.A);
    const attempt = createFlowFromTemplate(env.db, { workspaceId: env.workspaces.A, templateId: 'broken-survey', userId: null, libraryDir: dir });
    await expect(attempt).rejects.toBeInstanceOf(LibraryError);
    await expect(attempt).rejects.toMatchObject({ code: 'invalid', flowIssues: [expect.objectContaining({ code: 'invalid_exit_destination', path: 'nodes[0].exits[0].destination_uuid' })] });
    expect(await flowCount(env.workspaces.A)).toBe(before);
  });

  it('rolls the flow row back when its revision cannot be written (one transaction)', async () => {
    const before = await flowCount(env.workspaces.A);
    await refuseInserts(env.db, 'flow_revisions', 'comment', 'from template "rapid-survey"', 'disk full');
    await expect(createFlowFromTemplate(env.db, { workspaceId: env.workspaces.A, templateId: 'rapid-survey', userId: null, libraryDir: dir })).rejects.toThrow(/disk full/);
    expect(await flowCount(env.workspaces.A)).toBe(before);
  });

  it('withFreshUuids keeps references to other assets (fields, groups) and rewrites its own', () => {
    const flow = loadTemplate('lab-results').flow;
    let n = 0;
    const copy = withFreshUuids(flow, () => `99999999-0000-4000-8000-${String(++n).padStart(12, '0')}`);
    const setField = copy.nodes.flatMap((x) => x.actions).find((a) => a.type === 'set_contact_field')!;
    expect(setField.field).toEqual({ key: 'results_pin_locked', name: 'Results PIN locked' });
    const destinations = new Set(copy.nodes.flatMap((x) => x.exits.map((e) => e.destination_uuid)).filter(Boolean));
    for (const d of destinations) expect(copy.nodes.some((x) => x.uuid === d)).toBe(true);
    expect(Object.keys((copy._ui as { nodes: Record<string, unknown> }).nodes).sort()).toEqual(copy.nodes.map((x) => x.uuid).sort());
  });
});
