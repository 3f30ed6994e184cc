/**
 * has_number_lt(text, max): the text contains a number less than `max`.
 *   @(has_number_lt("the number is 42", 44).match) -> 42
 */
import { XError } from '../../expressions/values.js';
import { numberArg, testNumberInText } from './numbers.js';
import type { CaseTestSpec } from './spec.js';

export const hasNumberLt: CaseTestSpec = {
  type: 'has_number_lt',
  minArgs: 1,
  maxArgs: 1,
  legacy: false,
  description: 'has a number less than',
  run(env, args) {
    const limit = numberArg(env, args[1]);
    if (limit instanceof XError) return limit;
    return testNumberInText(env, args[0], (n) => n.lt(limit));
  },
};
