/**
 * has_date_gt(text, min): the text contains a date after `min` (dates compared in the environment's time zone).
 *   @(has_date_gt("the date is 15/01/2017", "2017-03-15")) -> false
 */
import { testDateInText } from './date_tests.js';
import type { CaseTestSpec } from './spec.js';

export const hasDateGt: CaseTestSpec = {
  type: 'has_date_gt',
  minArgs: 1,
  maxArgs: 1,
  legacy: false,
  description: 'has a date after',
  run: (env, args) => testDateInText(env, args[0], args[1], (value, limit) => value > limit),
};
