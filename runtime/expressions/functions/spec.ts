/**
 * The shape of a builtin expression function and small helpers shared by the function families.
 *
 *   const upper: FunctionSpec = fn('upper', 1, 1, 'converts text to uppercase', (env, [text]) => ...);
 *
 * Arity is checked before `run` is called (goflow's messages: "need 1 argument(s), got 2",
 * "need 1 to 2 argument(s), got 0", "need at least 1 argument(s), got 0"). Unless `acceptsErrors`
 * is set, an error among the arguments is returned without calling `run`.
 */
import type { EvaluationEnvironment } from '../environment.js';
import { XError, type XValue } from '../values.js';

/** One builtin function. Example: `{ name: 'upper', minArgs: 1, maxArgs: 1, run }`. */
export interface FunctionSpec {
  /** lowercase name as written in expressions, e.g. "format_date" */
  name: string;
  minArgs: number;
  /** Infinity when variadic */
  maxArgs: number;
  description: string;
  /** the function receives error arguments itself (is_error, default, if, has_error) */
  acceptsErrors?: boolean;
  /** replaces the standard arity message (a few goflow functions word it their own way) */
  arityMessage?: (given: number) => string | null;
  run: (env: EvaluationEnvironment, args: XValue[]) => XValue;
}

export function fn(
  name: string,
  minArgs: number,
  maxArgs: number,
  description: string,
  run: FunctionSpec['run'],
  extra: Partial<Pick<FunctionSpec, 'acceptsErrors' | 'arityMessage'>> = {},
): FunctionSpec {
  return { name, minArgs, maxArgs, description, run, ...extra };
}

/** goflow's wording for a wrong number of arguments, or null when the count is fine. */
export function arityError(spec: FunctionSpec, given: number): string | null {
  if (spec.arityMessage) return spec.arityMessage(given);
  if (given >= spec.minArgs && given <= spec.maxArgs) return null;
  if (spec.minArgs === spec.maxArgs) {
    return spec.minArgs === 0 ? `doesn't take any arguments, got ${given}` : `need ${spec.minArgs} argument(s), got ${given}`;
  }
  if (spec.maxArgs === Infinity) return `need at least ${spec.minArgs} argument(s), got ${given}`;
  return `need ${spec.minArgs} to ${spec.maxArgs} argument(s), got ${given}`;
}

/** First error among values, if any. */
export function firstError(values: XValue[]): XError | null {
  for (const v of values) if (v instanceof XError) return v;
  return null;
}
