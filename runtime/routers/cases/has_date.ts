/**
 * has_date(text): the text contains a date in the environment's date format.
 *   @(has_date("the date is 15/01/2017")) -> true (DD-MM-YYYY)
 */
import { testDateInText } from './date_tests.js';
import type { CaseTestSpec } from './spec.js';

export const hasDate: CaseTestSpec = {
  type: 'has_date',
  minArgs: 0,
  maxArgs: 0,
  legacy: false,
  description: 'has a date',
  run: (env, args) => testDateInText(env, args[0], undefined, () => true),
};
