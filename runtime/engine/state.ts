/**
 * The session's stored run state (plain JSON, kept small: no flow definitions, only references).
 *
 * Example run:
 *   { "uuid": "0196...", "flow": { "uuid": "615b...", "name": "Survey" }, "status": "waiting",
 *     "path": [{ "node_uuid": "46d5...", "arrived_on": "2025-05-04T12:30:51.123000000Z" }],
 *     "results": { "color": { "name": "Color", "value": "blue", "category": "Blue", ... } },
 *     "created_on": "...", "expires_on": "..." }
 */

/** One saved result, as goflow stores it and as @results.<key> shows it. */
export interface RunResult {
  name: string;
  value: string;
  category: string;
  category_localized?: string;
  node_uuid: string;
  input?: string;
  extra?: unknown;
  /** The extra exactly as received (webhook body), when it differs from JSON.stringify(extra). */
  extra_raw?: string;
  created_on: string;
}

/** One node the run visited. `exit_uuid` is set once the run left the node. */
export interface PathStep {
  node_uuid: string;
  arrived_on: string;
  exit_uuid?: string;
}

export type RunStatus = 'active' | 'waiting' | 'completed' | 'interrupted' | 'expired' | 'failed';

/** Session-size note: goflow's modified_on is left out (the server tracks updates itself). */
export interface RunState {
  uuid: string;
  flow: { uuid: string; name: string; revision?: number };
  status: RunStatus;
  path: PathStep[];
  results: Record<string, RunResult>;
  locals?: Record<string, string>;
  parent_uuid?: string;
  /** Set on a child run started by a terminal enter_flow: the parent ends with it. */
  terminal?: boolean;
  created_on: string;
  exited_on?: string | null;
  expires_on?: string | null;
}

/** A result name's key: "Favorite Color" → "favorite_color" (the definition module's rule). */
export { snakify as resultKey } from '../definition/snakify.js';
