/**
 * has_number_eq(text, value): the text contains a number equal to `value`.
 *   @(has_number_eq("the number is 42", 42)) -> true
 */
import { XError } from '../../expressions/values.js';
import { numberArg, testNumberInText } from './numbers.js';
import type { CaseTestSpec } from './spec.js';

export const hasNumberEq: CaseTestSpec = {
  type: 'has_number_eq',
  minArgs: 1,
  maxArgs: 1,
  legacy: false,
  description: 'has a number equal to',
  run(env, args) {
    const limit = numberArg(env, args[1]);
    if (limit instanceof XError) return limit;
    return testNumberInText(env, args[0], (n) => n.eq(limit));
  },
};
