/**
 * has_number_gt(text, min): the text contains a number greater than `min`.
 *   @(has_number_gt("the number is 42", 40).match) -> 42
 */
import { XError } from '../../expressions/values.js';
import { numberArg, testNumberInText } from './numbers.js';
import type { CaseTestSpec } from './spec.js';

export const hasNumberGt: CaseTestSpec = {
  type: 'has_number_gt',
  minArgs: 1,
  maxArgs: 1,
  legacy: false,
  description: 'has a number greater than',
  run(env, args) {
    const limit = numberArg(env, args[1]);
    if (limit instanceof XError) return limit;
    return testNumberInText(env, args[0], (n) => n.gt(limit));
  },
};
