/**
 * set_run_local: sets, increments or clears a run-local variable (`@locals.name`), invisible to results.
 * Example: `{ "type": "set_run_local", "uuid": "...", "local": "counter", "value": "1", "operation": "increment" }`.
 */
import { z } from 'zod';
import type { ActionSpec } from './types.js';
import type { Action } from '../definition/types.js';
import { actionBase, templateSchema } from './schema-parts.js';

export const schema = z.object({
  ...actionBase,
  type: z.literal('set_run_local'),
  local: z.string().min(1, { message: 'is required' }).max(64).regex(/^[a-z_][a-z0-9_]*$/i, { message: 'is not a valid local name' }),
  value: templateSchema.optional(),
  operation: z.enum(['set', 'increment', 'clear'], { message: 'is required' }),
});
export type SetRunLocalAction = z.infer<typeof schema> & Action;

/** Longest value a local keeps (goflow's limit). */
const MAX_LOCAL_LENGTH = 640;

export const setRunLocal: ActionSpec<SetRunLocalAction> = {
  type: 'set_run_local',
  schema,
  localizable: [],
  evaluated: ['value'],
  execute({ action, run }) {
    if (action.operation === 'clear') {
      run.setLocal(action.local, null);
      return;
    }
    const { text, ok } = run.evaluateChecked(action.value ?? '');
    if (!ok) return;
    if (action.operation === 'set') {
      run.setLocal(action.local, [...text].slice(0, MAX_LOCAL_LENGTH).join(''));
      return;
    }
    const increment = text.trim();
    if (!/^[-+]?\d+$/.test(increment)) {
      run.error('Increment value is not an integer');
      return;
    }
    const current = Number.parseInt(String(run.state.locals?.[action.local] ?? '0'), 10);
    const base = Number.isFinite(current) ? current : 0;
    run.setLocal(action.local, String(base + Number.parseInt(increment, 10)));
  },
};
