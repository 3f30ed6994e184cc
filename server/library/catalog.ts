/**
 * The templates gallery's catalog: every folder of flows-library/ with a manifest.json, its manifest and its
 * flow read and validated by the runtime's reader (`readFlow`, which migrates and checks it; a RapidPro
 * export file `{ version, flows: [...] }` is read with the RapidPro importer and its first flow used).
 * Folders without a manifest (the authoring sources, an NLP training set) are not templates.
 *
 * Example:
 *   const templates = listTemplates();        // [{ manifest: { id: 'important-update', … }, valid: true, errors: 0, warnings: 0, nodes: 11, needs: [] }, …]
 *   const { flow } = loadTemplate('stock-report');
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FlowIssue } from '../../runtime/definition/issues.js';
import type { Flow } from '../../runtime/definition/types.js';
import { readFlow } from '../../runtime/definition/read.js';
import { importRapidProExport } from '../../runtime/rapidpro/index.js';
import { LibraryError } from './library-error.js';
import { parseManifest, type LibraryManifest } from './manifest.js';

/** flows-library/ at the root of the project. */
export const DEFAULT_LIBRARY_DIR = path.resolve(import.meta.dirname, '../../flows-library');

/** A template id is its folder name; anything else (dots, slashes) is refused before touching the disk. */
const TEMPLATE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** One gallery entry. Example: `{ manifest, valid: true, errors: 0, warnings: 0, nodes: 11, problem: null, needs: [] }`. */
export interface TemplateSummary {
  manifest: LibraryManifest;
  valid: boolean;
  errors: number;
  warnings: number;
  nodes: number;
  /** The first error, worded for people, when the template cannot be used. */
  problem: string | null;
  /** What the workspace must provide for it to run, e.g. `[{ type: 'classifier', name: 'Health worker FAQ' }]`. */
  needs: TemplateNeed[];
}

/** A template ready to copy: its manifest, its validated current-spec flow, and the reader's issues. */
export interface LoadedTemplate {
  manifest: LibraryManifest;
  flow: Flow;
  issues: FlowIssue[];
}

function readTemplateFlow(file: string): { flow: Flow | null; issues: FlowIssue[] } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    return { flow: null, issues: [{ severity: 'error', code: 'missing_file', path: '', message: `${file}: cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` }] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { flow: null, issues: [{ severity: 'error', code: 'malformed_json', path: '', message: `${file}: not valid JSON (${(err as Error).message})` }] };
  }
  if (json && typeof json === 'object' && Array.isArray((json as { flows?: unknown }).flows)) {
    const imported = importRapidProExport(json);
    // a classifier, group or field the file refers to is something the workspace must provide, not a broken template
    const issues = imported.issues.map((i) => (i.code === 'missing_dependency' ? { ...i, severity: 'warning' as const } : i));
    const first = imported.flows[0] ?? null;
    return { flow: issues.some((i) => i.severity === 'error') ? null : first, issues };
  }
  return readFlow(json);
}

/** Something a template expects the workspace to have. Example: `{ type: 'classifier', name: 'Health worker FAQ' }`. */
export interface TemplateNeed {
  type: string;
  name: string;
}

/** What a template expects the workspace to have (a classifier, a group…), from its dependency warnings. */
function needsOf(issues: FlowIssue[]): TemplateNeed[] {
  const needs = new Map<string, TemplateNeed>();
  for (const issue of issues) {
    if (issue.code !== 'missing_dependency') continue;
    // the reader words these as: refers to the classifier "Health worker FAQ", which does not exist in this workspace
    const m = /refers to the ([a-z_ ]+?) "([^"]*)"/.exec(issue.message);
    const need = m ? { type: m[1]!, name: m[2]! } : { type: 'asset', name: issue.message.replace(/^[^:]*: /, '') };
    needs.set(`${need.type}|${need.name}`, need);
  }
  return [...needs.values()];
}

function templateFolders(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && TEMPLATE_ID.test(e.name) && fs.existsSync(path.join(dir, e.name, 'manifest.json')))
    .map((e) => e.name)
    .sort();
}

/** Loads one template; throws LibraryError `not_found` or `invalid` (with the flow issues). */
export function loadTemplate(id: string, dir = DEFAULT_LIBRARY_DIR): LoadedTemplate {
  if (!TEMPLATE_ID.test(id)) throw new LibraryError('not_found', `template "${id}": not a template id (lower-case letters, digits and dashes)`);
  const folder = path.join(dir, id);
  const manifestFile = path.join(folder, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new LibraryError('not_found', `template "${id}": no such template in the flows library`);
  let manifest: LibraryManifest;
  try {
    manifest = parseManifest(fs.readFileSync(manifestFile, 'utf8'), `${id}/manifest.json`, id);
  } catch (err) {
    throw new LibraryError('invalid', `template "${id}": ${(err as Error).message}`);
  }
  const { flow, issues } = readTemplateFlow(path.join(folder, 'flow.json'));
  const errors = issues.filter((i) => i.severity === 'error');
  if (!flow || errors.length > 0) {
    throw new LibraryError('invalid', `template "${id}": its flow.json has ${errors.length || 1} error(s); the first: ${errors[0]?.message ?? 'the flow could not be read'}`, issues);
  }
  return { manifest, flow, issues };
}

/** Every template, valid or not (an invalid one is listed with its problem so it can be fixed). */
export function listTemplates(dir = DEFAULT_LIBRARY_DIR): TemplateSummary[] {
  const order = (t: TemplateSummary) => t.manifest.order ?? Number.MAX_SAFE_INTEGER;
  return templateFolders(dir).map((id): TemplateSummary => {
    try {
      const { manifest, flow, issues } = loadTemplate(id, dir);
      return { manifest, valid: true, errors: 0, warnings: issues.filter((i) => i.severity === 'warning').length, nodes: flow.nodes.length, problem: null, needs: needsOf(issues) };
    } catch (err) {
      const issues = err instanceof LibraryError ? err.flowIssues : [];
      let manifest: LibraryManifest;
      try {
        manifest = parseManifest(fs.readFileSync(path.join(dir, id, 'manifest.json'), 'utf8'), `${id}/manifest.json`, id);
      } catch {
        // the manifest itself is broken: list the folder under its id so the problem shows in the gallery
        manifest = { id, title: { en: id, fr: id }, description: { en: '', fr: '' }, use_case: 'unknown', languages: [] };
      }
      return { manifest, valid: false, errors: Math.max(1, issues.filter((i) => i.severity === 'error').length), warnings: 0, nodes: 0, problem: (err as Error).message, needs: [] };
    }
  }).sort((a, b) => order(a) - order(b) || a.manifest.id.localeCompare(b.manifest.id));
}
