/**
 * Copy and paste of steps, within a flow or into another one: copied nodes get fresh UUIDs everywhere
 * (nodes, actions, exits, categories, cases, their translations); arrows between copied nodes are kept,
 * arrows to nodes left behind are dropped (those exits end the flow until connected).
 *
 *   const clip = copyNodes(flow, ['46d5…', '9a1f…']);
 *   flow = pasteNodes(target, clip, { x: 400, y: 200 }).flow;
 */
import type { Flow, FlowNode, Localization } from '../../../runtime/definition/types.js';
import { newUuid } from './new-uuid.js';
import { nodePosition, setPositions, type Point } from './flow-edits.js';

/** What is on the editor's clipboard. Example: `{ kind: 'kiunga-steps', nodes: [...], positions: {...}, localization: {...} }`. */
export interface StepsClip {
  kind: 'kiunga-steps';
  nodes: FlowNode[];
  /** Position of each copied node relative to the top-left copied one. */
  positions: Record<string, Point>;
  /** Translations of the copied items only. */
  localization: Localization;
}

function itemUuids(node: FlowNode): string[] {
  const uuids = node.actions.map((action) => action.uuid);
  if (node.router) {
    uuids.push(...node.router.categories.map((category) => category.uuid));
    if (node.router.type === 'switch') uuids.push(...node.router.cases.map((testCase) => testCase.uuid));
  }
  return uuids;
}

export function copyNodes(flow: Flow, uuids: readonly string[]): StepsClip | null {
  const wanted = new Set(uuids);
  const nodes = flow.nodes.filter((node) => wanted.has(node.uuid));
  if (nodes.length === 0) return null;
  const points = nodes.map((node, index) => nodePosition(flow, node.uuid) ?? { x: index * 40, y: index * 40 });
  const minX = Math.min(...points.map((point) => point.x));
  const minY = Math.min(...points.map((point) => point.y));
  const positions: Record<string, Point> = {};
  nodes.forEach((node, index) => (positions[node.uuid] = { x: points[index]!.x - minX, y: points[index]!.y - minY }));
  const items = new Set(nodes.flatMap(itemUuids));
  const localization: Localization = {};
  for (const [language, translations] of Object.entries(flow.localization ?? {})) {
    for (const [uuid, fields] of Object.entries(translations)) {
      if (items.has(uuid)) (localization[language] ??= {})[uuid] = structuredClone(fields);
    }
  }
  return { kind: 'kiunga-steps', nodes: structuredClone(nodes), positions, localization };
}

/** Reads a clipboard text; null when it is not copied steps (any other text is ignored, never an error). */
export function parseClip(text: string | null): StepsClip | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as Partial<StepsClip>;
    return value && value.kind === 'kiunga-steps' && Array.isArray(value.nodes) ? (value as StepsClip) : null;
  } catch {
    return null;
  }
}

/** Pastes a clip with `at` as its top-left corner. Returns the new flow and the new nodes' UUIDs. */
export function pasteNodes(flow: Flow, clip: StepsClip, at: Point): { flow: Flow; pasted: string[] } {
  const fresh = new Map<string, string>();
  const remap = (uuid: string) => {
    let next = fresh.get(uuid);
    if (!next) fresh.set(uuid, (next = newUuid()));
    return next;
  };
  const copied = new Set(clip.nodes.map((node) => node.uuid));
  const nodes: FlowNode[] = clip.nodes.map((source) => {
    const node = structuredClone(source);
    node.uuid = remap(node.uuid);
    for (const action of node.actions) action.uuid = remap(action.uuid);
    for (const exit of node.exits) {
      exit.uuid = remap(exit.uuid);
      exit.destination_uuid = exit.destination_uuid && copied.has(exit.destination_uuid) ? remap(exit.destination_uuid) : null;
    }
    if (node.router) {
      for (const category of node.router.categories) {
        category.uuid = remap(category.uuid);
        category.exit_uuid = remap(category.exit_uuid);
      }
      if (node.router.type === 'switch') {
        for (const testCase of node.router.cases) {
          testCase.uuid = remap(testCase.uuid);
          testCase.category_uuid = remap(testCase.category_uuid);
        }
        if (node.router.default_category_uuid) node.router.default_category_uuid = remap(node.router.default_category_uuid);
      }
      const wait = node.router.wait;
      if (wait?.type === 'msg' && wait.timeout) wait.timeout.category_uuid = remap(wait.timeout.category_uuid);
    }
    return node;
  });
  const localization: Localization = structuredClone(flow.localization ?? {});
  for (const [language, translations] of Object.entries(clip.localization ?? {})) {
    for (const [uuid, fields] of Object.entries(translations)) {
      if (fresh.has(uuid)) (localization[language] ??= {})[fresh.get(uuid)!] = structuredClone(fields);
    }
  }
  const positions = new Map<string, Point>();
  for (const source of clip.nodes) {
    const offset = clip.positions[source.uuid] ?? { x: 0, y: 0 };
    positions.set(fresh.get(source.uuid)!, { x: at.x + offset.x, y: at.y + offset.y });
  }
  const next = setPositions({ ...flow, nodes: [...flow.nodes, ...nodes], localization }, positions);
  return { flow: next, pasted: nodes.map((node) => node.uuid) };
}
