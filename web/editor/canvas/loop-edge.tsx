/**
 * An arrow from a node back to itself (e.g. "Other" → ask again): it leaves the exit downwards, goes round
 * the right side of the card and comes back in at the top, instead of crossing the card.
 */
import { BaseEdge, useInternalNode, type EdgeProps } from '@xyflow/react';

const GAP = 18;

export function LoopEdge({ id, source, sourceX, sourceY, targetX, targetY, markerEnd, style }: EdgeProps) {
  const node = useInternalNode(source);
  const left = node?.internals.positionAbsolute.x ?? sourceX;
  const width = node?.measured.width ?? 280;
  const right = left + width + GAP;
  const path = [
    `M ${sourceX} ${sourceY}`,
    `L ${sourceX} ${sourceY + GAP}`,
    `L ${right} ${sourceY + GAP}`,
    `L ${right} ${targetY - GAP}`,
    `L ${targetX} ${targetY - GAP}`,
    `L ${targetX} ${targetY}`,
  ].join(' ');
  return <BaseEdge id={id} path={path} markerEnd={markerEnd} style={style} />;
}
