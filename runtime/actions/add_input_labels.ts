/**
 * add_input_labels: labels the message that started or resumed the session.
 * Example: `{ "type": "add_input_labels", "uuid": "...", "labels": [{ "uuid": "3f65...", "name": "Spam" }] }`.
 */
import { z } from 'zod';
import type { ActionSpec } from './types.js';
import type { Action } from '../definition/types.js';
import { actionBase, variableReferenceSchema } from './schema-parts.js';
import { ref, resolveLabels } from './helpers.js';
import { inputLabelsAdded } from '../events/constructors.js';

export const schema = z.object({ ...actionBase, type: z.literal('add_input_labels'), labels: z.array(variableReferenceSchema) });
export type AddInputLabelsAction = z.infer<typeof schema> & Action;

export const addInputLabels: ActionSpec<AddInputLabelsAction> = {
  type: 'add_input_labels',
  schema,
  localizable: [],
  evaluated: ['labels[].name_match'],
  execute({ action, run }) {
    const input = run.input;
    if (!input) {
      run.error('No input to add labels to');
      return;
    }
    const labels = resolveLabels(run, action.labels);
    if (labels.length > 0) run.emit(inputLabelsAdded(input.uuid, labels.map(ref)));
  },
};
