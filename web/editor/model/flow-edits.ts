/**
 * Edits of a whole flow definition, as pure functions (a new Flow each time, the old one untouched, so undo
 * can keep it): positions in `_ui.nodes[uuid].position`, adding / replacing / deleting nodes, connecting exits.
 *
 *   let flow = addNode(empty, palette.create(), { x: 0, y: 0 });
 *   flow = connectExit(flow, flow.nodes[0].exits[0].uuid, otherNodeUuid);
 *   flow = deleteNodes(flow, [otherNodeUuid]);   // exits that led there now end the flow
 */
import type { Flow, FlowNode } from '../../../runtime/definition/types.js';

/** A point on the canvas (React Flow coordinates). Example: `{ x: 120, y: 340 }`. */
export interface Point {
  x: number;
  y: number;
}

interface UiNode {
  position?: { left?: number; top?: number };
  [key: string]: unknown;
}

function uiNodes(flow: Flow): Record<string, UiNode> {
  const ui = (flow._ui ?? {}) as { nodes?: Record<string, UiNode> };
  return ui.nodes ?? {};
}

/** The saved position of a node, or null. */
export function nodePosition(flow: Flow, uuid: string): Point | null {
  const position = uiNodes(flow)[uuid]?.position;
  return position && typeof position.left === 'number' && typeof position.top === 'number' ? { x: position.left, y: position.top } : null;
}

/** Saves positions (rounded to whole pixels, as RapidPro does). */
export function setPositions(flow: Flow, positions: ReadonlyMap<string, Point>): Flow {
  const nodes = { ...uiNodes(flow) };
  for (const [uuid, point] of positions) {
    nodes[uuid] = { ...(nodes[uuid] ?? {}), position: { left: Math.round(point.x), top: Math.round(point.y) } };
  }
  return { ...flow, _ui: { ...(flow._ui ?? {}), nodes } };
}

/** Adds a node at a position; `from` (an exit of another node) is connected to it. */
export function addNode(flow: Flow, node: FlowNode, at: Point, from?: { exitUuid: string } | null): Flow {
  let next: Flow = { ...flow, nodes: [...flow.nodes, node] };
  next = setPositions(next, new Map([[node.uuid, at]]));
  if (from) next = connectExit(next, from.exitUuid, node.uuid);
  return next;
}

/** Replaces a node (same uuid) by an edited version. */
export function replaceNode(flow: Flow, node: FlowNode): Flow {
  if (!flow.nodes.some((candidate) => candidate.uuid === node.uuid)) throw new Error(`replaceNode: the flow has no node ${node.uuid}`);
  return { ...flow, nodes: flow.nodes.map((candidate) => (candidate.uuid === node.uuid ? node : candidate)) };
}

/** Points an exit at a node (or nowhere, with null: the flow ends there). */
export function connectExit(flow: Flow, exitUuid: string, destination: string | null): Flow {
  let found = false;
  const nodes = flow.nodes.map((node) => {
    if (!node.exits.some((exit) => exit.uuid === exitUuid)) return node;
    found = true;
    return { ...node, exits: node.exits.map((exit) => (exit.uuid === exitUuid ? { ...exit, destination_uuid: destination } : exit)) };
  });
  if (!found) throw new Error(`connectExit: no node of the flow has the exit ${exitUuid}`);
  if (destination !== null && !flow.nodes.some((node) => node.uuid === destination)) throw new Error(`connectExit: the flow has no node ${destination}`);
  return { ...flow, nodes };
}

/** Deletes nodes; exits that led to them end the flow instead; their positions are forgotten. */
export function deleteNodes(flow: Flow, uuids: readonly string[]): Flow {
  const gone = new Set(uuids);
  if (gone.size === 0) return flow;
  const nodes = flow.nodes
    .filter((node) => !gone.has(node.uuid))
    .map((node) =>
      node.exits.some((exit) => exit.destination_uuid && gone.has(exit.destination_uuid))
        ? { ...node, exits: node.exits.map((exit) => (exit.destination_uuid && gone.has(exit.destination_uuid) ? { ...exit, destination_uuid: null } : exit)) }
        : node,
    );
  const ui = { ...uiNodes(flow) };
  for (const uuid of gone) delete ui[uuid];
  return { ...flow, nodes, _ui: { ...(flow._ui ?? {}), nodes: ui } };
}

/** Makes a node the first one (where the flow starts). */
export function makeStart(flow: Flow, uuid: string): Flow {
  const node = flow.nodes.find((candidate) => candidate.uuid === uuid);
  if (!node) throw new Error(`makeStart: the flow has no node ${uuid}`);
  return { ...flow, nodes: [node, ...flow.nodes.filter((candidate) => candidate.uuid !== uuid)] };
}

/** Where to put a new step: below `near` when given, else below the lowest step, else at the top left. */
export function positionForNewNode(flow: Flow, near?: Point | null): Point {
  if (near) return near;
  let lowest: Point | null = null;
  for (const node of flow.nodes) {
    const point = nodePosition(flow, node.uuid);
    if (point && (!lowest || point.y > lowest.y)) lowest = point;
  }
  return lowest ? { x: lowest.x, y: lowest.y + 220 } : { x: 40, y: 40 };
}
