/**
 * has_number_between(text, min, max): the text contains a number between min and max inclusive.
 *   @(has_number_between("the number is 42", 40, 44).match) -> 42
 */
import { XError } from '../../expressions/values.js';
import { toXText } from '../../expressions/conversions.js';
import { numberArg, testNumberInText } from './numbers.js';
import type { CaseTestSpec } from './spec.js';

export const hasNumberBetween: CaseTestSpec = {
  type: 'has_number_between',
  minArgs: 2,
  maxArgs: 2,
  legacy: false,
  description: 'has a number between',
  run(env, args) {
    const text = toXText(env, args[0]);
    if (text instanceof XError) return text;
    const min = numberArg(env, args[1]);
    if (min instanceof XError) return min;
    const max = numberArg(env, args[2]);
    if (max instanceof XError) return max;
    return testNumberInText(env, text, (n) => n.gte(min) && n.lte(max));
  },
};
