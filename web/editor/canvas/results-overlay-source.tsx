/**
 * Feeds the canvas's results overlay: while mounted and the browser tab is visible, loads how many runs
 * reached, wait at and stopped at each step (`useDropOff`, which refreshes every 10 s) and hands the counts
 * to the page. Mount it only while the overlay is shown; nothing is polled otherwise.
 *
 *   {showResults && <ResultsOverlaySource flowId={flowId} onResults={setResults} />}
 */
import { useEffect, useState } from 'react';
import { useDropOff } from '../../results/use-drop-off.js';
import type { CanvasResults } from './flow-graph.js';

export function ResultsOverlaySource({ flowId, onResults }: { flowId: string; onResults: (results: CanvasResults | null) => void }) {
  const visible = useDocumentVisible();
  // A hidden browser tab polls nothing; showing it again loads the counts at once.
  return visible ? <DropOffPoller flowId={flowId} onResults={onResults} /> : null;
}

function DropOffPoller({ flowId, onResults }: { flowId: string; onResults: (results: CanvasResults | null) => void }) {
  const dropOff = useDropOff(flowId);
  useEffect(() => {
    if (dropOff) onResults(dropOff);
  }, [dropOff, onResults]);
  return null;
}

function useDocumentVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState !== 'hidden');
  useEffect(() => {
    const update = () => setVisible(document.visibilityState !== 'hidden');
    document.addEventListener('visibilitychange', update);
    return () => document.removeEventListener('visibilitychange', update);
  }, []);
  return visible;
}
