/**
 * Logic and utility functions: and, or, if, boolean, is_error, default, legacy_add.
 *
 *   @(if(1 = 1, "foo", "bar")) -> foo
 *   @(default("", "value")) -> value
 *   @(legacy_add("2017-01-15", 5)) -> 2017-01-20T00:00:00.000000-05:00
 */
import { XDateTime, XError, XNumber, type XValue, X_FALSE, X_TRUE, xBoolean } from '../values.js';
import { toXBoolean, toXDateTime, toXNumber, toXText } from '../conversions.js';
import { goAddDate } from './dates.js';
import { fn, type FunctionSpec } from './spec.js';

export const LOGIC_FUNCTIONS: FunctionSpec[] = [
  fn('and', 1, Infinity, 'whether all the values are truthy', (env, args) => {
    for (const a of args) {
      const b = toXBoolean(env, a);
      if (b instanceof XError) return b;
      if (!b.value) return X_FALSE;
    }
    return X_TRUE;
  }),

  fn('or', 1, Infinity, 'whether any of the values is truthy', (env, args) => {
    for (const a of args) {
      const b = toXBoolean(env, a);
      if (b instanceof XError) return b;
      if (b.value) return X_TRUE;
    }
    return X_FALSE;
  }),

  fn('if', 3, 3, 'returns value1 if the test is truthy, else value2', (env, [test, v1, v2]) => {
    const b = toXBoolean(env, test);
    if (b instanceof XError) return b;
    return b.value ? v1 : v2;
  }, { acceptsErrors: true }),

  fn('boolean', 1, 1, 'converts a value to a boolean', (env, [v]) => toXBoolean(env, v)),

  fn('is_error', 1, 1, 'whether the value is an error', (env, [v]) => xBoolean(v instanceof XError), { acceptsErrors: true }),

  fn('default', 2, 2, 'returns the value unless it is empty or an error, else the default', (env, [v, def]) => {
    const t = toXText(env, v);
    if (t instanceof XError || t.value.length === 0) return def;
    return v;
  }, { acceptsErrors: true }),

  fn('legacy_add', 2, 2, 'the old + operator: adds days to a date, or adds numbers', (env, [a, b]) => {
    const d1 = toXDateTime(env, a);
    const d2 = toXDateTime(env, b);
    const n1 = toXNumber(env, a);
    const n2 = toXNumber(env, b);
    if (d1 instanceof XDateTime && d2 instanceof XDateTime) return new XError('cannot operate on two dates');
    const addDays = (d: XDateTime, n: XNumber): XValue => {
      const days = n.value.trunc();
      if (days.abs().gt(2147483647)) return new XError('cannot operate on integers greater than 32 bit');
      return goAddDate(d, 0, 0, days.toNumber());
    };
    if (d1 instanceof XDateTime && n2 instanceof XNumber) return addDays(d1, n2);
    if (d2 instanceof XDateTime && n1 instanceof XNumber) return addDays(d2, n1);
    if (n1 instanceof XError) return n1;
    if (n2 instanceof XError) return n2;
    return new XNumber(n1.value.plus(n2.value));
  }),
];
