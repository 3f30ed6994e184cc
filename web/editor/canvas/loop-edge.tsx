/**
 * An arrow from a node back to itself (e.g. "Other" → ask again): it leaves the exit downwards, goes round
 * the right side of the card and comes back in at the top, instead of crossing the card.
 */
import { BaseEdge, useInternalNode, type EdgeProps } from '@xyflow/react';

const GAP = 18;

/** The loop's SVG path from an exit (`sourceX/Y`) to the top of the same card, round its right side (`left` + `width`). */
export function loopPath(sourceX: number, sourceY: number, targetX: number, targetY: number, left: number, width: number): string {
  const right = left + width + GAP;
  return [
    `M ${sourceX} ${sourceY}`,
    `L ${sourceX} ${sourceY + GAP}`,
    `L ${right} ${sourceY + GAP}`,
    `L ${right} ${targetY - GAP}`,
    `L ${targetX} ${targetY - GAP}`,
    `L ${targetX} ${targetY}`,
  ].join(' ');
}

export function LoopEdge({ id, source, sourceX, sourceY, targetX, targetY, markerEnd, style }: EdgeProps) {
  const node = useInternalNode(source);
  const path = loopPath(sourceX, sourceY, targetX, targetY, node?.internals.positionAbsolute.x ?? sourceX, node?.measured.width ?? 280);
  return <BaseEdge id={id} path={path} markerEnd={markerEnd} style={style} />;
}
