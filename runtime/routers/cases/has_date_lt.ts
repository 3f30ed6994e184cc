/**
 * has_date_lt(text, max): the text contains a date before `max` (dates compared in the environment's time zone).
 *   @(has_date_lt("the date is 15/01/2017", "2017-06-01")) -> true
 */
import { testDateInText } from './date_tests.js';
import type { CaseTestSpec } from './spec.js';

export const hasDateLt: CaseTestSpec = {
  type: 'has_date_lt',
  minArgs: 1,
  maxArgs: 1,
  legacy: false,
  description: 'has a date before',
  run: (env, args) => testDateInText(env, args[0], args[1], (value, limit) => value < limit),
};
