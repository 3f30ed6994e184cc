/**
 * Router dispatch by type. Unknown router types are a definition error (readFlow rejects them).
 *
 *   const decision = route(node.router, rt);
 */
import type { Router } from '../definition/types.js';
import { routeRandom } from './random.js';
import { routeSwitch } from './switch.js';
import type { RouteDecision, RouterRuntime } from './types.js';

export function route(router: Router, rt: RouterRuntime): RouteDecision {
  switch (router.type) {
    case 'switch':
      return routeSwitch(router, rt);
    case 'random':
      return routeRandom(router, rt);
    default:
      throw new Error(`unknown router type '${(router as { type: string }).type}'`);
  }
}

export type { RouteDecision, RouterRuntime } from './types.js';
