/**
 * set_run_result: saves a named result on the run (value + optional category), as a router would.
 * Example: `{ "type": "set_run_result", "uuid": "...", "name": "Gender", "value": "@input.text", "category": "Female" }`.
 */
import { z } from 'zod';
import type { ActionSpec } from './types.js';
import type { Action } from '../definition/types.js';
import { actionBase, resultNameSchema, templateSchema } from './schema-parts.js';

export const schema = z.object({
  ...actionBase,
  type: z.literal('set_run_result'),
  name: resultNameSchema,
  value: templateSchema,
  category: z.string().max(36).optional(),
});
export type SetRunResultAction = z.infer<typeof schema> & Action;

export const setRunResult: ActionSpec<SetRunResultAction> = {
  type: 'set_run_result',
  schema,
  localizable: ['category'],
  evaluated: ['value'],
  execute({ action, run }) {
    const { text, ok } = run.evaluateChecked(action.value);
    if (!ok) return;
    const category = action.category ?? '';
    const localized = category ? run.localize(action.uuid, 'category', [category]) : null;
    const categoryLocalized = localized && localized.values[0] !== category ? localized.values[0] : undefined;
    run.saveResult({ name: action.name, value: text, category, category_localized: categoryLocalized, input: undefined });
  },
};
