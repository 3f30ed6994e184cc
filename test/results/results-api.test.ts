/**
 * Results of a flow through the API: rates, drop-off per node, per-question categories and histograms,
 * breakdowns by district/cadre, date and field filters, simulated runs left out, workspace isolation,
 * and the four exports (CSV, XLSX, FLOIP package, FHIR Bundle).
 */
import { unzipSync, strFromU8 } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestEnv, outcome, type TestEnv } from '../server/helpers.js';
import { histogram } from '../../server/results/histogram.js';
import { AGE_NODE, END_NODE, FLOW_UUID, STOCK_NODE, seedContact, seedRun, seedSurveyFlow } from './seed.js';

let env: TestEnv;
let flowId: string;

beforeEach(async () => {
  env = await createTestEnv();
  const ws = env.workspaces.A;
  flowId = await seedSurveyFlow(env.db, ws);
  const amina = await seedContact(env.db, ws, { name: 'Amina', phone: '+254700000001', region: 'Coast', district: 'Kilifi', facility: 'Kilifi CH', cadre: 'Nurse', fhirRef: 'Practitioner/P1' });
  const baraka = await seedContact(env.db, ws, { name: 'Baraka, RN', phone: '+254700000002', region: 'Coast', district: 'Mombasa', facility: 'Coast GH', cadre: 'Nurse' });
  const chege = await seedContact(env.db, ws, { name: 'Chege', phone: '+254700000003', region: 'Central', district: 'Nyeri', facility: 'Nyeri PGH', cadre: 'Clinical Officer' });
  const dida = await seedContact(env.db, ws, { name: 'Dida', phone: '+254700000004', region: 'Coast', district: 'Kilifi', facility: 'Malindi SCH', cadre: 'Midwife' });
  await seedRun(env.db, ws, flowId, amina, { status: 'completed', results: { age: ['34'], stock: ['yes', 'Yes'] }, path: [AGE_NODE, STOCK_NODE, END_NODE], createdAt: '2026-11-20T08:00:00.000Z' });
  await seedRun(env.db, ws, flowId, baraka, { status: 'completed', results: { age: ['51'], stock: ['no', 'No'] }, path: [AGE_NODE, STOCK_NODE, END_NODE], createdAt: '2026-11-21T08:00:00.000Z' });
  await seedRun(env.db, ws, flowId, chege, { status: 'waiting', results: { age: ['38'] }, path: [AGE_NODE, STOCK_NODE], createdAt: '2026-11-22T08:00:00.000Z' });
  await seedRun(env.db, ws, flowId, dida, { status: 'expired', results: {}, path: [AGE_NODE], createdAt: '2026-11-23T08:00:00.000Z' });
  // a simulator run never counts
  await seedRun(env.db, ws, flowId, dida, { status: 'completed', results: { age: ['99'], stock: ['yes', 'Yes'] }, path: [AGE_NODE, STOCK_NODE, END_NODE], simulated: true });
});

afterEach(async () => {
  await env.close();
});

describe('results summary', () => {
  it('computes rates, drop-off, questions and breakdowns from live runs only', async () => {
    const s = await env.caller('A', 'viewer').results.summary({ flowId });
    expect(s.totals).toEqual({ runs: 4, responded: 3, completed: 2, waiting: 1, ended: 1 });
    expect(s.rates).toEqual({ response: 0.75, completion: 0.5 });
    const byNode = Object.fromEntries(s.dropOff.map((n) => [n.nodeUuid, n]));
    expect(byNode[AGE_NODE]).toMatchObject({ reached: 4, waiting: 0, stopped: 1, label: 'Age' });
    expect(byNode[STOCK_NODE]).toMatchObject({ reached: 3, waiting: 1, stopped: 0 });
    expect(byNode[END_NODE]).toMatchObject({ reached: 2, waiting: 0, stopped: 0 });
    expect(s.dropOff.map((n) => n.nodeUuid)).toEqual([AGE_NODE, STOCK_NODE, END_NODE]);

    const stock = s.questions.find((q) => q.key === 'stock')!;
    expect(stock.type).toBe('open-choice');
    expect(stock.categories).toEqual([{ name: 'Yes', count: 1 }, { name: 'No', count: 1 }]);
    expect(stock.histogram).toBeNull();
    const age = s.questions.find((q) => q.key === 'age')!;
    expect(age.type).toBe('integer');
    expect(age.responses).toBe(3);
    expect(age.mean).toBe(41);
    expect(age.histogram!.reduce((n, b) => n + b.count, 0)).toBe(3);

    expect(s.breakdowns.district.find((r) => r.value === 'Kilifi')).toEqual({ value: 'Kilifi', runs: 2, responded: 1, completed: 1 });
    expect(s.breakdowns.cadre.find((r) => r.value === 'Nurse')).toEqual({ value: 'Nurse', runs: 2, responded: 2, completed: 2 });
    expect(s.daily).toEqual([
      { day: '2026-11-20', runs: 1 }, { day: '2026-11-21', runs: 1 }, { day: '2026-11-22', runs: 1 }, { day: '2026-11-23', runs: 1 },
    ]);
  });

  it('filters by dates (both ends included) and by district', async () => {
    const viewer = env.caller('A', 'viewer');
    const ranged = await viewer.results.summary({ flowId, filter: { from: '2026-11-21', to: '2026-11-22' } });
    expect(ranged.totals.runs).toBe(2);
    const kilifi = await viewer.results.summary({ flowId, filter: { district: 'kilifi' } });
    expect(kilifi.totals).toMatchObject({ runs: 2, completed: 1 });
    expect(await outcome(viewer.results.summary({ flowId, filter: { from: '2026-13-01' } }))).toBe('BAD_REQUEST');
    expect(await outcome(viewer.results.summary({ flowId, filter: { from: '2026-11-25', to: '2026-11-01' } }))).toBe('BAD_REQUEST');
  });

  it('exposes drop-off per node for the canvas', async () => {
    const d = await env.caller('A', 'viewer').results.dropOff({ flowId });
    expect(d.runs).toBe(4);
    expect(d.nodes[STOCK_NODE]).toEqual({ reached: 3, waiting: 1, stopped: 0 });
  });

  it('keeps workspaces apart', async () => {
    expect(await outcome(env.caller('B', 'admin').results.summary({ flowId }))).toBe('NOT_FOUND');
    expect(await outcome(env.caller('B', 'admin').results.export({ flowId, format: 'csv' }))).toBe('NOT_FOUND');
    expect(await outcome(env.anonymous().results.summary({ flowId }))).toBe('UNAUTHORIZED');
  });
});

describe('results exports', () => {
  it('writes a CSV with one row per run, quoted where needed', async () => {
    const file = await env.caller('A', 'viewer').results.export({ flowId, format: 'csv' });
    expect(file.filename).toMatch(/^rapid-survey-results-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(file.rows).toBe(4);
    const text = Buffer.from(file.base64, 'base64').toString('utf8');
    const lines = text.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines[0]).toBe('Run,Contact,Name,URN,Region,District,Facility,Cadre,Status,Started,Ended,Age,Age (category),Stock,Stock (category)');
    expect(lines).toHaveLength(5);
    expect(lines.some((l) => l.includes('"Baraka, RN"') && l.includes(',51,Valid,no,No'))).toBe(true);
  });

  it('writes an XLSX workbook with typed numbers', async () => {
    const file = await env.caller('A', 'viewer').results.export({ flowId, format: 'xlsx', filter: { district: 'Kilifi' } });
    const bytes = Buffer.from(file.base64, 'base64');
    const files = unzipSync(new Uint8Array(bytes));
    const sheetNames = Object.keys(files).filter((n) => n.startsWith('xl/worksheets/sheet'));
    expect(sheetNames.length).toBe(2);
    const workbook = strFromU8(files['xl/workbook.xml']!);
    expect(workbook).toContain('name="Results"');
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
    expect(sheet).toMatch(/<v>34<\/v>/);
    expect(file.rows).toBe(2);
  });

  it('writes a FLOIP Flow Results package', async () => {
    const file = await env.caller('A', 'viewer').results.export({ flowId, format: 'floip' });
    const files = unzipSync(new Uint8Array(Buffer.from(file.base64, 'base64')));
    const descriptor = JSON.parse(strFromU8(files['datapackage.json']!));
    expect(descriptor).toMatchObject({ profile: 'flow-results-package', flow_results_specification_version: '1.0.0-rc1', id: FLOW_UUID, name: 'rapid-survey' });
    const resource = descriptor.resources[0];
    expect(resource.schema.fields.map((f: { name: string }) => f.name)).toEqual(['timestamp', 'row_id', 'contact_id', 'question_id', 'response', 'response_metadata']);
    expect(resource.schema.questions.age).toEqual({ type: 'numeric', label: 'Age', type_options: {} });
    const rows = JSON.parse(strFromU8(files[resource.path]!)) as unknown[][];
    expect(rows).toHaveLength(5); // 3 ages + 2 stock answers
    expect(rows[0]![0]).toBe('2026-11-20T08:00:00.000+00:00');
    expect(rows.find((r) => r[3] === 'age' && r[4] === 51)).toBeTruthy();
    expect(new Set(rows.map((r) => r[1])).size).toBe(rows.length);
  });

  it('writes FHIR QuestionnaireResponses as a Bundle', async () => {
    const file = await env.caller('A', 'viewer').results.export({ flowId, format: 'fhir' });
    const bundle = JSON.parse(Buffer.from(file.base64, 'base64').toString('utf8'));
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'collection', total: 4 });
    const amina = bundle.entry.map((e: { resource: Record<string, unknown> }) => e.resource).find((r: { author?: { reference: string } }) => r.author?.reference === 'Practitioner/P1');
    expect(amina).toMatchObject({ resourceType: 'QuestionnaireResponse', status: 'completed', questionnaire: `urn:uuid:${FLOW_UUID}` });
    expect(amina.item).toEqual(expect.arrayContaining([expect.objectContaining({ linkId: 'age', answer: [{ valueInteger: 34 }] })]));
    const waiting = bundle.entry.find((e: { resource: { status: string } }) => e.resource.status === 'in-progress');
    expect(waiting).toBeTruthy();
  });
});

describe('histogram', () => {
  it('uses one bucket per value for small whole ranges and nice widths otherwise', () => {
    expect(histogram([1, 2, 2, 3])).toEqual([{ from: 1, to: 2, count: 1 }, { from: 2, to: 3, count: 2 }, { from: 3, to: 4, count: 1 }]);
    const wide = histogram([0, 15, 99, 100]);
    expect(wide.every((b) => b.to - b.from === 10)).toBe(true);
    expect(wide.reduce((n, b) => n + b.count, 0)).toBe(4);
    expect(wide.at(-1)).toMatchObject({ from: 100, count: 1 });
    expect(histogram([0.1, 0.25, 0.3]).reduce((n, b) => n + b.count, 0)).toBe(3);
    expect(histogram([])).toEqual([]);
  });
});
