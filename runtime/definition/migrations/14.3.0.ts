import { asArray, isObject } from '../json.js';
import { actionsOf, isSplitOnActionNode, nodesOf, routerOf } from './flow-parts.js';
import type { MigrationStep } from './step.js';

const OUTPUT_LOCALS: Record<string, string> = { open_ticket: '_new_ticket', transfer_airtime: '_new_transfer' };

/**
 * 14.3.0: ticket and airtime split nodes split on the action's output local (`@locals._new_ticket`, has_text)
 * instead of its result; the result name moves from the action to the router.
 */
export const step: MigrationStep = {
  version: '14.3.0',
  summary: 'ticket/airtime splits use @locals outputs; result name moves to the router',
  migrate(flow) {
    for (const node of nodesOf(flow)) {
      if (!isSplitOnActionNode(node, Object.keys(OUTPUT_LOCALS))) continue;
      const action = actionsOf(node)[0]!;
      const router = routerOf(node)!;
      const operand = typeof router.operand === 'string' ? router.operand : '';
      const first = asArray(router.cases)[0];
      if (!operand.startsWith('@results.') || !isObject(first)) continue;
      first.type = 'has_text';
      first.arguments = [];
      router.operand = `@locals.${OUTPUT_LOCALS[String(action.type)]}`;
      router.cases = [first];
      router.result_name = action.result_name;
      delete action.result_name;
    }
  },
};
