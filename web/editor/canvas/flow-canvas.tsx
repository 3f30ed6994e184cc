/**
 * The canvas of a flow: cards, arrows, zoom / fit / minimap, and the simulator's path highlighted.
 * `focusNode` centres a node (used by the issues list). With `editing`, steps can be dragged, exits dragged
 * to another step (or to empty space, which asks for a new step there), and arrows or steps deleted.
 *
 *   <FlowCanvas flow={definition} highlight={highlight} focusNode={{ uuid, at: Date.now() }} />
 *   <FlowCanvas flow={flow} editing={{ onEdit, selection, onSelectionChange, onRequestStep }} />
 *   <FlowCanvas flow={flow} results={{ runs: 20, nodes: { '46d5…': { reached: 12, waiting: 3, stopped: 1 } } }} />
 *
 * Big flows: cards and arrows are memoized, a new graph keeps the node objects that did not change (only
 * changed cards render again), and zoomed far out cards draw as overviews (step-card.tsx).
 */
import { useCallback, useEffect, useMemo, useRef, type ReactNode } from 'react';
import {
  Background,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  ReactFlowProvider,
  useEdgesState,
  useNodesState,
  useReactFlow,
  ViewportPortal,
  type Connection,
  type Edge,
  type EdgeTypes,
  type FinalConnectionState,
  type NodeTypes,
  type OnSelectionChangeParams,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useTranslation } from 'react-i18next';
import type { Flow } from '../../../runtime/definition/types.js';
import { flowToGraph, NO_HIGHLIGHT, type CanvasResults, type PathHighlight, type StepCardNode } from './flow-graph.js';
import { keepUnchanged, keepUnchangedEdges } from './keep-unchanged.js';
import { connectExit, deleteNodes, setPositions, type Point } from '../model/flow-edits.js';
import { StepCard } from './step-card.js';
import { useZoomedOut } from './overview-zoom.js';
import { OverviewEdges } from './overview-edges.js';
import { LoopEdge } from './loop-edge.js';
import { StickyNote, type StickyNoteNode } from './sticky-note.js';
import { deleteStickies, moveStickies, stickiesOf, updateSticky } from '../model/stickies.js';
import { downloadCanvasPng } from './export-png.js';

/** Everything drawn on the canvas: steps and sticky notes. */
type CanvasNode = StepCardNode | StickyNoteNode;

// Defined once: React Flow warns (and re-mounts every card) when nodeTypes changes identity.
const NODE_TYPES: NodeTypes = { step: StepCard, sticky: StickyNote };
const EDGE_TYPES: EdgeTypes = { loop: LoopEdge };
// Also defined once: React Flow copies changed props into its store, and new objects on every render count as changes.
const DELETE_KEYS = ['Delete', 'Backspace'];
const MULTI_SELECT_KEYS = ['Shift', 'Meta', 'Control'];
const FIT_VIEW_OPTIONS = { padding: 0.15, maxZoom: 1 };
const PRO_OPTIONS = { hideAttribution: false };
const DEFAULT_EDGE_OPTIONS = { type: 'smoothstep' };
const NO_EDGES: Edge[] = [];

/**
 * The dotted grid, left out when zoomed far out: its dots would be 2 px apart, and the whole pattern is
 * painted again on every frame of a pan.
 */
function CanvasBackground() {
  return useZoomedOut() ? null : <Background gap={20} size={1} />;
}

/** A request to centre one node; `at` makes repeated requests for the same node distinct. */
export interface FocusRequest {
  uuid: string;
  at: number;
}

/** Where a new step was asked for: the canvas point, the screen point (for the palette), the exit to connect. */
export interface StepRequest {
  at: Point;
  screen: Point;
  fromExit: string | null;
}

/** A request to select these steps; `at` makes repeated requests distinct. Example: `{ ids: ['46d5…'], at: 1732541000000 }`. */
export interface SelectRequest {
  ids: readonly string[];
  at: number;
}

/** What the editable canvas needs from its page. Example: `{ onEdit: editor.change, selection: ['46d5…'], … }`. */
export interface CanvasEditing {
  onEdit: (edit: (flow: Flow) => Flow, mergeKey?: string | null) => void;
  /** Steps to select now (a new step, pasted steps, a step an issue points at); later the user's clicks rule. */
  selectRequest?: SelectRequest | null;
  onSelectionChange: (uuids: string[]) => void;
  onRequestStep: (request: StepRequest) => void;
  searchMatches?: ReadonlySet<string>;
  /** Called with the canvas's centre, so the page can place pasted or added steps in view. */
  registerViewCentre?: (centre: () => Point) => void;
}

/**
 * `refitKey`: when it changes (e.g. the simulator opens and the canvas narrows), the whole flow is fitted again.
 * `overlay`: drawn over the canvas (the editor's palette and toolbar).
 */
interface FlowCanvasProps {
  flow: Flow;
  highlight?: PathHighlight;
  focusNode?: FocusRequest | null;
  refitKey?: string | number | boolean;
  editing?: CanvasEditing;
  overlay?: ReactNode;
  /** The downloaded picture's file name, without extension. Example: `"registration"`. */
  pictureName?: string;
  /**
   * The results overlay: `undefined` when off, `null` while the counts load, then the runs at each step
   * (shown on every card, with the number of runs in a corner of the canvas).
   */
  results?: CanvasResults | null;
}

export function FlowCanvas(props: FlowCanvasProps) {
  return (
    <ReactFlowProvider>
      <CanvasInner {...props} />
    </ReactFlowProvider>
  );
}

function CanvasInner({ flow, highlight = NO_HIGHLIGHT, focusNode, refitKey, editing, overlay, pictureName, results }: FlowCanvasProps) {
  const { t } = useTranslation();
  const reactFlow = useReactFlow();
  // React Flow's own screen-reader texts, in the interface language and true for a read-only canvas.
  const ariaLabelConfig = useMemo(
    () => ({
      'node.a11yDescription.default': t('canvas.a11y.node'),
      'node.a11yDescription.keyboardDisabled': t('canvas.a11y.node'),
      'node.a11yDescription.ariaLiveMessage': ({ direction }: { direction: string; x: number; y: number }) => t('canvas.a11y.moved', { direction }),
      'edge.a11yDescription.default': t('canvas.a11y.edge'),
      'controls.ariaLabel': t('canvas.controls'),
      'controls.zoomIn.ariaLabel': t('canvas.a11y.zoomIn'),
      'controls.zoomOut.ariaLabel': t('canvas.a11y.zoomOut'),
      'controls.fitView.ariaLabel': t('canvas.a11y.fitView'),
      'controls.interactive.ariaLabel': t('canvas.a11y.interactive'),
      'minimap.ariaLabel': t('canvas.minimap'),
      'handle.ariaLabel': t('canvas.a11y.handle'),
    }),
    [t],
  );
  // Zoomed far out, the arrows are one drawing (OverviewEdges) instead of React Flow's edges.
  const zoomedOut = useZoomedOut();
  const selected = focusNode?.uuid ?? null;
  const searchMatches = editing?.searchMatches;
  const selectRequest = editing?.selectRequest ?? null;
  const editable = !!editing;
  const graph = useMemo(
    () => flowToGraph(flow, highlight, editable ? null : selected, { editable, searchMatches, results }),
    [flow, highlight, selected, searchMatches, editable, results],
  );
  const onEdit = editing?.onEdit;
  // Notes are drawn under the steps; on the editable canvas they are edited in place (one undo step per burst of typing).
  const stickies = useMemo(() => stickiesOf(flow), [flow]);
  const stickyNodes = useMemo<StickyNoteNode[]>(
    () =>
      Object.entries(stickies).map(([uuid, sticky]) => ({
        id: uuid,
        type: 'sticky',
        position: { x: sticky.position.left, y: sticky.position.top },
        zIndex: -1,
        data: {
          uuid,
          sticky,
          onChange: onEdit ? (id, patch, field) => onEdit((current) => updateSticky(current, id, patch), `sticky:${id}:${field}`) : undefined,
          onDelete: onEdit ? (id) => onEdit((current) => deleteStickies(current, [id])) : undefined,
        },
      })),
    [stickies, onEdit],
  );
  const allNodes = useMemo<CanvasNode[]>(() => [...graph.nodes, ...stickyNodes], [graph.nodes, stickyNodes]);
  // Kept in React Flow's node state so measured sizes reach the minimap and fitView.
  const [nodes, setNodes, onNodesChange] = useNodesState<CanvasNode>(allNodes);
  // Edges too, so an arrow can be selected (then deleted) on the editable canvas.
  const [edges, setEdges, onEdgesChange] = useEdgesState(graph.edges);
  // On the editable canvas React Flow owns the selection (clicks, Shift+click, box select); the flow's changes
  // keep it, and a select request replaces it once.
  const appliedRequest = useRef<SelectRequest | null>(null);
  useEffect(() => {
    if (!editable) {
      setNodes((previous) => keepUnchanged(previous, allNodes, (node) => !!node.selected));
      setEdges((previous) => keepUnchangedEdges(previous, graph.edges, (edge) => !!edge.selected));
      return;
    }
    const request = selectRequest !== appliedRequest.current ? selectRequest : null;
    appliedRequest.current = selectRequest;
    setNodes((previous) => {
      const keep = request ? new Set(request.ids) : new Set(previous.filter((node) => node.selected).map((node) => node.id));
      return keepUnchanged(previous, allNodes, (node) => keep.has(node.id));
    });
    setEdges((previous) => {
      const keep = request ? new Set<string>() : new Set(previous.filter((edge) => edge.selected).map((edge) => edge.id));
      return keepUnchangedEdges(previous, graph.edges, (edge) => keep.has(edge.id));
    });
  }, [graph, allNodes, selectRequest, editable, setNodes, setEdges]);

  useEffect(() => {
    if (!focusNode) return;
    // A step just added is not measured yet: fitting it before would send the view off the canvas.
    let frames = 0;
    let handle = 0;
    const fit = () => {
      const node = reactFlow.getNode(focusNode.uuid);
      if (!node?.measured?.width && frames++ < 30) {
        handle = requestAnimationFrame(fit);
        return;
      }
      void reactFlow.fitView({ nodes: [{ id: focusNode.uuid }], duration: 300, maxZoom: 1 });
    };
    handle = requestAnimationFrame(fit);
    return () => cancelAnimationFrame(handle);
  }, [focusNode, reactFlow]);

  useEffect(() => {
    if (refitKey === undefined) return;
    // Wait for the new layout of the page before measuring the canvas again.
    const frame = requestAnimationFrame(() => void reactFlow.fitView({ padding: 0.15, maxZoom: 1, duration: 200 }));
    return () => cancelAnimationFrame(frame);
  }, [refitKey, reactFlow]);

  // Follow the contact: when the simulator moves to another node, bring it into view.
  const current = highlight.currentNode;
  useEffect(() => {
    if (!current) return;
    const node = reactFlow.getNode(current);
    if (!node) return;
    const { x, y, zoom } = reactFlow.getViewport();
    const width = node.measured?.width ?? node.width ?? 280;
    const height = node.measured?.height ?? 150;
    const pane = document.querySelector('.canvas .react-flow')?.getBoundingClientRect();
    if (!pane) return;
    const left = node.position.x * zoom + x;
    const top = node.position.y * zoom + y;
    const visible = left >= 0 && top >= 0 && left + width * zoom <= pane.width && top + height * zoom <= pane.height;
    if (!visible) void reactFlow.setCenter(node.position.x + width / 2, node.position.y + height / 2, { zoom, duration: 300 });
  }, [current, reactFlow]);

  const registerViewCentre = editing?.registerViewCentre;
  useEffect(() => {
    registerViewCentre?.(() => {
      const pane = document.querySelector('.canvas .react-flow')?.getBoundingClientRect();
      if (!pane) return { x: 40, y: 40 };
      return reactFlow.screenToFlowPosition({ x: pane.left + pane.width / 2 - 140, y: pane.top + pane.height / 3 });
    });
  }, [registerViewCentre, reactFlow]);

  const onConnect = useCallback(
    (connection: Connection) => {
      if (!onEdit || !connection.sourceHandle) return;
      const exitUuid = connection.sourceHandle;
      onEdit((current) => connectExit(current, exitUuid, connection.target));
    },
    [onEdit],
  );

  const onRequestStep = editing?.onRequestStep;
  // Dropping an exit on a card (anywhere on it) connects it; dropping it on empty canvas asks for a new step there.
  const onConnectEnd = useCallback(
    (event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (!onEdit || state.isValid || !state.fromHandle?.id || state.fromHandle.type !== 'source') return;
      const exitUuid = state.fromHandle.id;
      const point = 'changedTouches' in event ? event.changedTouches[0]! : event;
      const under = document.elementFromPoint(point.clientX, point.clientY);
      const card = under?.closest('.react-flow__node') as HTMLElement | null;
      const target = card?.dataset.id;
      if (target) {
        onEdit((current) => connectExit(current, exitUuid, target));
        return;
      }
      if (under?.closest('.react-flow__pane')) {
        const at = reactFlow.screenToFlowPosition({ x: point.clientX, y: point.clientY });
        onRequestStep?.({ at: { x: at.x - 140, y: at.y }, screen: { x: point.clientX, y: point.clientY }, fromExit: exitUuid });
      }
    },
    [onEdit, onRequestStep, reactFlow],
  );

  const onNodeDragStop = useCallback(
    (_event: unknown, _node: CanvasNode, dragged: CanvasNode[]) => {
      if (!onEdit) return;
      const at = (node: CanvasNode) => [node.id, { x: node.position.x, y: node.position.y }] as const;
      const steps = new Map(dragged.filter((node) => node.type === 'step').map(at));
      const notes = new Map(dragged.filter((node) => node.type === 'sticky').map(at));
      onEdit((current) => moveStickies(steps.size ? setPositions(current, steps) : current, notes));
    },
    [onEdit],
  );

  const onDelete = useCallback(
    ({ nodes: gone, edges: cut }: { nodes: CanvasNode[]; edges: { id: string }[] }) => {
      if (!onEdit) return;
      onEdit((current) => {
        let next = current;
        const removed = new Set(gone.map((node) => node.id));
        for (const edge of cut) {
          if (next.nodes.some((node) => !removed.has(node.uuid) && node.exits.some((exit) => exit.uuid === edge.id))) next = connectExit(next, edge.id, null);
        }
        return deleteStickies(deleteNodes(next, [...removed]), [...removed]);
      });
    },
    [onEdit],
  );

  // React Flow calls the selection handler again whenever its identity changes: keep it stable.
  const onSelectionChangeRef = useRef(editing?.onSelectionChange);
  onSelectionChangeRef.current = editing?.onSelectionChange;
  const reportSelection = useCallback(({ nodes: picked }: OnSelectionChangeParams) => {
    // Only steps: the side panel and copy / paste work on steps (a note is edited in place).
    onSelectionChangeRef.current?.(picked.filter((node) => node.type === 'step').map((node) => node.id));
  }, []);

  if (flow.nodes.length === 0) {
    return (
      <div className={`canvas canvas-empty${editable ? ' editable' : ''}`}>
        <p>{editable ? t('editor.emptyEditable') : t('canvas.empty')}</p>
        {overlay}
      </div>
    );
  }

  return (
    <div className={`canvas${editable ? ' editable' : ''}`} role="region" aria-label={t('canvas.label')}>
      <ReactFlow<CanvasNode>
        nodes={nodes}
        edges={zoomedOut ? NO_EDGES : edges}
        nodeTypes={NODE_TYPES}
        edgeTypes={EDGE_TYPES}
        ariaLabelConfig={ariaLabelConfig}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        nodesDraggable={editable}
        nodesConnectable={editable}
        edgesFocusable={editable}
        elementsSelectable
        onConnect={editable ? onConnect : undefined}
        onConnectEnd={editable ? onConnectEnd : undefined}
        onNodeDragStop={editable ? onNodeDragStop : undefined}
        onDelete={editable ? onDelete : undefined}
        onSelectionChange={editable ? reportSelection : undefined}
        deleteKeyCode={editable ? DELETE_KEYS : null}
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        fitView
        fitViewOptions={FIT_VIEW_OPTIONS}
        minZoom={0.1}
        maxZoom={2}
        proOptions={PRO_OPTIONS}
        defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
      >
        <CanvasBackground />
        {zoomedOut && (
          <ViewportPortal>
            <OverviewEdges edges={edges} />
          </ViewportPortal>
        )}
        <Controls showInteractive={false} />
        <MiniMap<CanvasNode>
          style={{ width: 160, height: 110 }}
          pannable
          zoomable
          nodeClassName={(node) => (node.type === 'sticky' ? 'minimap-sticky' : node.data.current ? 'minimap-current' : node.data.visited ? 'minimap-visited' : '')}
        />
        {results !== undefined && (
          <Panel position="top-left">
            <p className="canvas-results-legend" role="status" data-testid="canvas-results-legend">
              {results ? t('canvas.results.legend', { count: results.runs }) : t('canvas.results.loading')}
            </p>
          </Panel>
        )}
        <Panel position="top-right">
          <button
            type="button"
            className="button small canvas-picture"
            onClick={() => void downloadCanvasPng(reactFlow.getNodes(), pictureName || flow.name || 'flow').catch((failure) => window.alert(t('canvas.pictureFailed', { detail: failure instanceof Error ? failure.message : String(failure) })))}
          >
            {t('canvas.downloadPicture')}
          </button>
        </Panel>
      </ReactFlow>
      {overlay}
    </div>
  );
}
