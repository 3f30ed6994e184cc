/**
 * Inspection of a valid flow, in the shape of goflow's flow inspection, plus Kiunga's editor checks.
 *
 *   const info = inspectFlow(flow, assets);
 *   info.dependencies  // [{ uuid, name, type: 'group' }, { key: 'age', name: '', type: 'field', missing: true }]
 *   info.results       // [{ key: 'name', name: 'Name', categories: ['All Responses'], node_uuids: [...] }]
 *   info.issues        // missing dependencies, invalid regexes, legacy vars, invalid expressions, dangling exits,
 *                      // missing translations, loops without a wait
 */
import type { SessionAssets } from '../engine/api.js';
import type { Flow } from '../definition/types.js';
import { findContextRefs } from '../definition/template-scanner.js';
import { flowDependencies, type Dependency } from './dependencies.js';
import {
  danglingExitIssues, invalidExpressionIssues, invalidRegexIssues, legacyExtraIssues, legacyVarsIssues, loopIssues, missingDependencyIssues, missingTranslationIssues,
  type InspectionIssue,
} from './issues.js';
import { flowLocals, flowResults, type ResultSpec } from './results.js';
import { extractTemplates } from './templates.js';

/** Example: `{ counts: { languages: 1, nodes: 4 }, dependencies: [...], locals: [], results: [...], parent_refs: [], issues: [] }`. */
export interface FlowInspection {
  counts: { languages: number; nodes: number };
  dependencies: Dependency[];
  locals: string[];
  results: ResultSpec[];
  /** Result keys read from the parent flow (`@parent.results.x`). */
  parent_refs: string[];
  issues: InspectionIssue[];
}

/** Example: `{ languages: ['eng', 'swa'] }`. */
export interface InspectOptions {
  /** Include Kiunga's extra editor checks (expressions, dangling exits, translations, loops). Default true. */
  editorChecks?: boolean;
  /** Languages the workspace translates into (e.g. environment.allowed_languages): each must have translations. */
  languages?: readonly string[];
}

function parentRefs(flow: Flow): string[] {
  const refs: string[] = [];
  for (const t of extractTemplates(flow)) {
    for (const path of findContextRefs(t.text)) {
      if (path.length >= 3 && path[0]!.toLowerCase() === 'parent' && path[1]!.toLowerCase() === 'results') {
        const key = path[2]!.toLowerCase();
        if (!refs.includes(key)) refs.push(key);
      }
    }
  }
  return refs;
}

export function inspectFlow(flow: Flow, assets?: SessionAssets | null, options: InspectOptions = {}): FlowInspection {
  const { dependencies, occurrences } = flowDependencies(flow, assets ?? undefined);
  const issues: InspectionIssue[] = [];
  if (assets) issues.push(...missingDependencyIssues(occurrences, assets));
  issues.push(...invalidRegexIssues(flow), ...legacyVarsIssues(flow), ...legacyExtraIssues(flow));
  if (options.editorChecks !== false) {
    issues.push(...invalidExpressionIssues(flow), ...danglingExitIssues(flow), ...missingTranslationIssues(flow, options.languages), ...loopIssues(flow));
  }
  return {
    counts: { languages: Object.keys(flow.localization ?? {}).length, nodes: flow.nodes.length },
    dependencies,
    locals: flowLocals(flow),
    results: flowResults(flow),
    parent_refs: parentRefs(flow),
    issues,
  };
}

/** goflow's issue types, to compare with goflow's inspections. */
export const GOFLOW_ISSUE_TYPES: readonly string[] = ['missing_dependency', 'invalid_regex', 'legacy_vars', 'legacy_extra'];
