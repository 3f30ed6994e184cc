/**
 * Array and object functions: array, object, count, join, reverse, sort, unique, concat, foreach,
 * foreach_value, extract, extract_object.
 *
 *   @(join(array("a", "b", "c"), "|")) -> a|b|c
 *   @(foreach(array("a", "b"), (x) => x & "1")) -> [a1, b1]
 *   @(sort(array(3, 1, 2))) -> [1, 2, 3]
 */
import type { EvaluationEnvironment } from '../environment.js';
import { Dec, XArray, XError, XFunction, XNumber, XObject, XText, type XValue } from '../values.js';
import { compareStrings, describe, reduce, renderDate, renderTime, toXArray, toXObject, toXText, xEquals } from '../conversions.js';
import { MAX_ARRAY_LENGTH, MAX_TEXT_LENGTH } from '../limits.js';
import { fn, firstError, type FunctionSpec } from './spec.js';

/** Order of two comparable values of the same kind (numbers, text, dates, times, datetimes). */
function compareValues(a: XValue, b: XValue): number {
  const x = reduce(a);
  const y = reduce(b);
  if (x === null || y === null || x.kind !== y.kind) {
    return compareStrings(x?.kind ?? 'null', y?.kind ?? 'null');
  }
  switch (x.kind) {
    case 'number':
      return x.value.cmp((y as XNumber).value);
    case 'text':
      return compareStrings(x.value, (y as XText).value);
    case 'boolean':
      return Number(x.value) - Number((y as typeof x).value);
    case 'date':
      return compareStrings(renderDate(x), renderDate(y as typeof x));
    case 'time':
      return compareStrings(renderTime(x), renderTime(y as typeof x));
    case 'datetime': {
      const d = x.dt.toMillis() - (y as typeof x).dt.toMillis();
      return d !== 0 ? Math.sign(d) : x.extraMicros - (y as typeof x).extraMicros;
    }
    default:
      return 0;
  }
}

function isComparable(v: XValue): boolean {
  const r = reduce(v);
  return r !== null && ['number', 'text', 'boolean', 'date', 'time', 'datetime'].includes(r.kind);
}

function apply(env: EvaluationEnvironment, f: XValue, args: XValue[]): XValue {
  return (f as XFunction).call(args);
}

export const ARRAY_FUNCTIONS: FunctionSpec[] = [
  fn('array', 0, Infinity, 'makes an array of the values', (env, args) => {
    const err = firstError(args);
    return err ?? new XArray(args);
  }),

  fn('object', 0, Infinity, 'makes an object from name, value pairs', (env, args) => {
    const err = firstError(args);
    if (err) return err;
    if (args.length % 2 !== 0) return new XError('requires an even number of arguments');
    const props: Record<string, unknown> = {};
    for (let i = 0; i < args.length; i += 2) {
      const key = toXText(env, args[i]);
      if (key instanceof XError) return key;
      props[key.value] = args[i + 1];
    }
    return new XObject(props);
  }),

  fn('count', 1, 1, 'returns the number of items of an array or properties of an object', (env, [v]) => {
    if (v === null) return new XNumber(new Dec(0));
    if (v instanceof XArray) return new XNumber(new Dec(v.length));
    if (v instanceof XObject) return new XNumber(new Dec(v.keys().length));
    return new XError("value isn't countable");
  }),

  fn('join', 2, 2, 'joins the items of an array with a separator', (env, [a, s]) => {
    const array = toXArray(env, a);
    if (array instanceof XError) return array;
    const sep = toXText(env, s);
    if (sep instanceof XError) return sep;
    const parts: string[] = [];
    let total = 0;
    for (const item of array.items()) {
      const t = toXText(env, item);
      if (t instanceof XError) return t;
      total += t.value.length + sep.value.length;
      if (total > MAX_TEXT_LENGTH) return new XError(`result would be longer than ${MAX_TEXT_LENGTH} characters`);
      parts.push(t.value);
    }
    return new XText(parts.join(sep.value));
  }),

  fn('reverse', 1, 1, 'returns the array reversed', (env, [a]) => {
    const array = toXArray(env, a);
    return array instanceof XError ? array : new XArray(array.items().reverse());
  }),

  fn('sort', 1, 1, 'returns the array sorted', (env, [a]) => {
    const array = toXArray(env, a);
    if (array instanceof XError) return array;
    const items = array.items();
    for (const item of items) if (!isComparable(item)) return new XError(`${describe(item)} isn't a comparable type`);
    // Array.prototype.sort is stable, as goflow's sort.SliceStable
    return new XArray([...items].sort(compareValues));
  }),

  fn('unique', 1, 1, 'returns the distinct values of the array, in order', (env, [a]) => {
    const array = toXArray(env, a);
    if (array instanceof XError) return array;
    const out: XValue[] = [];
    for (const item of array.items()) if (!out.some((seen) => xEquals(env, seen, item))) out.push(item);
    return new XArray(out);
  }),

  fn('concat', 2, 2, 'joins two arrays', (env, [a, b]) => {
    const x = toXArray(env, a);
    if (x instanceof XError) return x;
    const y = toXArray(env, b);
    if (y instanceof XError) return y;
    if (x.length + y.length > MAX_ARRAY_LENGTH) return new XError(`result would have more than ${MAX_ARRAY_LENGTH} items`);
    return new XArray([...x.items(), ...y.items()]);
  }),

  fn('foreach', 2, Infinity, 'applies a function to each item of an array', (env, args) => {
    const array = toXArray(env, args[0]);
    if (array instanceof XError) return array;
    if (!(args[1] instanceof XFunction)) return new XError('requires an function as its second argument');
    const rest = args.slice(2);
    const out: XValue[] = [];
    for (const item of array.items()) {
      const r = apply(env, args[1], [item, ...rest]);
      if (r instanceof XError) return r;
      out.push(r);
    }
    return new XArray(out);
  }),

  fn('foreach_value', 2, Infinity, 'applies a function to each property value of an object', (env, args) => {
    const object = toXObject(env, args[0]);
    if (object instanceof XError) return object;
    if (!(args[1] instanceof XFunction)) return new XError('requires an function as its second argument');
    const rest = args.slice(2);
    const props: Record<string, unknown> = {};
    for (const key of object.keys()) {
      const r = apply(env, args[1], [object.get(key) ?? null, ...rest]);
      if (r instanceof XError) return r;
      props[key] = r;
    }
    return new XObject(props);
  }),

  fn('extract', 2, 2, 'returns the named property of an object', (env, [o, p]) => {
    const object = toXObject(env, o);
    if (object instanceof XError) return object;
    const prop = toXText(env, p);
    if (prop instanceof XError) return prop;
    return object.get(prop.value) ?? null;
  }),

  fn('extract_object', 2, Infinity, 'returns a new object with only the named properties', (env, args) => {
    const object = toXObject(env, args[0]);
    if (object instanceof XError) return object;
    const props: Record<string, unknown> = {};
    for (const a of args.slice(1)) {
      const prop = toXText(env, a);
      if (prop instanceof XError) return prop;
      props[prop.value] = object.get(prop.value) ?? null;
    }
    return new XObject(props);
  }),
];
