/**
 * Changes to a node's router that keep it consistent: every category has its own exit, the default category
 * always exists (“All Responses” while there are no rules, “Other” once there are), and a reply timeout
 * has its own “No Response” category. Each function returns a new node and leaves the old one untouched.
 *
 *   let node = addCase(askNode, 'has_number_between', ['1', '50']);   // adds the “1 - 50” category + exit
 *   node = setWaitTimeout(node, 300);                                  // adds “No Response” after 5 minutes
 */
import type { Case, Category, FlowNode, SwitchRouter } from '../../../runtime/definition/types.js';
import { newUuid } from './new-uuid.js';
import { suggestCategoryName } from './case-ui.js';

export const OTHER = 'Other';
export const ALL_RESPONSES = 'All Responses';
export const NO_RESPONSE = 'No Response';

function clone<T>(value: T): T {
  return structuredClone(value);
}

function requireSwitch(node: FlowNode, what: string): SwitchRouter {
  if (node.router?.type !== 'switch') throw new Error(`${what}: node ${node.uuid} has no switch router`);
  return node.router;
}

function timeoutCategoryUuid(router: SwitchRouter): string | undefined {
  return router.wait?.type === 'msg' ? router.wait.timeout?.category_uuid : undefined;
}

/** Puts categories in the order people read them: rules first, then “Other”, then “No Response”; exits follow. */
function normalize(node: FlowNode): FlowNode {
  const router = node.router;
  if (!router) return node;
  if (router.type === 'switch') {
    let defaultCategory = router.categories.find((category) => category.uuid === router.default_category_uuid);
    if (!defaultCategory) {
      defaultCategory = { uuid: newUuid(), name: OTHER, exit_uuid: newUuid() };
      router.categories.push(defaultCategory);
      router.default_category_uuid = defaultCategory.uuid;
    }
    const wanted = router.cases.length ? OTHER : ALL_RESPONSES;
    if (defaultCategory.name === OTHER || defaultCategory.name === ALL_RESPONSES) defaultCategory.name = wanted;
    const timeoutUuid = timeoutCategoryUuid(router);
    const rank = (category: Category) => (category.uuid === timeoutUuid ? 2 : category.uuid === defaultCategory.uuid ? 1 : 0);
    router.categories.sort((a, b) => rank(a) - rank(b));
  }
  const exits = new Map(node.exits.map((exit) => [exit.uuid, exit]));
  node.exits = [];
  for (const category of router.categories) {
    if (node.exits.some((exit) => exit.uuid === category.exit_uuid)) continue;
    node.exits.push(exits.get(category.exit_uuid) ?? { uuid: category.exit_uuid, destination_uuid: null });
  }
  return node;
}

/**
 * Adds a rule. `categoryName` defaults to the suggested one (“Yes”, “1 - 10”); a rule whose category name
 * matches an existing category (ignoring case) joins it instead of creating a new one.
 */
export function addCase(source: FlowNode, type: string, args: string[] = [], categoryName?: string): FlowNode {
  const node = clone(source);
  const router = requireSwitch(node, 'addCase');
  const name = (categoryName ?? suggestCategoryName(type, args)) || `Category ${router.cases.length + 1}`;
  let category = router.categories.find(
    (candidate) => candidate.name.toLowerCase() === name.toLowerCase() && candidate.uuid !== router.default_category_uuid && candidate.uuid !== timeoutCategoryUuid(router),
  );
  if (!category) {
    category = { uuid: newUuid(), name, exit_uuid: newUuid() };
    router.categories.push(category);
  }
  router.cases.push({ uuid: newUuid(), type, arguments: args, category_uuid: category.uuid });
  return normalize(node);
}

/**
 * Changes a rule's test or arguments. When its category still has the name the rule suggested before (the
 * user did not rename it), the name follows the new suggestion.
 */
export function updateCase(source: FlowNode, caseUuid: string, patch: { type?: string; arguments?: string[] }): FlowNode {
  const node = clone(source);
  const router = requireSwitch(node, 'updateCase');
  const target = router.cases.find((candidate) => candidate.uuid === caseUuid);
  if (!target) throw new Error(`updateCase: node ${node.uuid} has no rule ${caseUuid}`);
  const before = suggestCategoryName(target.type, target.arguments ?? []);
  if (patch.type !== undefined) target.type = patch.type;
  if (patch.arguments !== undefined) target.arguments = patch.arguments;
  const category = router.categories.find((candidate) => candidate.uuid === target.category_uuid);
  const shared = router.cases.filter((candidate) => candidate.category_uuid === target.category_uuid).length > 1;
  const after = suggestCategoryName(target.type, target.arguments ?? []);
  if (category && !shared && after && (category.name === before || /^Category \d+$/.test(category.name))) category.name = after;
  return normalize(node);
}

/** Removes a rule, and its category and exit when no other rule uses them. */
export function removeCase(source: FlowNode, caseUuid: string): FlowNode {
  const node = clone(source);
  const router = requireSwitch(node, 'removeCase');
  const removed = router.cases.find((candidate) => candidate.uuid === caseUuid);
  if (!removed) return node;
  router.cases = router.cases.filter((candidate) => candidate.uuid !== caseUuid);
  const stillUsed = router.cases.some((candidate) => candidate.category_uuid === removed.category_uuid);
  if (!stillUsed && removed.category_uuid !== router.default_category_uuid && removed.category_uuid !== timeoutCategoryUuid(router)) {
    router.categories = router.categories.filter((category) => category.uuid !== removed.category_uuid);
  }
  return normalize(node);
}

/** Renames a category (any category, including “Other”). Empty names are refused with a clear error. */
export function renameCategory(source: FlowNode, categoryUuid: string, name: string): FlowNode {
  const node = clone(source);
  const category = node.router?.categories.find((candidate) => candidate.uuid === categoryUuid);
  if (!category) throw new Error(`renameCategory: node ${node.uuid} has no category ${categoryUuid}`);
  category.name = name;
  return node;
}

/** Moves a rule up or down (rules are tried in order). */
export function moveCase(source: FlowNode, caseUuid: string, offset: -1 | 1): FlowNode {
  const node = clone(source);
  const router = requireSwitch(node, 'moveCase');
  const index = router.cases.findIndex((candidate) => candidate.uuid === caseUuid);
  const target = index + offset;
  if (index < 0 || target < 0 || target >= router.cases.length) return node;
  const [moved] = router.cases.splice(index, 1) as [Case];
  router.cases.splice(target, 0, moved);
  return normalize(node);
}

/** Sets (seconds > 0) or removes (null) the “No reply after …” timeout of a node that waits for a reply. */
export function setWaitTimeout(source: FlowNode, seconds: number | null): FlowNode {
  const node = clone(source);
  const router = node.router;
  if (!router || router.wait?.type !== 'msg') throw new Error(`setWaitTimeout: node ${node.uuid} does not wait for a reply`);
  const wait = router.wait;
  if (seconds === null) {
    const categoryUuid = wait.timeout?.category_uuid;
    delete wait.timeout;
    if (categoryUuid) router.categories = router.categories.filter((category) => category.uuid !== categoryUuid);
    return normalize(node);
  }
  if (!Number.isInteger(seconds) || seconds <= 0) throw new Error(`setWaitTimeout: ${seconds} is not a whole number of seconds above 0`);
  if (wait.timeout) {
    wait.timeout.seconds = seconds;
    return node;
  }
  const category: Category = { uuid: newUuid(), name: NO_RESPONSE, exit_uuid: newUuid() };
  router.categories.push(category);
  wait.timeout = { seconds, category_uuid: category.uuid };
  return normalize(node);
}

/** Adds a category to a random split (“Bucket 3”), or removes one while at least two remain. */
export function addRandomBucket(source: FlowNode): FlowNode {
  const node = clone(source);
  if (node.router?.type !== 'random') throw new Error(`addRandomBucket: node ${node.uuid} has no random router`);
  node.router.categories.push({ uuid: newUuid(), name: `Bucket ${node.router.categories.length + 1}`, exit_uuid: newUuid() });
  return normalize(node);
}

export function removeCategory(source: FlowNode, categoryUuid: string): FlowNode {
  const node = clone(source);
  const router = node.router;
  if (!router) return node;
  if (router.type === 'random' && router.categories.length <= 2) return node;
  if (router.type === 'switch') {
    if (categoryUuid === router.default_category_uuid) return node;
    router.cases = router.cases.filter((candidate) => candidate.category_uuid !== categoryUuid);
    if (categoryUuid === timeoutCategoryUuid(router) && router.wait?.type === 'msg') delete router.wait.timeout;
  }
  router.categories = router.categories.filter((category) => category.uuid !== categoryUuid);
  return normalize(node);
}

/** Re-applies the invariants (used after the operand or the wait changes). */
export function normalizeRouter(source: FlowNode): FlowNode {
  return normalize(clone(source));
}
