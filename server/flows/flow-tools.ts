/**
 * The two runtime functions the flow store needs, behind an interface so the server can be tested without the
 * full runtime and so the runtime stays free of server code:
 * - `readFlow(json)`: validates and migrates one flow definition to the current spec, reporting every issue;
 * - `importFile(json)`: reads a RapidPro export (or our own export, or a single flow) into current-spec flows.
 *
 * Production uses `runtimeFlowTools`: runtime/definition/read.ts (`readFlow`) and runtime/rapidpro (the export
 * importer), written by the runtime team. Tests may pass a smaller checker.
 *
 * Example:
 *   const tools = runtimeFlowTools;
 *   const { flow, issues } = tools.readFlow(JSON.parse(text));
 *   if (issues.some((i) => i.severity === 'error')) refuse(issues);
 */
import type { FlowIssue } from '../../runtime/definition/issues.js';
import type { Flow } from '../../runtime/definition/types.js';
import type { SessionAssets } from '../../runtime/engine/api.js';
import { readFlow } from '../../runtime/definition/read.js';
import { importRapidProExport } from '../../runtime/rapidpro/index.js';

/** Result of reading one flow. `flow` is null when it is too broken to use. */
export interface FlowReadResult {
  flow: Flow | null;
  issues: FlowIssue[];
}

/** A group declared in an export file. Example: `{ uuid: "…", name: "Nurses", query: null }`. */
export interface ImportedGroup {
  uuid: string;
  name: string;
  query?: string | null;
}

/** A keyword trigger declared in an export file. Example: `{ keyword: "join", matchType: "first_word", flowUuid: "…" }`. */
export interface ImportedKeywordTrigger {
  keyword: string;
  matchType: 'first_word' | 'only_word';
  flowUuid: string;
}

/** Result of reading an import file: its flows, groups and keyword triggers, and every issue (paths prefixed `flows[i]`). */
export interface FlowImportResult {
  flows: Flow[];
  issues: FlowIssue[];
  groups?: ImportedGroup[];
  keywordTriggers?: ImportedKeywordTrigger[];
}

export interface FlowTools {
  readFlow(json: unknown): FlowReadResult;
  /** `workspace`: what already exists, so references to it are not reported missing. */
  importFile(json: unknown, workspace?: SessionAssets): FlowImportResult;
}

/** The runtime's reader and RapidPro importer. */
export const runtimeFlowTools: FlowTools = {
  readFlow: (json) => {
    const { flow, issues } = readFlow(json);
    return { flow, issues };
  },
  importFile: (json, workspace) => {
    const result = importRapidProExport(json, { workspace });
    const fileFlowUuids = new Set(result.flows.map((f) => f.uuid));
    const workspaceGroupUuids = new Set((workspace?.groups ?? []).map((g) => g.uuid));
    const keywordTriggers: ImportedKeywordTrigger[] = [];
    for (const trigger of result.triggers) {
      const flowUuid = trigger.flow?.uuid;
      if (trigger.trigger_type !== 'K' && trigger.trigger_type !== 'keyword') continue;
      if (!flowUuid || !fileFlowUuids.has(flowUuid)) continue;
      const keywords = [...(trigger.keywords ?? []), ...(trigger.keyword ? [trigger.keyword] : [])];
      const matchType = trigger.match_type === 'O' || trigger.match_type === 'only_word' ? 'only_word' : 'first_word';
      for (const keyword of keywords) if (keyword.trim()) keywordTriggers.push({ keyword: keyword.trim().toLowerCase(), matchType, flowUuid });
    }
    return {
      flows: result.flows,
      issues: result.issues,
      groups: (result.assets.groups ?? []).filter((g) => !workspaceGroupUuids.has(g.uuid)).map((g) => ({ uuid: g.uuid, name: g.name, query: g.query ?? null })),
      keywordTriggers,
    };
  },
};

/**
 * Import without a dedicated importer: a file is either `{ flows: [...] }` (RapidPro or Kiunga export) or one
 * flow definition; each flow goes through readFlow and its issues are prefixed with its position.
 */
export function importWithReadFlow(json: unknown, readFlow: (json: unknown) => FlowReadResult): FlowImportResult {
  const issues: FlowIssue[] = [];
  const flows: Flow[] = [];
  const file = json as { flows?: unknown; nodes?: unknown } | null;
  if (!file || typeof file !== 'object' || Array.isArray(file)) {
    return { flows, issues: [rootIssue('import_not_object', 'the file must be a JSON object: a RapidPro export or a flow definition')] };
  }
  const entries: { prefix: string; json: unknown }[] = Array.isArray(file.flows)
    ? file.flows.map((f, i) => ({ prefix: `flows[${i}]`, json: f }))
    : Array.isArray(file.nodes) || 'action_sets' in file ? [{ prefix: '', json: file }] : [];
  if (entries.length === 0) {
    return { flows, issues: [rootIssue('import_no_flows', 'no flows found: expected a "flows" list (RapidPro export) or a flow definition with "nodes"')] };
  }
  for (const entry of entries) {
    const result = readFlow(entry.json);
    for (const issue of result.issues) {
      const path = entry.prefix ? (issue.path ? (issue.path.startsWith('[') ? entry.prefix + issue.path : `${entry.prefix}.${issue.path}`) : entry.prefix) : issue.path;
      issues.push({ ...issue, path, message: entry.prefix ? `${entry.prefix}: ${issue.message}` : issue.message });
    }
    if (result.flow) flows.push(result.flow);
  }
  return { flows, issues };
}

function rootIssue(code: string, text: string): FlowIssue {
  return { severity: 'error', code, path: '', message: `file: ${text}` };
}
