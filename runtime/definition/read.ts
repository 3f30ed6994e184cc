/**
 * The one entry point for turning untrusted JSON (text or parsed) into a current-spec Flow:
 * parse → migrate (legacy and 13.x/14.x steps) → validate → check references against assets (optional).
 * Never throws; every problem is in `issues`. `flow` is null when any issue is an error.
 *
 *   const { flow, issues } = readFlow(fileText, { assets });
 *   if (!flow) showProblems(issues);   // e.g. 'nodes[3].router.cases[1]: "has_number_between" (...) needs 2 arguments but has 1'
 */
import type { SessionAssets } from '../engine/api.js';
import { checkFlowAssets } from './asset-check.js';
import { hasErrors, issue, type FlowIssue } from './issues.js';
import { isObject, type JsonObject } from './json.js';
import { migrateFlow } from './migrations/index.js';
import type { Flow } from './types.js';
import { validateFlow } from './validate.js';

/** Example: `{ assets: { flows: [...], groups: [...] }, baseMediaUrl: 'https://media.example.org' }`. */
export interface ReadFlowOptions {
  /** When given, references to groups, fields, flows, labels... are checked against these assets. */
  assets?: SessionAssets;
  /** UUIDs for objects created while migrating (legacy flows, templating); random by default. */
  newUuid?: () => string;
  /** Prefix for relative media URLs in legacy flows. */
  baseMediaUrl?: string;
}

/** Example: `{ flow: null, issues: [{ code: 'invalid_exit_destination', ... }], migrations: ['13.1.0', ...] }`. */
export interface ReadFlowResult {
  flow: Flow | null;
  issues: FlowIssue[];
  /** Migration steps applied ("legacy", "13.1.0", ...). */
  migrations: string[];
}

/** Parses JSON text, reporting where it is malformed. */
export function parseJsonText(text: string): { value: unknown; issues: FlowIssue[] } {
  try {
    return { value: JSON.parse(text) as unknown, issues: [] };
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    return { value: undefined, issues: [issue('error', 'malformed_json', '', `the file is not valid JSON (${detail})`)] };
  }
}

/** Fills in optional containers so the engine can rely on them: `actions: []`, `localization: {}`, switch `cases: []`. */
function normalize(flow: JsonObject): Flow {
  if (!isObject(flow.localization)) flow.localization = {};
  if (Array.isArray(flow.nodes)) {
    for (const node of flow.nodes) {
      if (!isObject(node)) continue;
      if (!Array.isArray(node.actions)) node.actions = [];
      if (isObject(node.router) && node.router.type === 'switch' && !Array.isArray(node.router.cases)) node.router.cases = [];
    }
  }
  return flow as unknown as Flow;
}

export function readFlow(json: unknown, options: ReadFlowOptions = {}): ReadFlowResult {
  try {
    let input = json;
    if (typeof json === 'string') {
      const parsed = parseJsonText(json);
      if (parsed.issues.length) return { flow: null, issues: parsed.issues, migrations: [] };
      input = parsed.value;
    }
    const migrated = migrateFlow(input, { newUuid: options.newUuid, baseMediaUrl: options.baseMediaUrl });
    const issues = [...migrated.issues];
    if (!migrated.flow) return { flow: null, issues, migrations: migrated.applied };
    issues.push(...validateFlow(migrated.flow));
    if (hasErrors(issues)) return { flow: null, issues, migrations: migrated.applied };
    const flow = normalize(migrated.flow);
    if (options.assets) issues.push(...checkFlowAssets(flow, options.assets, options));
    return { flow: hasErrors(issues) ? null : flow, issues, migrations: migrated.applied };
  } catch (err) {
    // a bug in the reader must not take the caller down with it
    return {
      flow: null,
      issues: [issue('error', 'internal_error', '', `the flow could not be read because of an internal error: ${(err as Error).message}`)],
      migrations: [],
    };
  }
}
