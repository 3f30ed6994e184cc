/**
 * call_classifier: classifies text into intents through `services.classifier`; the top intent becomes the
 * result value. Without a classifier reference or service it behaves as goflow today (warning + Failure).
 * Example: `{ "type": "call_classifier", "uuid": "...", "classifier": { "uuid": "1c06...", "name": "Booking" }, "input": "@input.text", "result_name": "Intent" }`.
 */
import { z } from 'zod';
import type { ActionSpec } from './types.js';
import type { Action } from '../definition/types.js';
import { actionBase, referenceSchema, resultNameSchema, templateSchema } from './schema-parts.js';
import { logMissingDependency } from './helpers.js';

export const schema = z.object({
  ...actionBase,
  type: z.literal('call_classifier'),
  classifier: referenceSchema.optional(),
  input: templateSchema,
  result_name: resultNameSchema,
});
export type CallClassifierAction = z.infer<typeof schema> & Action;

export const callClassifier: ActionSpec<CallClassifierAction> = {
  type: 'call_classifier',
  schema,
  localizable: [],
  evaluated: ['input'],
  async execute({ action, run }) {
    const service = run.services.classifier;
    if (!action.classifier || !service) {
      run.warning('NLU classifiers are no longer supported');
      run.saveResult({ name: action.result_name, value: '0', category: 'Failure', input: undefined });
      return;
    }
    const classifier = run.assets.classifier(action.classifier.uuid);
    if (!classifier) {
      logMissingDependency(run, 'classifier', action.classifier);
      run.saveResult({ name: action.result_name, value: '0', category: 'Failure', input: undefined });
      return;
    }
    const text = run.evaluate(action.input);
    if (text.trim() === '') {
      run.saveResult({ name: action.result_name, value: '0', category: 'Skipped', input: text });
      return;
    }
    try {
      const classification = await service.classify(classifier.uuid, text, run.contact.language ?? null);
      const top = [...classification.intents].sort((a, b) => b.confidence - a.confidence)[0];
      run.saveResult({
        name: action.result_name,
        value: top ? top.name : '',
        category: 'Success',
        input: text,
        extra: classification,
      });
    } catch (err) {
      run.error(`Classifier '${classifier.name}' failed: ${err instanceof Error ? err.message : String(err)}`);
      run.saveResult({ name: action.result_name, value: '0', category: 'Failure', input: text });
    }
  },
};
