import { objectsOf } from '../json.js';
import { nodesOf, routerOf } from './flow-parts.js';
import type { MigrationStep } from './step.js';

/** Longest allowed expiry per flow type, in minutes. Other types have no limit to enforce. */
const MAX_EXPIRES: Record<string, number> = { messaging: 20160, voice: 15 };

/**
 * 14.0.0: `expire_after_minutes` is capped (two weeks for messaging, 15 minutes for voice) and categories with
 * an empty name are named "Match". (The major bump is for spec additions that need no migration.)
 */
export const step: MigrationStep = {
  version: '14.0.0',
  summary: 'caps expire_after_minutes and names unnamed categories "Match"',
  migrate(flow) {
    const max = MAX_EXPIRES[String(flow.type)];
    if (typeof flow.expire_after_minutes === 'number' && Number.isInteger(flow.expire_after_minutes) && max !== undefined) {
      flow.expire_after_minutes = Math.min(flow.expire_after_minutes, max);
    }
    for (const node of nodesOf(flow)) {
      const router = routerOf(node);
      if (!router) continue;
      for (const category of objectsOf(router.categories)) {
        if (typeof category.name !== 'string' || category.name === '') category.name = 'Match';
      }
    }
  },
};
