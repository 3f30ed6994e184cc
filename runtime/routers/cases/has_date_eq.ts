/**
 * has_date_eq(text, date): the text contains a date equal to `date` (dates compared in the environment's time zone).
 *   @(has_date_eq("the date is 15/01/2017", "2017-01-15")) -> true
 */
import { testDateInText } from './date_tests.js';
import type { CaseTestSpec } from './spec.js';

export const hasDateEq: CaseTestSpec = {
  type: 'has_date_eq',
  minArgs: 1,
  maxArgs: 1,
  legacy: false,
  description: 'has a date equal to',
  run: (env, args) => testDateInText(env, args[0], args[1], (value, limit) => value === limit),
};
