/**
 * has_top_intent(result, name, confidence): the top intent of a classifier result has the name
 * with at least the confidence.
 *   @(has_top_intent(results.intent, "book_hotel", 0.5)) -> false
 */
import { testIntent } from './intents.js';
import type { CaseTestSpec } from './spec.js';

export const hasTopIntent: CaseTestSpec = {
  type: 'has_top_intent',
  minArgs: 2,
  maxArgs: 2,
  legacy: false,
  description: 'has the top intent',
  run: (env, args) => testIntent(env, args, true),
};
