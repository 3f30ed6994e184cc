/**
 * Drop-off per node of a flow, for the canvas: how many runs reached each node, wait there now, and ended
 * there without completing. Refreshed every 10 seconds while mounted.
 *
 *   const dropOff = useDropOff(flowId);
 *   dropOff?.nodes['<node uuid>']   // { reached: 12, waiting: 3, stopped: 1 }
 */
import { useEffect, useState } from 'react';
import { api, type ApiOutputs } from '../api/trpc-client.js';

/** Example: `{ runs: 20, nodes: { '<node uuid>': { reached: 12, waiting: 3, stopped: 1 } } }`. */
export type FlowDropOff = ApiOutputs['results']['dropOff'];

export const DROP_OFF_POLL_MS = 10_000;

export function useDropOff(flowId: string): FlowDropOff | null {
  const [value, setValue] = useState<FlowDropOff | null>(null);
  useEffect(() => {
    let current = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () => {
      api.results.dropOff
        .query({ flowId })
        .then((next) => current && setValue(next))
        .catch(() => undefined) // the canvas works without the counts
        .finally(() => {
          if (current) timer = setTimeout(load, DROP_OFF_POLL_MS);
        });
    };
    load();
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [flowId]);
  return value;
}
