/**
 * Number functions, with decimal arithmetic and half-away-from-zero rounding like goflow.
 *
 *   @(round(12.146, 2)) -> 12.15     @(round_up(12.141)) -> 13     @(mean(1, 2)) -> 1.5
 *   @(rand_between(1, 10)) -> uses the environment's injected randomness
 */
import { Decimal } from 'decimal.js';
import type { EvaluationEnvironment } from '../environment.js';
import { Dec, XArray, XError, XNumber, type XValue, divide } from '../values.js';
import { toInteger, toXArray, toXNumber } from '../conversions.js';
import { fn, type FunctionSpec } from './spec.js';

function num(env: EvaluationEnvironment, v: XValue): Decimal | XError {
  const n = toXNumber(env, v);
  return n instanceof XError ? n : n.value;
}

function optionalPlaces(env: EvaluationEnvironment, args: XValue[]): number | XError {
  return args.length > 1 ? toInteger(env, args[1]) : 0;
}

/** Rounds half away from zero to `places` (negative places round to tens, hundreds, ...). */
export function roundDecimal(d: Decimal, places: number): Decimal {
  if (places >= 0) return d.toDecimalPlaces(places, Decimal.ROUND_HALF_UP);
  const scale = new Dec(10).pow(-places);
  return d.div(scale).toDecimalPlaces(0, Decimal.ROUND_HALF_UP).times(scale);
}

/** goflow's round_up / round_down: shift by half a unit of the last place, then round. */
function roundTowards(d: Decimal, places: number, up: boolean): Decimal {
  if (roundDecimal(d, places).eq(d)) return d;
  const half = new Dec(5).times(new Dec(10).pow(-places - 1));
  return roundDecimal(up ? d.plus(half) : d.minus(half), places);
}

/** A random decimal in [0,1) from the injected source, as goflow builds it from a float. */
function randomDecimal(env: EvaluationEnvironment): Decimal {
  const r = env.random();
  const bounded = Number.isFinite(r) && r >= 0 && r < 1 ? r : 0;
  return new Dec(String(bounded));
}

function extreme(env: EvaluationEnvironment, values: XValue[], pickGreater: boolean): XValue {
  let best = toXNumber(env, values[0]);
  if (best instanceof XError) return best;
  for (const v of values.slice(1)) {
    const n = toXNumber(env, v);
    if (n instanceof XError) return n;
    if (pickGreater ? n.value.gt(best.value) : n.value.lt(best.value)) best = n;
  }
  return best;
}

export const NUMBER_FUNCTIONS: FunctionSpec[] = [
  fn('number', 1, 1, 'converts a value to a number', (env, [v]) => toXNumber(env, v)),

  fn('abs', 1, 1, 'returns the absolute value', (env, [v]) => {
    const n = num(env, v);
    return n instanceof XError ? n : new XNumber(n.abs());
  }),

  fn('round', 1, 2, 'rounds to the nearest value (optionally to a number of decimal places)', (env, args) => {
    const n = num(env, args[0]);
    if (n instanceof XError) return n;
    const places = optionalPlaces(env, args);
    if (places instanceof XError) return places;
    return new XNumber(roundDecimal(n, places));
  }),

  fn('round_up', 1, 2, 'rounds up', (env, args) => {
    const n = num(env, args[0]);
    if (n instanceof XError) return n;
    const places = optionalPlaces(env, args);
    if (places instanceof XError) return places;
    return new XNumber(roundTowards(n, places, true));
  }),

  fn('round_down', 1, 2, 'rounds down', (env, args) => {
    const n = num(env, args[0]);
    if (n instanceof XError) return n;
    const places = optionalPlaces(env, args);
    if (places instanceof XError) return places;
    return new XNumber(roundTowards(n, places, false));
  }),

  fn('max', 1, Infinity, 'returns the greatest of the numbers', (env, args) => extreme(env, args, true)),
  fn('min', 1, Infinity, 'returns the smallest of the numbers', (env, args) => extreme(env, args, false)),

  fn('mean', 1, Infinity, 'returns the arithmetic mean', (env, args) => {
    let sum = new Dec(0);
    for (const a of args) {
      const n = num(env, a);
      if (n instanceof XError) return n;
      sum = sum.plus(n);
    }
    return new XNumber(divide(sum, new Dec(args.length)));
  }),

  fn('mod', 2, 2, 'returns the remainder of a division', (env, [a, b]) => {
    const x = num(env, a);
    if (x instanceof XError) return x;
    const y = num(env, b);
    if (y instanceof XError) return y;
    if (y.isZero()) return new XError('division by zero');
    return new XNumber(x.mod(y));
  }),

  fn('rand', 0, 0, 'returns a random number in [0, 1)', (env) => new XNumber(randomDecimal(env))),

  fn('rand_between', 2, 2, 'returns a random integer between min and max inclusive', (env, [a, b]) => {
    const min = num(env, a);
    if (min instanceof XError) return min;
    const max = num(env, b);
    if (max instanceof XError) return max;
    const span = max.minus(min).plus(1);
    return new XNumber(randomDecimal(env).times(span).plus(min).floor());
  }),

  fn('sum', 1, 1, 'sums the items of an array', (env, [v]) => {
    const array = toXArray(env, v);
    if (array instanceof XError) return array;
    let total = new Dec(0);
    for (const item of (array as XArray).items()) {
      const n = num(env, item);
      if (n instanceof XError) return n;
      total = total.plus(n);
    }
    return new XNumber(total);
  }),
];
