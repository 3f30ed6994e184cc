/**
 * The read-only canvas of a flow: cards, arrows, zoom / fit / minimap, and the simulator's path highlighted.
 * `focusNode` centres a node (used by the issues list).
 *
 *   <FlowCanvas flow={definition} highlight={highlight} focusNode={{ uuid, at: Date.now() }} />
 */
import { useEffect, useMemo } from 'react';
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useNodesState,
  useReactFlow,
  type EdgeTypes,
  type NodeTypes,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useTranslation } from 'react-i18next';
import type { Flow } from '../../../runtime/definition/types.js';
import { flowToGraph, NO_HIGHLIGHT, type PathHighlight, type StepCardNode } from './flow-graph.js';
import { StepCard } from './step-card.js';
import { LoopEdge } from './loop-edge.js';

// Defined once: React Flow warns (and re-mounts every card) when nodeTypes changes identity.
const NODE_TYPES: NodeTypes = { step: StepCard };
const EDGE_TYPES: EdgeTypes = { loop: LoopEdge };

/** A request to centre one node; `at` makes repeated requests for the same node distinct. */
export interface FocusRequest {
  uuid: string;
  at: number;
}

/** `refitKey`: when it changes (e.g. the simulator opens and the canvas narrows), the whole flow is fitted again. */
interface FlowCanvasProps {
  flow: Flow;
  highlight?: PathHighlight;
  focusNode?: FocusRequest | null;
  refitKey?: string | number | boolean;
}

export function FlowCanvas(props: FlowCanvasProps) {
  return (
    <ReactFlowProvider>
      <CanvasInner {...props} />
    </ReactFlowProvider>
  );
}

function CanvasInner({ flow, highlight = NO_HIGHLIGHT, focusNode, refitKey }: FlowCanvasProps) {
  const { t } = useTranslation();
  const reactFlow = useReactFlow();
  const selected = focusNode?.uuid ?? null;
  const graph = useMemo(() => flowToGraph(flow, highlight, selected), [flow, highlight, selected]);
  // Kept in React Flow's node state so measured sizes reach the minimap and fitView.
  const [nodes, setNodes, onNodesChange] = useNodesState<StepCardNode>(graph.nodes);
  useEffect(() => setNodes(graph.nodes), [graph, setNodes]);
  const edges = graph.edges;

  useEffect(() => {
    if (!focusNode) return;
    void reactFlow.fitView({ nodes: [{ id: focusNode.uuid }], duration: 300, maxZoom: 1.2 });
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

  if (flow.nodes.length === 0) {
    return (
      <div className="canvas canvas-empty">
        <p>{t('canvas.empty')}</p>
      </div>
    );
  }

  return (
    <div className="canvas" role="region" aria-label={t('canvas.label')}>
      <ReactFlow<StepCardNode>
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        edgeTypes={EDGE_TYPES}
        onNodesChange={onNodesChange}
        nodesDraggable={false}
        nodesConnectable={false}
        edgesFocusable={false}
        elementsSelectable
        fitView
        fitViewOptions={{ padding: 0.15, maxZoom: 1 }}
        minZoom={0.1}
        maxZoom={2}
        proOptions={{ hideAttribution: false }}
        defaultEdgeOptions={{ type: 'smoothstep' }}
      >
        <Background gap={20} size={1} />
        <Controls showInteractive={false} aria-label={t('canvas.controls')} />
        <MiniMap<StepCardNode>
          style={{ width: 160, height: 110 }}
          pannable
          zoomable
          ariaLabel={t('canvas.minimap')}
          nodeClassName={(node) => (node.data.current ? 'minimap-current' : node.data.visited ? 'minimap-visited' : '')}
        />
      </ReactFlow>
    </div>
  );
}
