/**
 * has_number_lte(text, max): the text contains a number less than or equal to `max`.
 *   @(has_number_lte("the number is 42", 42)) -> true
 */
import { XError } from '../../expressions/values.js';
import { numberArg, testNumberInText } from './numbers.js';
import type { CaseTestSpec } from './spec.js';

export const hasNumberLte: CaseTestSpec = {
  type: 'has_number_lte',
  minArgs: 1,
  maxArgs: 1,
  legacy: false,
  description: 'has a number less than or equal to',
  run(env, args) {
    const limit = numberArg(env, args[1]);
    if (limit instanceof XError) return limit;
    return testNumberInText(env, args[0], (n) => n.lte(limit));
  },
};
