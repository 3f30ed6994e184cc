import { asArray, isObject } from '../json.js';
import { actionsOf, isSplitOnActionNode, nodesOf, routerOf } from './flow-parts.js';
import type { MigrationStep } from './step.js';

const MAX_QUICK_REPLIES = 10;

/**
 * 14.1.0: webhook/resthook split nodes that split on the action's result (`@results.x`) now split on the HTTP
 * status (`@webhook.status` between 200 and 299, one case). Quick replies are capped at 10.
 */
export const step: MigrationStep = {
  version: '14.1.0',
  summary: 'webhook splits use @webhook.status; at most 10 quick replies',
  migrate(flow) {
    for (const node of nodesOf(flow)) {
      if (!isSplitOnActionNode(node, ['call_webhook', 'call_resthook'])) continue;
      const router = routerOf(node)!;
      const operand = typeof router.operand === 'string' ? router.operand : '';
      const first = asArray(router.cases)[0];
      if (!operand.startsWith('@results.') || !isObject(first)) continue;
      first.type = 'has_number_between';
      first.arguments = ['200', '299'];
      router.operand = '@webhook.status';
      router.cases = [first];
    }
    for (const node of nodesOf(flow)) {
      for (const action of actionsOf(node)) {
        if ((action.type === 'send_msg' || action.type === 'send_broadcast') && Array.isArray(action.quick_replies)) {
          if (action.quick_replies.length > MAX_QUICK_REPLIES) action.quick_replies = action.quick_replies.slice(0, MAX_QUICK_REPLIES);
        }
      }
    }
  },
};
