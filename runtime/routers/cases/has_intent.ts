/**
 * has_intent(result, name, confidence): any intent of a classifier result has the name with at
 * least the confidence.
 *   @(has_intent(results.intent, "book_flight", 0.5)) -> true
 */
import { testIntent } from './intents.js';
import type { CaseTestSpec } from './spec.js';

export const hasIntent: CaseTestSpec = {
  type: 'has_intent',
  minArgs: 2,
  maxArgs: 2,
  legacy: false,
  description: 'has the intent',
  run: (env, args) => testIntent(env, args, false),
};
