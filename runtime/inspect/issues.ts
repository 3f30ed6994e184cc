/**
 * Problems an editor should flag in a valid flow. goflow's own issue types (`missing_dependency`,
 * `invalid_regex`, `legacy_vars`) keep goflow's JSON fields so results compare with goflow's inspection; Kiunga
 * adds `dangling_exit`, `missing_translation`, `loop_without_wait` and `invalid_expression`.
 * Each issue is also a FlowIssue (severity, path, message, code).
 */
import { RE2JS } from 're2js';
import { inspectTemplate } from '../expressions/index.js';
import type { SessionAssets } from '../engine/api.js';
import type { FlowIssue } from '../definition/issues.js';
import type { Flow } from '../definition/types.js';
import { findContextRefs } from '../definition/template-scanner.js';
import type { Dependency, DependencyOccurrence } from './dependencies.js';
import { dependencyExists, dependencyIdentity } from './dependencies.js';
import { loopsWithoutWait } from './graph.js';
import { extractLocalizables, extractTemplates } from './templates.js';
import { languageNeutralPaths } from './language-neutral.js';

/**
 * One inspection issue: goflow's fields plus a FlowIssue. Example: `{ type: 'invalid_regex', node_uuid: 'a58b...',
 *   description: 'invalid regex: [[', regex: '[[', severity: 'error', code: 'invalid_regex', path: 'nodes[0].router.cases[1].arguments[0]', message: '...' }`.
 */
export interface InspectionIssue extends FlowIssue {
  type: string;
  node_uuid: string;
  action_uuid?: string;
  language?: string;
  description: string;
  dependency?: Dependency;
  regex?: string;
  vars?: string[];
}

function make(
  fields: Omit<InspectionIssue, 'severity' | 'path' | 'message' | 'code' | 'nodeUuid'>,
  severity: InspectionIssue['severity'],
  path: string,
  message: string,
): InspectionIssue {
  return { ...fields, severity, path, message: `${path}: ${message}`, code: fields.type, nodeUuid: fields.node_uuid };
}

function withoutMissingFlag(dep: Dependency): Dependency {
  const { missing: _missing, ...rest } = dep;
  return rest;
}

export function missingDependencyIssues(occurrences: DependencyOccurrence[], assets: SessionAssets): InspectionIssue[] {
  const out: InspectionIssue[] = [];
  const seen = new Set<string>();
  for (const occ of occurrences) {
    if (dependencyExists(occ.dependency, assets)) continue;
    const dep = withoutMissingFlag(occ.dependency);
    const id = `${occ.nodeUuid}|${occ.actionUuid ?? ''}|${occ.language ?? ''}|${dependencyIdentity(dep)}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const ident = dep.uuid ?? dep.key ?? '';
    const fields: Omit<InspectionIssue, 'severity' | 'path' | 'message' | 'code' | 'nodeUuid'> = {
      type: 'missing_dependency',
      node_uuid: occ.nodeUuid,
      description: `missing ${dep.type} dependency '${ident}'`,
      dependency: dep,
    };
    if (occ.actionUuid) fields.action_uuid = occ.actionUuid;
    if (occ.language) fields.language = occ.language;
    const what = dep.name ? `${dep.type} "${dep.name}"` : `${dep.type} '${ident}'`;
    out.push(make(fields, 'error', occ.path, `refers to the ${what}, which does not exist in this workspace`));
  }
  return out;
}

function looksLikeExpression(text: string): boolean {
  return /@[A-Za-z_(]/.test(text);
}

export function invalidRegexIssues(flow: Flow): InspectionIssue[] {
  const out: InspectionIssue[] = [];
  const patternCases = new Set<string>();
  for (const node of flow.nodes) {
    if (node.router?.type === 'switch') for (const c of node.router.cases ?? []) if (c.type === 'has_pattern') patternCases.add(c.uuid);
  }
  for (const t of extractTemplates(flow)) {
    if (t.property !== 'arguments' || !t.itemUuid || !patternCases.has(t.itemUuid) || looksLikeExpression(t.text)) continue;
    try {
      RE2JS.compile(t.text);
    } catch {
      const fields: Omit<InspectionIssue, 'severity' | 'path' | 'message' | 'code' | 'nodeUuid'> = {
        type: 'invalid_regex', node_uuid: t.nodeUuid, description: `invalid regex: ${t.text}`, regex: t.text,
      };
      if (t.language) fields.language = t.language;
      out.push(make(fields, 'error', t.path, `"${t.text}" is not a valid regular expression, so this case can never match`));
    }
  }
  return out;
}

export function legacyVarsIssues(flow: Flow): InspectionIssue[] {
  const out: InspectionIssue[] = [];
  flow.nodes.forEach((node, n) =>
    (node.actions ?? []).forEach((action, a) => {
      const vars = action.legacy_vars;
      if (action.type === 'start_session' && Array.isArray(vars) && vars.length > 0) {
        out.push(
          make(
            { type: 'legacy_vars', node_uuid: node.uuid, action_uuid: action.uuid, description: 'use of expressions instead of contact query', vars: vars.map(String) },
            'warning',
            `nodes[${n}].actions[${a}].legacy_vars`,
            'chooses recipients with old-style expressions; use a contact query instead',
          ),
        );
      }
    }),
  );
  return out;
}

/** Router exits that end the flow while their sibling exits continue: usually a forgotten connection. */
export function danglingExitIssues(flow: Flow): InspectionIssue[] {
  const out: InspectionIssue[] = [];
  flow.nodes.forEach((node, n) => {
    if (!node.router) return;
    const connected = node.exits.some((e) => e.destination_uuid);
    if (!connected) return;
    node.exits.forEach((exit, e) => {
      if (exit.destination_uuid) return;
      const categories = node.router!.categories.filter((c) => c.exit_uuid === exit.uuid).map((c) => `"${c.name}"`);
      const label = categories.length ? `category ${categories.join(', ')}` : `exit ${exit.uuid}`;
      out.push(
        make({ type: 'dangling_exit', node_uuid: node.uuid, description: `exit ${exit.uuid} isn't connected` }, 'warning',
          `nodes[${n}].exits[${e}]`, `${label} is not connected to anything, so the flow ends there`),
      );
    });
  });
  return out;
}

/**
 * Localizable texts without a translation, per language: the flow's localization languages, plus any
 * `languages` the workspace expects (so a language with no translation at all is reported too). Numbers
 * and number ranges (runtime/inspect/language-neutral.ts) need no translation and are not reported.
 */
export function missingTranslationIssues(flow: Flow, expected: readonly string[] = []): InspectionIssue[] {
  const out: InspectionIssue[] = [];
  const languages = [...new Set([...Object.keys(flow.localization ?? {}), ...expected])].filter((l) => l !== flow.language);
  if (languages.length === 0) return out;
  const neutral = languageNeutralPaths(flow); // numbers read the same in every language
  for (const text of extractLocalizables(flow)) {
    if (!text.itemUuid || !text.property || text.text.trim() === '' || neutral.has(text.path)) continue;
    for (const language of languages) {
      const item = flow.localization?.[language]?.[text.itemUuid];
      const values = item?.[text.property];
      if (Array.isArray(values) && values.length > 0) continue;
      out.push(
        make(
          { type: 'missing_translation', node_uuid: text.nodeUuid, ...(text.actionUuid ? { action_uuid: text.actionUuid } : {}), language,
            description: `missing ${language} translation of ${text.property}` },
          'warning', text.path, `"${text.text.length > 50 ? text.text.slice(0, 50) + '…' : text.text}" has no ${language} translation`,
        ),
      );
    }
  }
  return out;
}

export function loopIssues(flow: Flow): InspectionIssue[] {
  const index = new Map(flow.nodes.map((n, i) => [n.uuid, i]));
  return loopsWithoutWait(flow).map((loop) =>
    make(
      { type: 'loop_without_wait', node_uuid: loop[0]!, description: `loop through ${loop.length} node(s) without a wait` },
      'warning',
      `nodes[${index.get(loop[0]!)}]`,
      `nodes ${loop.map((u) => `nodes[${index.get(u)}]`).join(' → ')} form a loop with no question in it; unless something in the loop changes where it goes, the contact will go round until the engine stops the flow`,
    ),
  );
}

/** Templates whose expressions can never work: syntax errors, unknown functions, wrong argument counts. */
export function invalidExpressionIssues(flow: Flow): InspectionIssue[] {
  const out: InspectionIssue[] = [];
  for (const t of extractTemplates(flow)) {
    if (!t.text.includes('@')) continue;
    for (const error of inspectTemplate(t.text).errors) {
      const fields: Omit<InspectionIssue, 'severity' | 'path' | 'message' | 'code' | 'nodeUuid'> = {
        type: 'invalid_expression', node_uuid: t.nodeUuid, description: `invalid expression: ${error}`,
      };
      if (t.actionUuid) fields.action_uuid = t.actionUuid;
      if (t.language) fields.language = t.language;
      out.push(make(fields, 'error', t.path, `has an expression that cannot work (${error}); it will show as empty text`));
    }
  }
  return out;
}

/** Templates reading @legacy_extra (the old webhook/trigger "extra" data), which only migrated flows have. */
export function legacyExtraIssues(flow: Flow): InspectionIssue[] {
  const out: InspectionIssue[] = [];
  for (const t of extractTemplates(flow)) {
    if (!findContextRefs(t.text).some((path) => path[0]!.toLowerCase() === 'legacy_extra')) continue;
    const fields: Omit<InspectionIssue, 'severity' | 'path' | 'message' | 'code' | 'nodeUuid'> = {
      type: 'legacy_extra', node_uuid: t.nodeUuid, description: 'use of @legacy_extra in an expression',
    };
    if (t.actionUuid) fields.action_uuid = t.actionUuid;
    if (t.language) fields.language = t.language;
    out.push(make(fields, 'warning', t.path, 'uses @legacy_extra, data only old RapidPro flows had; use @webhook, @trigger.params or @parent instead'));
  }
  return out;
}
