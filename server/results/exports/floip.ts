/**
 * A FLOIP Flow Results package (flow-results-specification 1.0.0-rc1): a zip holding `datapackage.json`
 * (the descriptor: profile "flow-results-package", one resource whose schema lists the six standard
 * columns and the questions) and the resource's data file, a JSON array of rows
 * `[timestamp, row_id, contact_id, question_id, response, response_metadata]`.
 *
 * Question ids are the flow's result keys; types: choice → select_one (choices = the categories),
 * integer/decimal → numeric, date → date, time → time, anything else → open. The package id is the flow's
 * UUID, so exports of one flow are versions of one package.
 *
 * Example: `const { descriptor, responses } = floipPackage(flow, runs, new Date())`; `floipZip(...)` → zip bytes.
 */
import { strToU8, zipSync } from 'fflate';
import type { FlowQuestion } from '../../../runtime/fhir/flow-questions.js';
import type { ResultsFlow } from '../flow-definition.js';
import type { ResultRun } from '../flow-runs.js';

/** One response row. Example: `["2026-11-25T10:00:00.000+00:00", "<run>/age", "<contact>", "age", 34, { "category": "30-39" }]`. */
export type FloipRow = [string, string, string, string, string | number, Record<string, unknown> | null];

const FIELDS = [
  { name: 'timestamp', title: 'Timestamp', type: 'datetime' },
  { name: 'row_id', title: 'Row ID', type: 'string' },
  { name: 'contact_id', title: 'Contact ID', type: 'string' },
  { name: 'question_id', title: 'Question ID', type: 'string' },
  { name: 'response', title: 'Response', type: 'any' },
  { name: 'response_metadata', title: 'Response Metadata', type: 'object' },
];

function questionSchema(q: FlowQuestion): { type: string; label: string; type_options: Record<string, unknown> } {
  switch (q.type) {
    case 'choice':
      return { type: 'select_one', label: q.name, type_options: { choices: (q.options ?? []).map((o) => o.display) } };
    case 'integer':
    case 'decimal':
      return { type: 'numeric', label: q.name, type_options: {} };
    case 'date':
      return { type: 'date', label: q.name, type_options: {} };
    case 'time':
      return { type: 'time', label: q.name, type_options: {} };
    default:
      return { type: 'open', label: q.name, type_options: {} };
  }
}

/** RFC 3339 with an explicit +00:00 offset (the spec asks for it instead of "Z"). */
function timestamp(iso: string): string {
  const parsed = new Date(iso);
  return (Number.isNaN(parsed.getTime()) ? new Date(0) : parsed).toISOString().replace(/Z$/, '+00:00');
}

/** A package name: lower case, letters, digits, ".", "_" or "-". */
function packageName(flowName: string): string {
  return flowName.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'flow-results';
}

export function floipPackage(flow: ResultsFlow, runs: ResultRun[], now: Date): { descriptor: Record<string, unknown>; responses: FloipRow[]; dataPath: string } {
  const name = packageName(flow.name);
  const dataPath = `${name}-responses.json`;
  const questions = Object.fromEntries(flow.questions.map((q) => [q.key, questionSchema(q)]));
  const responses: FloipRow[] = [];
  for (const run of runs) {
    for (const q of flow.questions) {
      const result = run.results[q.key];
      if (!result) continue;
      const raw = String(result.value ?? '');
      const numeric = (q.type === 'integer' || q.type === 'decimal') && /^-?\d+(\.\d+)?$/.test(raw.trim());
      const response = q.type === 'choice' ? result.category || raw : numeric ? Number(raw.trim()) : raw;
      const metadata: Record<string, unknown> = { run_id: run.uuid };
      if (result.category) metadata.category = result.category;
      if (result.input != null) metadata.input = result.input;
      responses.push([timestamp(result.created_on), `${run.uuid}/${q.key}`, run.contact.uuid, q.key, response, metadata]);
    }
  }
  responses.sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]));
  const created = timestamp(now.toISOString());
  const descriptor = {
    profile: 'flow-results-package',
    flow_results_specification_version: '1.0.0-rc1',
    id: flow.uuid,
    name,
    title: flow.name,
    created,
    modified: created,
    resources: [
      {
        name: `${name}-responses`,
        path: dataPath,
        mediatype: 'application/json',
        encoding: 'utf-8',
        schema: { ...(flow.language ? { language: flow.language } : {}), fields: FIELDS, questions },
      },
    ],
  };
  return { descriptor, responses, dataPath };
}

export function floipZip(flow: ResultsFlow, runs: ResultRun[], now: Date): Uint8Array {
  const { descriptor, responses, dataPath } = floipPackage(flow, runs, now);
  return zipSync({
    'datapackage.json': strToU8(JSON.stringify(descriptor, null, 2)),
    [dataPath]: strToU8(JSON.stringify(responses)),
  });
}
