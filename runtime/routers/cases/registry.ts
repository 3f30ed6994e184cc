/**
 * Every router case test, by goflow type string: the single place where case test types are defined.
 * The expression function registry also exposes each of them as a function (`@(has_phrase(input, "hi"))`).
 *
 *   const spec = CASE_TESTS['has_number_between'];  // { type, minArgs: 2, maxArgs: 2, legacy, run }
 *   const result = runCaseTest(env, 'has_number_between', operand, [xText('1'), xText('10')]);
 *
 * Arity: minArgs/maxArgs count the case's `arguments` in the flow definition (operand excluded).
 *
 * Not included: goflow's long-removed `has_wait_timed_out`, `has_run_status`, `has_webhook_status`
 * and `is_text_eq` (legacy flows are migrated to the current tests / timeout categories before they
 * run). `has_value` is kept as goflow does, as a legacy alias of has_text.
 */
import type { EvaluationEnvironment } from '../../expressions/environment.js';
import { XError, type XValue } from '../../expressions/values.js';
import type { CaseTestSpec } from './spec.js';
import { hasAllWords } from './has_all_words.js';
import { hasAnyWord } from './has_any_word.js';
import { hasBeginning } from './has_beginning.js';
import { hasCategory } from './has_category.js';
import { hasDate } from './has_date.js';
import { hasDateEq } from './has_date_eq.js';
import { hasDateGt } from './has_date_gt.js';
import { hasDateLt } from './has_date_lt.js';
import { hasDistrict } from './has_district.js';
import { hasEmail } from './has_email.js';
import { hasError } from './has_error.js';
import { hasGroup } from './has_group.js';
import { hasIntent } from './has_intent.js';
import { hasNumber } from './has_number.js';
import { hasNumberBetween } from './has_number_between.js';
import { hasNumberEq } from './has_number_eq.js';
import { hasNumberGt } from './has_number_gt.js';
import { hasNumberGte } from './has_number_gte.js';
import { hasNumberLt } from './has_number_lt.js';
import { hasNumberLte } from './has_number_lte.js';
import { hasOnlyPhrase } from './has_only_phrase.js';
import { hasOnlyText } from './has_only_text.js';
import { hasPattern } from './has_pattern.js';
import { hasPhone } from './has_phone.js';
import { hasPhrase } from './has_phrase.js';
import { hasState } from './has_state.js';
import { hasText } from './has_text.js';
import { hasTime } from './has_time.js';
import { hasTopIntent } from './has_top_intent.js';
import { hasValue } from './has_value.js';
import { hasWard } from './has_ward.js';

export type { CaseTestSpec } from './spec.js';
export { FALSE_RESULT, isMatch, trueResult } from './spec.js';

const ALL: CaseTestSpec[] = [
  hasAnyWord, hasAllWords, hasPhrase, hasOnlyPhrase, hasBeginning, hasText, hasOnlyText, hasPattern,
  hasNumber, hasNumberEq, hasNumberLt, hasNumberLte, hasNumberGt, hasNumberGte, hasNumberBetween,
  hasDate, hasDateEq, hasDateLt, hasDateGt, hasTime,
  hasEmail, hasPhone, hasGroup, hasCategory, hasError, hasValue, hasIntent, hasTopIntent,
  hasState, hasDistrict, hasWard,
];

/** Case tests by type string. */
export const CASE_TESTS: Readonly<Record<string, CaseTestSpec>> = Object.freeze(
  Object.fromEntries(ALL.map((spec) => [spec.type, Object.freeze(spec)])),
);

export function isCaseTestType(type: string): boolean {
  return Object.prototype.hasOwnProperty.call(CASE_TESTS, type);
}

/** "need 1 argument(s), got 2" style message for a case with the wrong number of arguments. */
export function caseArityError(spec: CaseTestSpec, given: number): string | null {
  if (given >= spec.minArgs && given <= spec.maxArgs) return null;
  if (spec.minArgs === spec.maxArgs) return `${spec.type} needs ${spec.minArgs} argument(s), got ${given}`;
  if (spec.maxArgs === Infinity) return `${spec.type} needs at least ${spec.minArgs} argument(s), got ${given}`;
  return `${spec.type} needs ${spec.minArgs} to ${spec.maxArgs} argument(s), got ${given}`;
}

/**
 * Runs a case test for a router: the operand plus the case's (already evaluated) arguments.
 * Returns the result object (`{__default__: bool, match, extra?}`) or an XError (unknown type,
 * wrong argument count, or an error from the test itself).
 */
export function runCaseTest(env: EvaluationEnvironment, type: string, operand: XValue, args: XValue[]): XValue {
  const spec = isCaseTestType(type) ? CASE_TESTS[type] : undefined;
  if (!spec) return new XError(`unknown case test type '${type}'`);
  const arity = caseArityError(spec, args.length);
  if (arity) return new XError(arity);
  return spec.run(env, [operand, ...args]);
}
