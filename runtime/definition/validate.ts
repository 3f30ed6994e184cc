/**
 * Checks a flow definition that is at the current spec version, returning every problem found (never
 * stopping at the first). Structure comes from ./schema.ts, each action's fields from its type's schema in
 * runtime/actions/registry.ts, case test arity from runtime/routers/cases/registry.ts.
 *
 *   const issues = validateFlow(migratedJson);
 *   // [{ severity: 'error', code: 'invalid_exit_destination', path: 'nodes[0].exits[0]', ... }]
 */
import { ACTIONS } from '../actions/registry.js';
import { CASE_TESTS } from '../routers/cases/registry.js';
import { caseTestLabel } from './case-labels.js';
import { actionAllowedIn, allowedFlowTypesForAction, isFlowType, waitAllowedIn } from './flow-types.js';
import { formatPath, issue, type FlowIssue, type PathSegment } from './issues.js';
import { asArray, isObject, type JsonObject } from './json.js';
import { isLanguageCode } from './language-codes.js';
import { LIMITS } from './limits.js';
import { actionAssetReferences } from '../inspect/asset-references.js';
import { actionShellSchema, flowSchema, nodeSchema } from './schema.js';
import type { FlowType } from './types.js';
import { zodIssuesToFlowIssues } from './zod-issues.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PROPERTY_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Top-level field → issue code, so callers can react to specific problems. */
const FLOW_FIELD_CODES: Record<string, string> = { type: 'invalid_flow_type', name: 'invalid_name', uuid: 'invalid_uuid' };

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Every problem with a flow at the current spec version. */
export function validateFlow(flow: JsonObject): FlowIssue[] {
  const issues: FlowIssue[] = [];

  const top = flowSchema.safeParse(flow);
  if (!top.success) {
    for (const zi of top.error.issues) {
      const field = typeof zi.path[0] === 'string' ? zi.path[0] : '';
      const code = FLOW_FIELD_CODES[field] ?? 'invalid_field';
      issues.push(...zodIssuesToFlowIssues({ issues: [zi] }, [], flow, undefined, code));
    }
  }
  const flowType: FlowType | null = isFlowType(flow.type) ? flow.type : null;
  if (flowType === 'voice') {
    issues.push(issue('warning', 'flow_type_not_supported', ['type'], 'voice (IVR) flows are kept but Kiunga does not run them'));
  }

  const language = str(flow.language);
  if (language !== undefined && !isLanguageCode(language)) {
    issues.push(issue('error', 'invalid_language', ['language'], `"${language}" is not a valid ISO 639-3 language code`));
  }
  validateLocalization(flow, issues);

  const nodes = asArray(flow.nodes);
  if (nodes.length > LIMITS.nodes) {
    issues.push(issue('error', 'too_many_nodes', ['nodes'], `a flow can't have more than ${LIMITS.nodes} nodes (this one has ${nodes.length})`));
  }
  const nodeUuids = new Set<string>();
  nodes.forEach((node) => {
    if (isObject(node) && typeof node.uuid === 'string') nodeUuids.add(node.uuid);
  });

  const seenNodes = new Map<string, number>();
  const seenItems = new Map<string, string>(); // uuid → path where first seen (actions, exits, categories, cases)
  const noteItem = (uuid: unknown, path: PathSegment[], nodeUuid: string | undefined, kind: string) => {
    if (typeof uuid !== 'string' || !uuid) return;
    const first = seenItems.get(uuid);
    if (first !== undefined) {
      issues.push(issue('warning', 'duplicate_uuid', path, `this ${kind} has the same UUID ${uuid} as ${first}; translations and results may get mixed up`, nodeUuid));
    } else {
      seenItems.set(uuid, formatPath(path));
    }
  };

  nodes.forEach((node, n) => {
    const nodePath: PathSegment[] = ['nodes', n];
    if (!isObject(node)) {
      issues.push(issue('error', 'invalid_node', nodePath, node === null ? 'is empty (null); each node must be an object' : 'must be an object'));
      return;
    }
    const nodeUuid = str(node.uuid);
    const parsed = nodeSchema.safeParse(node);
    if (!parsed.success) issues.push(...zodIssuesToFlowIssues(parsed.error, nodePath, node, nodeUuid, 'invalid_node'));

    if (nodeUuid) {
      const first = seenNodes.get(nodeUuid);
      if (first !== undefined) {
        issues.push(issue('error', 'duplicate_node_uuid', [...nodePath, 'uuid'], `node UUID ${nodeUuid} isn't unique (nodes[${first}] has it too)`, nodeUuid));
      } else seenNodes.set(nodeUuid, n);
    }

    validateActions(node, nodePath, nodeUuid, flowType, issues, noteItem);
    const exitUuids = validateExits(node, nodePath, nodeUuid, nodeUuids, issues, noteItem);
    validateRouter(node, nodePath, nodeUuid, flowType, exitUuids, issues, noteItem);
  });

  return issues;
}

type NoteItem = (uuid: unknown, path: PathSegment[], nodeUuid: string | undefined, kind: string) => void;

function validateActions(
  node: JsonObject,
  nodePath: PathSegment[],
  nodeUuid: string | undefined,
  flowType: FlowType | null,
  issues: FlowIssue[],
  noteItem: NoteItem,
): void {
  const actions = asArray(node.actions);
  if (actions.length > LIMITS.actions) {
    issues.push(issue('error', 'too_many_actions', [...nodePath, 'actions'], `a node can't have more than ${LIMITS.actions} actions (this one has ${actions.length})`, nodeUuid));
  }
  actions.forEach((action, a) => {
    const path: PathSegment[] = [...nodePath, 'actions', a];
    if (!isObject(action)) {
      issues.push(issue('error', 'invalid_action', path, action === null ? 'is empty (null); each action must be an object with a type' : 'must be an object with a type', nodeUuid));
      return;
    }
    const shell = actionShellSchema.safeParse(action);
    if (!shell.success) issues.push(...zodIssuesToFlowIssues(shell.error, path, action, nodeUuid, 'invalid_action'));
    noteItem(action.uuid, path, nodeUuid, 'action');
    const type = str(action.type);
    if (!type) return;
    const spec = ACTIONS[type];
    if (!spec) {
      issues.push(
        issue('warning', 'unknown_action_type', [...path, 'type'],
          `action type '${type}' is not known to Kiunga; it is kept in the flow but skipped (with an error event) when the flow runs`, nodeUuid),
      );
      return;
    }
    const result = spec.schema.safeParse(action);
    if (!result.success) issues.push(...zodIssuesToFlowIssues(result.error, path, action, nodeUuid, 'invalid_action'));
    checkGoflowActionRules(action, path, nodeUuid, issues);
    if (spec.outOfScope) {
      issues.push(
        issue('warning', 'action_not_supported', [...path, 'type'],
          `action type '${type}' (${spec.outOfScope}) is kept in the flow but Kiunga does not perform it`, nodeUuid),
      );
    }
    if (flowType && !actionAllowedIn(type, flowType)) {
      issues.push(
        issue('error', 'action_not_allowed', [...path, 'type'],
          `action type '${type}' is not allowed in a flow of type '${flowType}' (only in: ${allowedFlowTypesForAction(type).join(', ')})`, nodeUuid),
      );
    }
  });
}

/** Message actions whose text goflow requires even when the action's own schema would accept it empty. */
const REQUIRED_TEXT: Record<string, string> = { send_msg: 'text', say_msg: 'text', send_broadcast: 'text' };

/**
 * Rules goflow applies when reading any action, on top of the per-type schemas: asset references carry a
 * name of at most 64 characters, and message texts are not empty.
 */
function checkGoflowActionRules(action: JsonObject, path: PathSegment[], nodeUuid: string | undefined, issues: FlowIssue[]): void {
  const textField = REQUIRED_TEXT[String(action.type)];
  if (textField && action[textField] === '') {
    const already = issues.some((i) => i.path === formatPath([...path, textField]));
    if (!already) issues.push(issue('error', 'invalid_action', [...path, textField], 'is required (the message has no text)', nodeUuid));
  }
  for (const ref of actionAssetReferences(action)) {
    if (ref.name.length > LIMITS.assetName) {
      const refPath: PathSegment[] = [...path, ref.field, ...(ref.index !== undefined ? [ref.index] : []), 'name'];
      issues.push(issue('error', 'invalid_reference_name', refPath, `the ${ref.type} name must be at most ${LIMITS.assetName} characters (it has ${ref.name.length})`, nodeUuid));
    }
  }
}

function validateExits(
  node: JsonObject,
  nodePath: PathSegment[],
  nodeUuid: string | undefined,
  nodeUuids: Set<string>,
  issues: FlowIssue[],
  noteItem: NoteItem,
): Set<string> {
  const exits = asArray(node.exits);
  const exitUuids = new Set<string>();
  if (exits.length > LIMITS.exits) {
    issues.push(issue('error', 'too_many_exits', [...nodePath, 'exits'], `a node can't have more than ${LIMITS.exits} exits (this one has ${exits.length})`, nodeUuid));
  }
  exits.forEach((exit, e) => {
    const path: PathSegment[] = [...nodePath, 'exits', e];
    if (!isObject(exit)) return; // reported by the node schema
    if (typeof exit.uuid === 'string') exitUuids.add(exit.uuid);
    noteItem(exit.uuid, path, nodeUuid, 'exit');
    const destination = exit.destination_uuid;
    if (typeof destination === 'string' && destination !== '' && !nodeUuids.has(destination)) {
      issues.push(
        issue('error', 'invalid_exit_destination', [...path, 'destination_uuid'],
          `destination ${destination} of exit ${String(exit.uuid)} isn't a node of this flow`, nodeUuid),
      );
    }
  });
  if (!isObject(node.router) && exits.length > 1) {
    issues.push(
      issue('warning', 'unused_exit', [...nodePath, 'exits'],
        `a node without a router only ever uses its first exit; the other ${plural(exits.length - 1, 'exit')} can never be taken`, nodeUuid),
    );
  }
  return exitUuids;
}

function validateRouter(
  node: JsonObject,
  nodePath: PathSegment[],
  nodeUuid: string | undefined,
  flowType: FlowType | null,
  exitUuids: Set<string>,
  issues: FlowIssue[],
  noteItem: NoteItem,
): void {
  const router = node.router;
  if (!isObject(router)) return;
  const routerPath: PathSegment[] = [...nodePath, 'router'];
  const categories = asArray(router.categories);
  const categoryUuids = new Set<string>();
  const usedExits = new Set<string>();

  if (categories.length > LIMITS.categories) {
    issues.push(issue('error', 'too_many_categories', [...routerPath, 'categories'], `a router can't have more than ${LIMITS.categories} categories (this one has ${categories.length})`, nodeUuid));
  }
  categories.forEach((category, c) => {
    if (!isObject(category)) return;
    const path: PathSegment[] = [...routerPath, 'categories', c];
    if (typeof category.uuid === 'string') categoryUuids.add(category.uuid);
    noteItem(category.uuid, path, nodeUuid, 'category');
    const exitUuid = str(category.exit_uuid);
    if (exitUuid) {
      usedExits.add(exitUuid);
      if (!exitUuids.has(exitUuid)) {
        issues.push(issue('error', 'invalid_category_exit', [...path, 'exit_uuid'], `category "${String(category.name)}" leads to exit ${exitUuid}, which is not an exit of this node`, nodeUuid));
      }
    }
  });

  const defaultCategory = str(router.default_category_uuid);
  if (defaultCategory && !categoryUuids.has(defaultCategory)) {
    issues.push(issue('error', 'invalid_default_category', [...routerPath, 'default_category_uuid'], `default category ${defaultCategory} is not one of this router's categories`, nodeUuid));
  }

  if (router.type === 'switch') {
    const cases = asArray(router.cases);
    if (cases.length > LIMITS.cases) {
      issues.push(issue('error', 'too_many_cases', [...routerPath, 'cases'], `a router can't have more than ${LIMITS.cases} cases (this one has ${cases.length})`, nodeUuid));
    }
    cases.forEach((kase, k) => {
      if (!isObject(kase)) return;
      const path: PathSegment[] = [...routerPath, 'cases', k];
      noteItem(kase.uuid, path, nodeUuid, 'case');
      const categoryUuid = str(kase.category_uuid);
      if (categoryUuid && !categoryUuids.has(categoryUuid)) {
        issues.push(issue('error', 'invalid_case_category', [...path, 'category_uuid'], `category ${categoryUuid} is not one of this router's categories`, nodeUuid));
      }
      const type = str(kase.type);
      const args = Array.isArray(kase.arguments) ? kase.arguments : [];
      if (!type) return;
      const spec = CASE_TESTS[type];
      if (!spec) {
        issues.push(issue('error', 'unknown_case_test', [...path, 'type'], `"${type}" is not a known router test`, nodeUuid));
        return;
      }
      if (args.length < spec.minArgs || args.length > spec.maxArgs) {
        const wanted =
          spec.minArgs === spec.maxArgs ? plural(spec.minArgs, 'argument')
          : spec.maxArgs === Infinity ? `at least ${plural(spec.minArgs, 'argument')}`
          : `${spec.minArgs} to ${spec.maxArgs} arguments`;
        issues.push(issue('error', 'invalid_case_arguments', path, `${caseTestLabel(type)} needs ${wanted} but has ${args.length}`, nodeUuid));
      } else if (args.length > LIMITS.caseArguments) {
        issues.push(issue('error', 'invalid_case_arguments', path, `a case can't have more than ${LIMITS.caseArguments} arguments (this one has ${args.length})`, nodeUuid));
      }
    });
  }

  const wait = router.wait;
  if (isObject(wait)) {
    const waitType = str(wait.type);
    if (waitType && flowType && !waitAllowedIn(waitType, flowType)) {
      issues.push(issue('error', 'wait_not_allowed', [...routerPath, 'wait'], `wait type '${waitType}' is not allowed in a flow of type '${flowType}'`, nodeUuid));
    }
    const timeout = wait.timeout;
    if (isObject(timeout)) {
      const timeoutCategory = str(timeout.category_uuid);
      if (timeoutCategory && !categoryUuids.has(timeoutCategory)) {
        issues.push(issue('error', 'invalid_timeout_category', [...routerPath, 'wait', 'timeout', 'category_uuid'], `timeout category ${timeoutCategory} is not one of this router's categories`, nodeUuid));
      }
    }
  }

  for (const exitUuid of exitUuids) {
    if (!usedExits.has(exitUuid)) {
      issues.push(issue('warning', 'unused_exit', [...nodePath, 'exits'], `exit ${exitUuid} is not used by any category of the router`, nodeUuid));
    }
  }
}

function validateLocalization(flow: JsonObject, issues: FlowIssue[]): void {
  const localization = flow.localization;
  if (!isObject(localization)) return; // absent or reported by the schema
  for (const [lang, translations] of Object.entries(localization)) {
    const langPath: PathSegment[] = ['localization', lang];
    if (!isLanguageCode(lang)) {
      issues.push(issue('error', 'invalid_localization', langPath, `"${lang}" is not a valid ISO 639-3 language code`));
    }
    if (!isObject(translations)) {
      issues.push(issue('error', 'invalid_localization', langPath, 'must be an object of translations by item UUID'));
      continue;
    }
    for (const [itemUuid, item] of Object.entries(translations)) {
      const itemPath: PathSegment[] = [...langPath, itemUuid];
      if (!UUID.test(itemUuid)) {
        issues.push(issue('error', 'invalid_localization', itemPath, `"${itemUuid}" is not a valid item UUID`));
      }
      if (!isObject(item)) {
        issues.push(issue('error', 'invalid_localization', itemPath, 'must be an object of translated properties'));
        continue;
      }
      for (const [prop, values] of Object.entries(item)) {
        const propPath: PathSegment[] = [...itemPath, prop];
        if (prop.length > LIMITS.localizationProperty || !PROPERTY_NAME.test(prop)) {
          const shown = prop.length > 32 ? `${prop.slice(0, 29)}...` : prop;
          issues.push(issue('error', 'invalid_localization', propPath, `"${shown}" is not a valid property name`));
          continue;
        }
        if (prop === '_ui') continue; // editor metadata (e.g. auto_translated), kept as is
        if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) {
          issues.push(issue('error', 'invalid_localization', propPath, 'must be a list of texts'));
        }
      }
    }
  }
}

