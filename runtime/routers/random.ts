/**
 * The random router: picks one category uniformly through `services.random` (deterministic in tests).
 * As goflow, the result value is the chosen category's index and its input the number drawn.
 *
 *   routeRandom({ type: 'random', categories: [a, b] }, rt)  // { categoryUuid: b.uuid, value: '1', input: '0.6046...' }
 */
import type { RandomRouter } from '../definition/types.js';
import type { RouteDecision, RouterRuntime } from './types.js';

export function routeRandom(router: RandomRouter, rt: RouterRuntime): RouteDecision {
  if (router.categories.length === 0) throw new Error('random router has no categories');
  const r = rt.random();
  const index = Math.min(router.categories.length - 1, Math.floor(r * router.categories.length));
  return { categoryUuid: router.categories[index]!.uuid, value: String(index), input: String(r) };
}
