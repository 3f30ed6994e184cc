import { actionsOf, nodesOf } from './flow-parts.js';
import type { MigrationStep } from './step.js';

/** 14.4.0: send_msg loses `all_urns` (messages always go to the preferred URN). */
export const step: MigrationStep = {
  version: '14.4.0',
  summary: 'removes all_urns from send_msg',
  migrate(flow) {
    for (const node of nodesOf(flow)) for (const action of actionsOf(node)) if (action.type === 'send_msg') delete action.all_urns;
  },
};
