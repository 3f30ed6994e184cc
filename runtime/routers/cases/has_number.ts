/**
 * has_number(text): the text contains a number.
 *   @(has_number("the number is 42").match) -> 42;  @(has_number("forty two")) -> false
 */
import { testNumberInText } from './numbers.js';
import type { CaseTestSpec } from './spec.js';

export const hasNumber: CaseTestSpec = {
  type: 'has_number',
  minArgs: 0,
  maxArgs: 0,
  legacy: false,
  description: 'has a number',
  run: (env, args) => testNumberInText(env, args[0], () => true),
};
