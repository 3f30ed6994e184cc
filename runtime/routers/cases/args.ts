/**
 * Argument conversion for case tests: each helper converts the raw arguments to the types a test
 * needs, or returns the first conversion error (which the caller returns as the test's result).
 *
 *   const texts = textArgs(env, args); if (texts instanceof XError) return texts;
 */
import type { EvaluationEnvironment } from '../../expressions/environment.js';
import { toXText } from '../../expressions/conversions.js';
import { XError, type XValue } from '../../expressions/values.js';

/** All arguments as strings, or the first error. */
export function textArgs(env: EvaluationEnvironment, args: XValue[]): string[] | XError {
  const out: string[] = [];
  for (const a of args) {
    const t = toXText(env, a);
    if (t instanceof XError) return t;
    out.push(t.value);
  }
  return out;
}
