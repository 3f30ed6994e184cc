/**
 * Turns a stored flow definition (any accepted spec version, legacy included) into the current spec
 * the engine runs. Throws with every error found when the flow can't be used.
 *
 *   const flow = loadFlow(assets.flows[0]);
 */
import type { Flow } from '../definition/types.js';
import { readFlow } from '../definition/read.js';

export function loadFlow(raw: unknown): Flow {
  const { flow, issues } = readFlow(raw);
  const errors = issues.filter((i) => i.severity === 'error');
  if (!flow || errors.length > 0) {
    const name = (raw as { name?: string; metadata?: { name?: string } })?.name ?? (raw as { metadata?: { name?: string } })?.metadata?.name ?? '?';
    throw new Error(`flow '${name}' can't be used: ${errors.map((e) => e.message).join('; ') || 'it could not be read'}`);
  }
  return flow as unknown as Flow;
}
