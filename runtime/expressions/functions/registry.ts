/**
 * Every builtin expression function by name: the single place function names are defined. Router
 * case tests (runtime/routers/cases/registry.ts) are registered here too, so `@(has_phrase(input, "hi"))`
 * works exactly like a router case, as in goflow.
 *
 *   lookupFunction('upper')?.run(env, [xText('a')]) -> XText "A"
 *   callBuiltin(env, 'word_count', []) -> XError "error calling word_count(...): need 1 to 2 argument(s), got 0"
 */
import type { EvaluationEnvironment } from '../environment.js';
import { XError, XFunction, XNumber, type XValue } from '../values.js';
import { checkedNumber } from '../conversions.js';
import { CASE_TESTS } from '../../routers/cases/registry.js';
import { ARRAY_FUNCTIONS } from './arrays.js';
import { DATE_FUNCTIONS } from './dates.js';
import { ENCODING_FUNCTIONS } from './encoding.js';
import { LOGIC_FUNCTIONS } from './logic.js';
import { NUMBER_FUNCTIONS } from './numbers.js';
import { TEXT_FUNCTIONS } from './text.js';
import { arityError, firstError, type FunctionSpec } from './spec.js';

function caseTestFunctions(): FunctionSpec[] {
  return Object.values(CASE_TESTS).map((spec) => ({
    name: spec.type,
    minArgs: spec.minArgs + 1,
    maxArgs: spec.maxArgs + 1,
    description: spec.description,
    // has_error inspects errors itself; the other tests convert their arguments and so pass errors on
    acceptsErrors: spec.type === 'has_error',
    run: (env: EvaluationEnvironment, args: XValue[]) => spec.run(env, args),
  }));
}

const ALL: FunctionSpec[] = [
  ...TEXT_FUNCTIONS, ...NUMBER_FUNCTIONS, ...DATE_FUNCTIONS, ...ARRAY_FUNCTIONS, ...ENCODING_FUNCTIONS,
  ...LOGIC_FUNCTIONS, ...caseTestFunctions(),
];

const BY_NAME = new Map<string, FunctionSpec>();
for (const spec of ALL) {
  if (BY_NAME.has(spec.name)) throw new Error(`expression function '${spec.name}' is defined twice`);
  BY_NAME.set(spec.name, spec);
}

/** The function with this name (case-insensitive), if any. */
export function lookupFunction(name: string): FunctionSpec | undefined {
  return BY_NAME.get(name.toLowerCase());
}

/** One function as editors show it. Example: { name: 'word', minArgs: 2, maxArgs: 3, description: 'returns the word at an index ...', caseTest: false }. */
export interface FunctionInfo {
  name: string;
  minArgs: number;
  /** Infinity when variadic */
  maxArgs: number;
  description: string;
  /** also usable as a router case test */
  caseTest: boolean;
}

/** Every function with its arity and description, sorted by name (for completions and docs). */
export function functionCatalog(): FunctionInfo[] {
  return functionNames().map((name) => {
    const spec = BY_NAME.get(name)!;
    return { name, minArgs: spec.minArgs, maxArgs: spec.maxArgs, description: spec.description, caseTest: name in CASE_TESTS };
  });
}

/** All function names, sorted. */
export function functionNames(): string[] {
  return [...BY_NAME.keys()].sort();
}

/**
 * Calls a builtin: checks the argument count, passes argument errors through (unless the function
 * handles errors itself) and words any error as goflow does: "error calling upper(...): <reason>".
 */
export function invoke(env: EvaluationEnvironment, spec: FunctionSpec, args: XValue[]): XValue {
  const wrap = (message: string) => new XError(`error calling ${spec.name}(...): ${message}`);
  const arity = arityError(spec, args.length);
  if (arity) return wrap(arity);
  if (!spec.acceptsErrors) {
    const err = firstError(args);
    if (err) return wrap(err.message);
  }
  let result: XValue;
  try {
    result = spec.run(env, args);
  } catch (e) {
    // a bug or an unexpected input in a function must not take the engine down
    result = new XError(e instanceof Error ? e.message : String(e));
  }
  if (result instanceof XNumber) {
    // goflow refuses numbers it could not store (over 36 digits, or beyond 10^±100)
    const checked = checkedNumber(result.value);
    if (checked instanceof XError) result = checked;
  }
  return result instanceof XError ? wrap(result.message) : result;
}

/** The function as a value (functions are values: `@(foreach(items, upper))`). */
export function functionValue(spec: FunctionSpec, env: EvaluationEnvironment): XFunction {
  return new XFunction(spec.name, (args) => invoke(env, spec, args));
}

/** Calls a builtin by name; an error value if there is no such function. */
export function callBuiltin(env: EvaluationEnvironment, name: string, args: XValue[]): XValue {
  const spec = lookupFunction(name);
  if (!spec) return new XError(`${name.toLowerCase()} is not a function`);
  return invoke(env, spec, args);
}
