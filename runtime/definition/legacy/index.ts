/**
 * Legacy flow definitions (RapidPro ≤ 11: `action_sets`, `rule_sets`, `base_language`, `metadata`) → spec
 * 13.0.0, from where the normal migration steps take over. Expressions are translated to the current syntax
 * (./expressions.ts). Every node keeps its UUID, rule UUIDs become exit UUIDs (so paths in old runs still
 * match), and the editor layout becomes `_ui`.
 *
 *   const { flow, issues } = migrateLegacyDefinition(legacyJson, { newUuid, baseMediaUrl: 'https://media.example.org' });
 */
import type { JsonObject } from '../json.js';
import { asArray, isObject } from '../json.js';
import { issue, type FlowIssue } from '../issues.js';
import { LegacyMigrationError, migrateLegacyAction, type LegacyContext } from './actions.js';
import { migrateRuleSet, type NodeUi } from './rules.js';
import { LocalizationBuilder } from './translations.js';

/** Legacy flow_type codes. */
const FLOW_TYPES: Record<string, string> = { '': 'messaging', F: 'messaging', M: 'messaging', V: 'voice', S: 'messaging_offline' };

/** A definition with any of the legacy keys is treated as legacy. */
export function isLegacyDefinition(flow: JsonObject): boolean {
  return 'action_sets' in flow || 'rule_sets' in flow || 'flow_type' in flow;
}

/** Example: `{ newUuid: () => uuidv4(), baseMediaUrl: 'https://media.example.org' }`. */
export interface LegacyOptions {
  newUuid: () => string;
  /** Prefix for media uploads stored as relative paths. */
  baseMediaUrl?: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function migrateLegacyDefinition(legacy: JsonObject, options: LegacyOptions): { flow: JsonObject | null; issues: FlowIssue[] } {
  const issues: FlowIssue[] = [];
  const metadata = isObject(legacy.metadata) ? legacy.metadata : {};
  const baseLanguage = str(legacy.base_language);
  const ctx: LegacyContext = {
    baseLanguage,
    localization: new LocalizationBuilder(),
    newUuid: options.newUuid,
    baseMediaUrl: options.baseMediaUrl ?? '',
  };
  const flowType = FLOW_TYPES[str(legacy.flow_type)];
  if (flowType === undefined) {
    issues.push(issue('error', 'invalid_legacy_flow', 'flow_type', `"${String(legacy.flow_type)}" is not a legacy flow type (F, M, V or S)`));
    return { flow: null, issues };
  }

  const actionSets = asArray(legacy.action_sets);
  const ruleSets = asArray(legacy.rule_sets);
  const validDestinations = new Set<string>();
  for (const set of [...actionSets, ...ruleSets]) if (isObject(set) && typeof set.uuid === 'string') validDestinations.add(set.uuid);

  const nodes: JsonObject[] = [];
  const uis = new Map<string, NodeUi>();
  const uiOrder: string[] = [];

  actionSets.forEach((set, s) => {
    if (!isObject(set) || typeof set.uuid !== 'string') {
      issues.push(issue('error', 'invalid_legacy_flow', ['action_sets', s], 'each action set needs a uuid'));
      return;
    }
    const actions: JsonObject[] = [];
    asArray(set.actions).forEach((action, a) => {
      if (!isObject(action)) {
        issues.push(issue('error', 'invalid_legacy_flow', ['action_sets', s, 'actions', a], 'each action must be an object'));
        return;
      }
      try {
        actions.push(migrateLegacyAction(action, ctx));
      } catch (err) {
        issues.push(issue('error', 'invalid_legacy_flow', ['action_sets', s, 'actions', a], (err as Error).message));
      }
    });
    const exit: JsonObject = { uuid: str(set.exit_uuid) || options.newUuid() };
    if (validDestinations.has(str(set.destination))) exit.destination_uuid = set.destination;
    const node: JsonObject = { uuid: set.uuid };
    if (actions.length) node.actions = actions;
    node.exits = [exit];
    nodes.push(node);
    uis.set(set.uuid, { type: 'execute_actions', position: { left: Math.trunc(Number(set.x) || 0), top: Math.trunc(Number(set.y) || 0) } });
    uiOrder.push(set.uuid);
  });

  ruleSets.forEach((set, s) => {
    if (!isObject(set) || typeof set.uuid !== 'string') {
      issues.push(issue('error', 'invalid_legacy_flow', ['rule_sets', s], 'each rule set needs a uuid'));
      return;
    }
    try {
      const { node, ui } = migrateRuleSet(set, validDestinations, ctx);
      nodes.push(node);
      uis.set(set.uuid, ui);
      uiOrder.push(set.uuid);
    } catch (err) {
      if (!(err instanceof LegacyMigrationError)) throw err;
      issues.push(issue('error', 'invalid_legacy_flow', ['rule_sets', s], err.message));
    }
  });
  if (issues.some((i) => i.severity === 'error')) return { flow: null, issues };

  // the entry node first, then the others from top to bottom of the canvas
  const entry = str(legacy.entry);
  const entryNodes = nodes.filter((n) => n.uuid === entry);
  const others = nodes.filter((n) => n.uuid !== entry);
  others.sort((a, b) => uis.get(String(a.uuid))!.position.top - uis.get(String(b.uuid))!.position.top);

  const stickies: Record<string, unknown> = {};
  for (const note of asArray(metadata.notes).filter(isObject)) {
    stickies[options.newUuid()] = {
      position: { left: Math.trunc(Number(note.x) || 0), top: Math.trunc(Number(note.y) || 0) },
      title: str(note.title), body: str(note.body), color: 'yellow',
    };
  }
  const uiNodes: Record<string, unknown> = {};
  for (const uuid of uiOrder) uiNodes[uuid] = uis.get(uuid);

  const flow: JsonObject = {
    uuid: str(metadata.uuid) || str(legacy.uuid) || options.newUuid(),
    name: str(metadata.name) || str(legacy.name),
    spec_version: '13.0.0',
    language: baseLanguage,
    type: flowType,
    revision: typeof metadata.revision === 'number' ? metadata.revision : 0,
    expire_after_minutes: typeof metadata.expires === 'number' ? metadata.expires : 0,
    localization: ctx.localization.localization,
    nodes: [...entryNodes, ...others],
    _ui: { nodes: uiNodes, stickies },
  };
  return { flow, issues };
}
