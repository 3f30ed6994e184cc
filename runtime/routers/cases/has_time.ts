/**
 * has_time(text): the text contains a time of day.
 *   @(has_time("the time is 10 PM").match) -> 22:00:00.000000
 */
import { XError } from '../../expressions/values.js';
import { toXText } from '../../expressions/conversions.js';
import { findTimeInText } from '../../expressions/dates.js';
import { FALSE_RESULT, trueResult, type CaseTestSpec } from './spec.js';

export const hasTime: CaseTestSpec = {
  type: 'has_time',
  minArgs: 0,
  maxArgs: 0,
  legacy: false,
  description: 'has a time',
  run(env, args) {
    const text = toXText(env, args[0]);
    if (text instanceof XError) return text;
    const t = findTimeInText(text.value);
    return t ? trueResult(t) : FALSE_RESULT;
  },
};
