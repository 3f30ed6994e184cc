/**
 * All arrows of the flow in one SVG drawing, used instead of React Flow's edges when zoomed far out
 * (overview-zoom.ts). React Flow draws each edge in its own positioned <svg>: hundreds of them made every frame
 * of a pan on a big flow slow (each is a paint layer to hit-test and layerize, and a store selector to run).
 * Here the paths are computed when the steps change, never while panning, and drawn under the cards.
 *
 *   {zoomedOut && <ViewportPortal><OverviewEdges edges={edges} /></ViewportPortal>}
 */
import { memo, useMemo } from 'react';
import { getSmoothStepPath, Position, useNodes, useStoreApi, type Edge, type InternalNode } from '@xyflow/react';
import { loopPath } from './loop-edge.js';
import type { StepCardData } from './flow-graph.js';

interface Point {
  x: number;
  y: number;
}

/** Where an exit's arrow starts: the bottom of its handle, or of its column of the card when not measured yet. */
function exitPoint(node: InternalNode, handleId: string | null | undefined): Point | null {
  const { x, y } = node.internals.positionAbsolute;
  const handle = node.internals.handleBounds?.source?.find((bound) => bound.id === handleId);
  if (handle) return { x: x + handle.x + handle.width / 2, y: y + handle.y + handle.height };
  const width = node.measured.width ?? node.width;
  const height = node.measured.height;
  const exits = (node.data as Partial<StepCardData>).exits;
  const index = exits?.findIndex((exit) => exit.exitUuid === handleId) ?? -1;
  if (!width || !height || !exits || index < 0) return null;
  return { x: x + ((index + 0.5) * width) / exits.length, y: y + height };
}

/** Where arrows enter a card: the middle of its top edge. */
function entryPoint(node: InternalNode): Point | null {
  const width = node.measured.width ?? node.width;
  if (!width) return null;
  const { x, y } = node.internals.positionAbsolute;
  return { x: x + width / 2, y };
}

function OverviewEdgesView({ edges }: { edges: readonly Edge[] }) {
  const store = useStoreApi();
  // The steps as React Flow has them (positions and measured sizes): changes on edits and drags, not on pans.
  const nodes = useNodes();
  const paths = useMemo(() => {
    const lookup = store.getState().nodeLookup;
    const drawn: { id: string; d: string; taken: boolean }[] = [];
    for (const edge of edges) {
      const source = lookup.get(edge.source);
      const target = lookup.get(edge.target);
      if (!source || !target) continue;
      const from = exitPoint(source, edge.sourceHandle);
      const to = entryPoint(target);
      if (!from || !to) continue;
      const d =
        edge.source === edge.target
          ? loopPath(from.x, from.y, to.x, to.y, source.internals.positionAbsolute.x, source.measured.width ?? 280)
          : getSmoothStepPath({ sourceX: from.x, sourceY: from.y, sourcePosition: Position.Bottom, targetX: to.x, targetY: to.y, targetPosition: Position.Top })[0];
      drawn.push({ id: edge.id, d, taken: edge.className === 'edge-taken' });
    }
    return drawn;
    // `nodes` is not read: its change is what says the lookup (positions, sizes, handles) changed.
  }, [edges, nodes, store]);

  return (
    <svg className="overview-edges" aria-hidden="true">
      {paths.map((path) => (
        <path key={path.id} d={path.d} className={path.taken ? 'overview-edge taken' : 'overview-edge'} />
      ))}
    </svg>
  );
}

export const OverviewEdges = memo(OverviewEdgesView);
