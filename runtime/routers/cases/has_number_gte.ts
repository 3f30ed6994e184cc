/**
 * has_number_gte(text, min): the text contains a number greater than or equal to `min`.
 *   @(has_number_gte("the number is 42", 45)) -> false
 */
import { XError } from '../../expressions/values.js';
import { numberArg, testNumberInText } from './numbers.js';
import type { CaseTestSpec } from './spec.js';

export const hasNumberGte: CaseTestSpec = {
  type: 'has_number_gte',
  minArgs: 1,
  maxArgs: 1,
  legacy: false,
  description: 'has a number greater than or equal to',
  run(env, args) {
    const limit = numberArg(env, args[1]);
    if (limit instanceof XError) return limit;
    return testNumberInText(env, args[0], (n) => n.gte(limit));
  },
};
