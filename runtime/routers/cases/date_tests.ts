/**
 * Shared logic of has_date, has_date_lt, has_date_eq and has_date_gt: find a date in the text
 * (environment date format; a missing time of day is filled from "now"), then compare only the
 * calendar dates in the environment's time zone. The match is the full datetime found.
 *
 *   testDateInText(env, xText("born 15/01/2017"), null, () => true)
 */
import type { EvaluationEnvironment } from '../../expressions/environment.js';
import { XError, type XDateTime, type XValue } from '../../expressions/values.js';
import { toXDateTime, toXText } from '../../expressions/conversions.js';
import { parseDateTimeText } from '../../expressions/dates.js';
import { FALSE_RESULT, trueResult } from './spec.js';

function dateKey(env: EvaluationEnvironment, x: XDateTime): number {
  const d = x.dt.setZone(env.timezone);
  return d.year * 10000 + d.month * 100 + d.day;
}

/** `compare` gets (value date key, limit date key) as yyyymmdd numbers. */
export function testDateInText(
  env: EvaluationEnvironment,
  operand: XValue,
  limitArg: XValue | undefined,
  compare: (value: number, limit: number) => boolean,
): XValue {
  const text = toXText(env, operand);
  if (text instanceof XError) return text;
  let limit = 0;
  if (limitArg !== undefined) {
    const l = toXDateTime(env, limitArg);
    if (l instanceof XError) return l;
    limit = dateKey(env, l);
  }
  const found = parseDateTimeText(env, text.value, true);
  if (!found) return FALSE_RESULT;
  return compare(dateKey(env, found), limit) ? trueResult(found) : FALSE_RESULT;
}
