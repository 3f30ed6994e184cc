/**
 * The zoom below which the canvas draws a big flow as an overview: cards with their titles only, all arrows in
 * one drawing, no dotted grid. At 0.35 a card's 13 px text is under 5 px high, so nothing readable is lost, and a
 * 300-step flow has a fraction of the elements to paint and hit-test on each frame of a pan.
 *
 *   const zoomedOut = useZoomedOut();   // re-renders only when the zoom crosses OVERVIEW_ZOOM
 */
import { useStore, type ReactFlowState } from '@xyflow/react';

export const OVERVIEW_ZOOM = 0.35;

const isZoomedOut = (state: ReactFlowState) => state.transform[2] < OVERVIEW_ZOOM;

export function useZoomedOut(): boolean {
  return useStore(isZoomedOut);
}
