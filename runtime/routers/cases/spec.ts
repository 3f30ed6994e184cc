/**
 * The shape shared by every router case test (has_any_word, has_number_between, ...), and the
 * result objects they return. A case test is also an expression function: `@(has_phrase(input, "my phrase"))`.
 *
 *   const spec: CaseTestSpec = { type: 'has_text', minArgs: 0, maxArgs: 0, legacy: false, run: (env, [text]) => ... };
 *
 * Arity: `minArgs`/`maxArgs` count the case's `arguments` as stored in a flow definition, i.e. NOT
 * the operand. As an expression function the test takes the operand first, so it accepts
 * `minArgs + 1` to `maxArgs + 1` arguments.
 */
import type { EvaluationEnvironment } from '../../expressions/environment.js';
import { XObject, X_EMPTY, X_FALSE, X_TRUE, type XValue } from '../../expressions/values.js';

/** One case test type. Example: `{ type: 'has_number_between', minArgs: 2, maxArgs: 2, legacy: false, run }`. */
export interface CaseTestSpec {
  /** goflow's type string, e.g. "has_any_word" */
  type: string;
  /** fewest case arguments (operand excluded) */
  minArgs: number;
  /** most case arguments (operand excluded); Infinity for variadic tests such as has_category */
  maxArgs: number;
  /** kept only so that older flows still run (goflow keeps them for backward compatibility) */
  legacy: boolean;
  /** one-line description for editors */
  description: string;
  /**
   * Runs the test. `args[0]` is the operand, then the case arguments. Arity has been checked.
   * Returns a result object (`trueResult`/`FALSE_RESULT`) or an XError.
   */
  run: (env: EvaluationEnvironment, args: XValue[]) => XValue;
}

/** A matching result: `{__default__: true, match, extra?}` as in goflow. Example: trueResult(xText('42')). */
export function trueResult(match: XValue, extra?: XObject): XObject {
  const props: Record<string, unknown> = { match };
  if (extra) props.extra = extra;
  return new XObject(props, X_TRUE);
}

/** The non-matching result: `{__default__: false, match: ""}`. */
export const FALSE_RESULT = new XObject({ match: X_EMPTY }, X_FALSE);

/** Whether a case test's return value counts as a match (true default, not an error). */
export function isMatch(result: XValue): boolean {
  return result instanceof XObject && result.hasDefault && result.defaultValue() === X_TRUE;
}
