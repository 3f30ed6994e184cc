/**
 * Positions for flows without saved layout (`_ui.nodes[uuid].position` missing): top-to-bottom layers with
 * dagre, so the first node is on top and each answer's branch goes down.
 *
 *   autoLayout([{ id: 'a', width: 280, height: 120 }], [{ source: 'a', target: 'b' }])  → Map { 'a' => { x, y } }
 */
import dagre from '@dagrejs/dagre';

/** A box to place. Example: `{ id: "46d5…", width: 280, height: 140 }`. */
export interface LayoutBox {
  id: string;
  width: number;
  height: number;
}

/** Top-left corner of each box, by id. */
export function autoLayout(
  boxes: readonly LayoutBox[],
  links: readonly { source: string; target: string }[],
): Map<string, { x: number; y: number }> {
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: 'TB', nodesep: 48, ranksep: 72, marginx: 16, marginy: 16 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const box of boxes) graph.setNode(box.id, { width: box.width, height: box.height });
  links.forEach((link, index) => {
    if (graph.hasNode(link.source) && graph.hasNode(link.target)) graph.setEdge(link.source, link.target, {}, `e${index}`);
  });
  dagre.layout(graph);
  const positions = new Map<string, { x: number; y: number }>();
  for (const box of boxes) {
    const placed = graph.node(box.id) as { x: number; y: number } | undefined;
    // dagre gives centres; React Flow wants top-left corners.
    if (placed) positions.set(box.id, { x: placed.x - box.width / 2, y: placed.y - box.height / 2 });
  }
  return positions;
}
