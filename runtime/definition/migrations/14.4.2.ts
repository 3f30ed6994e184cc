import { isSplitOnActionNode, nodesOf, routerOf } from './flow-parts.js';
import type { MigrationStep } from './step.js';

/** 14.4.2: webhook splits use `@(default(webhook.status, 0))` so a call that never happened routes to Failure without an error. */
export const step: MigrationStep = {
  version: '14.4.2',
  summary: 'webhook splits default the status to 0',
  migrate(flow) {
    for (const node of nodesOf(flow)) {
      if (!isSplitOnActionNode(node, ['call_webhook', 'call_resthook'])) continue;
      const router = routerOf(node)!;
      if (router.operand === '@webhook.status') router.operand = '@(default(webhook.status, 0))';
    }
  },
};
