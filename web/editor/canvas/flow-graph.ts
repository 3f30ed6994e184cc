/**
 * Turns a flow definition into React Flow nodes (one card per flow node) and edges (exit → destination),
 * placed from the editor layout saved in `_ui` or, when any position is missing, by auto-layout.
 *
 *   const { nodes, edges } = flowToGraph(flow, highlight);
 */
import type { Edge, Node } from '@xyflow/react';
import type { Flow, FlowNode } from '../../../runtime/definition/types.js';
import { autoLayout } from './auto-layout.js';

/** The simulator's path on the canvas: nodes and exits taken, and the node the contact is at now. */
export interface PathHighlight {
  visitedNodes: ReadonlySet<string>;
  takenExits: ReadonlySet<string>;
  currentNode: string | null;
}

export const NO_HIGHLIGHT: PathHighlight = { visitedNodes: new Set(), takenExits: new Set(), currentNode: null };

/** One exit of a card: the category it stands for (or the single exit of a node without router). */
export interface CardExit {
  exitUuid: string;
  /** Category names leading to this exit (several categories can share one exit); empty for a plain exit. */
  labels: string[];
  /** Case descriptions are computed by the card; these are the category UUIDs behind the exit. */
  categoryUuids: string[];
  connected: boolean;
}

/**
 * How many runs of the flow reached a step, wait there now, and ended there without completing (the results
 * overlay). Example: `{ reached: 12, waiting: 3, stopped: 1 }`.
 */
export interface StepResults {
  reached: number;
  waiting: number;
  stopped: number;
}

/** The results overlay of the whole canvas. Example: `{ runs: 20, nodes: { '46d5…': { reached: 12, waiting: 3, stopped: 1 } } }`. */
export interface CanvasResults {
  runs: number;
  nodes: Readonly<Record<string, StepResults>>;
}

const NO_RUNS: StepResults = { reached: 0, waiting: 0, stopped: 0 };

/** Data of one card. Example: `{ node, exits: [...], index: 0, visited: true, current: false }`. */
export interface StepCardData extends Record<string, unknown> {
  node: FlowNode;
  exits: CardExit[];
  isStart: boolean;
  visited: boolean;
  current: boolean;
  /** Exits can be dragged to other steps (the editable canvas). */
  editable?: boolean;
  /** The step matches the canvas search (Ctrl+F). */
  searchMatch?: boolean;
  /** Runs at this step, when the results overlay is on (steps no run reached get zeros). */
  results?: StepResults;
}

export type StepCardNode = Node<StepCardData, 'step'>;

export const CARD_WIDTH = 280;
const EXIT_WIDTH = 96;

/** The exits of a node in category order, grouping categories that share an exit. */
export function cardExits(node: FlowNode): CardExit[] {
  const byExit = new Map(node.exits.map((exit) => [exit.uuid, exit]));
  if (!node.router || node.router.categories.length === 0) {
    return node.exits.map((exit) => ({ exitUuid: exit.uuid, labels: [], categoryUuids: [], connected: !!exit.destination_uuid }));
  }
  const result: CardExit[] = [];
  const seen = new Map<string, CardExit>();
  for (const category of node.router.categories) {
    const existing = seen.get(category.exit_uuid);
    if (existing) {
      existing.labels.push(category.name);
      existing.categoryUuids.push(category.uuid);
      continue;
    }
    const exit: CardExit = {
      exitUuid: category.exit_uuid,
      labels: [category.name],
      categoryUuids: [category.uuid],
      connected: !!byExit.get(category.exit_uuid)?.destination_uuid,
    };
    seen.set(category.exit_uuid, exit);
    result.push(exit);
  }
  return result;
}

/** Card width: wide enough for one column per exit. */
export function cardWidth(node: FlowNode): number {
  return Math.max(CARD_WIDTH, cardExits(node).length * EXIT_WIDTH);
}

/** Rough card height for the layout (the card clamps long texts, so this stays close). */
function estimatedHeight(node: FlowNode, width: number): number {
  const charsPerLine = Math.floor((width - 32) / 7.5);
  let height = 16;
  for (const action of node.actions) {
    const detail = typeof action.text === 'string' ? action.text : '';
    height += 34 + Math.min(4, Math.ceil(detail.length / charsPerLine)) * 18;
    if (Array.isArray(action.quick_replies) && action.quick_replies.length) height += 30;
  }
  if (node.router) height += 52 + (node.router.type === 'switch' ? Math.min(node.router.cases.length, 6) * 18 : 0);
  return height + 44; // exits row
}

interface SavedPosition {
  position?: { left?: unknown; top?: unknown };
}

function savedPositions(flow: Flow): Map<string, { x: number; y: number }> | null {
  const uiNodes = (flow._ui as { nodes?: Record<string, SavedPosition> } | undefined)?.nodes;
  if (!uiNodes) return null;
  const positions = new Map<string, { x: number; y: number }>();
  for (const node of flow.nodes) {
    const position = uiNodes[node.uuid]?.position;
    if (!position || typeof position.left !== 'number' || typeof position.top !== 'number') return null;
    positions.set(node.uuid, { x: position.left, y: position.top });
  }
  return positions;
}

/** Options of the editable canvas: which steps are selected or match the search, whether exits can be dragged. */
export interface GraphOptions {
  selected?: ReadonlySet<string>;
  searchMatches?: ReadonlySet<string>;
  editable?: boolean;
  /** The results overlay: counts shown on every card. */
  results?: CanvasResults | null;
}

/** The positions of every node: the saved ones when all nodes have one, else an auto-layout of the whole flow. */
export function graphPositions(flow: Flow): Map<string, { x: number; y: number }> {
  const nodeIds = new Set(flow.nodes.map((node) => node.uuid));
  const links = flow.nodes.flatMap((node) =>
    node.exits.filter((exit) => exit.destination_uuid && nodeIds.has(exit.destination_uuid)).map((exit) => ({ source: node.uuid, target: exit.destination_uuid! })),
  );
  return savedPositions(flow) ?? layoutPositions(flow, links);
}

/** An auto-layout of the whole flow (dagre, top to bottom), ignoring saved positions. */
export function layoutPositions(flow: Flow, links?: readonly { source: string; target: string }[]): Map<string, { x: number; y: number }> {
  const nodeIds = new Set(flow.nodes.map((node) => node.uuid));
  const edges =
    links ??
    flow.nodes.flatMap((node) =>
      node.exits.filter((exit) => exit.destination_uuid && nodeIds.has(exit.destination_uuid)).map((exit) => ({ source: node.uuid, target: exit.destination_uuid! })),
    );
  return autoLayout(
    flow.nodes.map((node) => ({ id: node.uuid, width: cardWidth(node), height: estimatedHeight(node, cardWidth(node)) })),
    edges,
  );
}

/** `selectedNode`: the node to show selected (e.g. the one an issue points at). */
export function flowToGraph(
  flow: Flow,
  highlight: PathHighlight = NO_HIGHLIGHT,
  selectedNode: string | null = null,
  options: GraphOptions = {},
): { nodes: StepCardNode[]; edges: Edge[] } {
  const nodeIds = new Set(flow.nodes.map((node) => node.uuid));
  const edges: Edge[] = [];
  for (const node of flow.nodes) {
    for (const exit of node.exits) {
      if (!exit.destination_uuid || !nodeIds.has(exit.destination_uuid)) continue;
      const taken = highlight.takenExits.has(exit.uuid);
      edges.push({
        id: exit.uuid,
        source: node.uuid,
        sourceHandle: exit.uuid,
        target: exit.destination_uuid,
        type: exit.destination_uuid === node.uuid ? 'loop' : 'smoothstep',
        className: taken ? 'edge-taken' : undefined,
        animated: taken,
        zIndex: taken ? 1 : 0,
        selectable: !!options.editable,
        focusable: !!options.editable,
        deletable: !!options.editable,
      });
    }
  }

  const positions = savedPositions(flow) ?? layoutPositions(flow, edges.map((edge) => ({ source: edge.source, target: edge.target })));

  const nodes: StepCardNode[] = flow.nodes.map((node, index) => ({
    id: node.uuid,
    type: 'step',
    position: positions.get(node.uuid) ?? { x: 0, y: index * 200 },
    width: cardWidth(node),
    selected: node.uuid === selectedNode || !!options.selected?.has(node.uuid),
    draggable: !!options.editable,
    deletable: !!options.editable,
    data: {
      node,
      exits: cardExits(node),
      isStart: index === 0,
      visited: highlight.visitedNodes.has(node.uuid),
      current: highlight.currentNode === node.uuid,
      editable: !!options.editable,
      searchMatch: !!options.searchMatches?.has(node.uuid),
      results: options.results ? options.results.nodes[node.uuid] ?? NO_RUNS : undefined,
    },
  }));
  return { nodes, edges };
}

/** The path taken so far, from the simulator's segments (node → exit → destination, in order). */
export function highlightFromSegments(
  segments: readonly { node_uuid: string; exit_uuid: string; destination_uuid: string }[],
  firstNode: string | null,
  waiting: boolean,
): PathHighlight {
  const visitedNodes = new Set<string>();
  const takenExits = new Set<string>();
  for (const segment of segments) {
    visitedNodes.add(segment.node_uuid);
    if (segment.destination_uuid) visitedNodes.add(segment.destination_uuid);
    takenExits.add(segment.exit_uuid);
  }
  let currentNode: string | null = null;
  if (waiting) currentNode = segments.length ? segments[segments.length - 1].destination_uuid : firstNode;
  if (currentNode) visitedNodes.add(currentNode);
  return { visitedNodes, takenExits, currentNode };
}
