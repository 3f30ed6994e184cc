/**
 * enter_flow: runs another flow as a sub-flow; the parent continues when the child ends (or ends with it
 * when `terminal`). The child sees the parent as @parent, the parent sees the child as @child.
 * Example: `{ "type": "enter_flow", "uuid": "...", "flow": { "uuid": "b7cf...", "name": "Collect Age" }, "terminal": false }`.
 */
import { z } from 'zod';
import type { ActionSpec } from './types.js';
import type { Action } from '../definition/types.js';
import { actionBase, referenceSchema } from './schema-parts.js';

export const schema = z.object({ ...actionBase, type: z.literal('enter_flow'), flow: referenceSchema, terminal: z.boolean().optional() });
export type EnterFlowAction = z.infer<typeof schema> & Action;

/** Which flow types a flow of each type may enter. */
const ENTERABLE: Record<string, string[]> = {
  messaging: ['messaging', 'messaging_background'],
  messaging_background: ['messaging_background'],
  messaging_offline: ['messaging_offline', 'messaging_background'],
  voice: ['voice', 'messaging_background'],
};

export const enterFlow: ActionSpec<EnterFlowAction> = {
  type: 'enter_flow',
  schema,
  localizable: [],
  evaluated: [],
  execute({ action, run }) {
    const flow = run.findFlow(action.flow);
    if (!flow) {
      run.fail(`Unable to find flow '${action.flow.name}'`);
      return;
    }
    if (!(ENTERABLE[run.flow.type] ?? [run.flow.type]).includes(flow.type)) {
      run.fail(`Can't enter flow[uuid=${flow.uuid},name=${flow.name}] of type ${flow.type} from type ${run.flow.type}`);
      return;
    }
    run.enterFlow(flow, action.terminal ?? false);
  },
};
