import { asObject } from '../json.js';
import { actionsOf, nodesOf } from './flow-parts.js';
import type { MigrationStep } from './step.js';

/** 13.1.0: each send_msg `templating` object gets its own UUID (so its variables can be translated). */
export const step: MigrationStep = {
  version: '13.1.0',
  summary: 'adds a uuid to send_msg templating objects',
  migrate(flow, ctx) {
    for (const node of nodesOf(flow)) {
      for (const action of actionsOf(node)) {
        const templating = action.type === 'send_msg' ? asObject(action.templating) : null;
        if (templating) templating.uuid = ctx.newUuid();
      }
    }
  },
};
