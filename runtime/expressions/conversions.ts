/**
 * Conversions between value types, following goflow's rules (types/conversions.go):
 *   toText(null) = "", numbers print without trailing zeros, datetimes print ISO 8601 with
 *   microseconds, objects print their default value or `{key: value, ...}` with sorted keys.
 * Every conversion returns either the converted value or an XError with goflow's message.
 *
 *   toXText(env, xNumber('12.50'))  -> XText "12.5"
 *   toXNumber(env, xText('abc'))    -> XError 'unable to convert "abc" to a number'
 */
import { Decimal } from 'decimal.js';
import { DateTime } from 'luxon';
import type { EvaluationEnvironment } from './environment.js';
import {
  Dec, XArray, XBoolean, XDate, XDateTime, XError, XFunction, XNumber, XObject, XText, XTime, type XValue,
  xBoolean,
} from './values.js';
import { parseDateTimeText, parseDateText, parseTimeText } from './dates.js';

/** Replaces an object with its default value (repeatedly), as goflow does before comparisons. */
export function reduce(v: XValue): XValue {
  let cur = v;
  for (let i = 0; i < 16 && cur instanceof XObject && cur.hasDefault; i++) cur = cur.defaultValue();
  return cur;
}

/** How a value is named in error messages: text is quoted, numbers shown, others by type name. */
export function describe(v: XValue): string {
  if (v === null) return 'null';
  switch (v.kind) {
    case 'text':
      return JSON.stringify(v.value);
    case 'number':
      return formatDecimal(v.value);
    case 'boolean':
      return v.value ? 'true' : 'false';
    case 'date':
      return 'date';
    case 'time':
      return 'time';
    case 'datetime':
      return 'datetime';
    case 'array':
      return 'array';
    case 'object':
      return 'object';
    case 'function':
      return 'function';
    case 'error':
      return 'error';
  }
}

/** Decimal to plain text without exponent and without trailing zeros: 12.50 -> "12.5", 1e3 -> "1000". */
export function formatDecimal(d: Decimal): string {
  if (d.isZero()) return '0';
  let s = d.toFixed();
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}

export function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function renderDate(d: XDate): string {
  return `${pad(d.year, 4)}-${pad(d.month, 2)}-${pad(d.day, 2)}`;
}

export function renderTime(t: XTime): string {
  return `${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}.${pad(t.micros, 6)}`;
}

/** 2017-01-15T13:24:30.123456-05:00, or ...Z for UTC (goflow's ISO format with microseconds). */
export function renderDateTime(x: XDateTime): string {
  const dt = x.dt;
  const micros = dt.millisecond * 1000 + x.extraMicros;
  const base = `${pad(dt.year, 4)}-${pad(dt.month, 2)}-${pad(dt.day, 2)}T${pad(dt.hour, 2)}:${pad(dt.minute, 2)}:${pad(dt.second, 2)}.${pad(micros, 6)}`;
  return base + formatOffset(dt.offset, true);
}

/** Offset minutes to "Z" (when allowed) or "+hh:mm". */
export function formatOffset(offsetMinutes: number, zForUtc: boolean): string {
  if (offsetMinutes === 0 && zForUtc) return 'Z';
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60), 2)}:${pad(abs % 60, 2)}`;
}

/** The text form of a value as output by a template. Errors must be handled by the caller. */
export function render(env: EvaluationEnvironment, v: XValue, depth = 0): string {
  if (v === null) return '';
  if (depth > 32) return '…';
  switch (v.kind) {
    case 'text':
      return v.value;
    case 'number':
      return formatDecimal(v.value);
    case 'boolean':
      return v.value ? 'true' : 'false';
    case 'date':
      return renderDate(v);
    case 'time':
      return renderTime(v);
    case 'datetime':
      return renderDateTime(v);
    case 'array':
      return '[' + v.items().map((i) => renderNested(env, i, depth + 1)).join(', ') + ']';
    case 'object': {
      if (v.hasDefault) return render(env, v.defaultValue(), depth + 1);
      const keys = v.keys().sort(compareStrings);
      return '{' + keys.map((k) => `${k}: ${renderNested(env, v.get(k) ?? null, depth + 1)}`).join(', ') + '}';
    }
    case 'function':
      return v.name;
    case 'error':
      return v.message;
  }
}

function renderNested(env: EvaluationEnvironment, v: XValue, depth: number): string {
  return render(env, v, depth);
}

export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function toXText(env: EvaluationEnvironment, v: XValue): XText | XError {
  if (v instanceof XError) return v;
  if (v instanceof XText) return v;
  return new XText(render(env, v));
}

export function toXBoolean(env: EvaluationEnvironment, v: XValue): XBoolean | XError {
  if (v instanceof XError) return v;
  return xBoolean(isTruthy(v));
}

/** goflow truthiness: "" 0 false null, empty arrays and objects are false; errors are false. */
export function isTruthy(v: XValue): boolean {
  const r = reduce(v);
  if (r === null) return false;
  switch (r.kind) {
    case 'text':
      return r.value.length > 0 && r.value.toLowerCase() !== 'false';
    case 'number':
      return !r.value.isZero();
    case 'boolean':
      return r.value;
    case 'array':
      return r.length > 0;
    case 'object':
      return r.keys().length > 0;
    case 'error':
      return false;
    default:
      return true;
  }
}

// goflow accepts only plain decimals: 123, -123.456, .456 (no "+", no exponent, no trailing ".")
const NUMBER_TEXT = /^-?(\d+|\d+\.\d+|\.\d+)$/;

/** Parses text as a decimal ("12", "-0.5", " 3 "), or returns null (also when out of goflow's range). */
export function parseDecimal(text: string): Decimal | null {
  const trimmed = text.trim();
  if (!NUMBER_TEXT.test(trimmed)) return null;
  const d = new Dec(trimmed);
  return decimalRangeError(d) ? null : d;
}

/** goflow keeps numbers storable: at most 36 significant digits and a magnitude within 10^±100. */
export const MAX_NUMBER_DIGITS = 36;

export function decimalRangeError(d: Decimal): string | null {
  if (d.isZero()) return null;
  const exponent = d.e; // position of the most significant digit (adjusted exponent)
  if (exponent > 100 || exponent < -100) return 'number value is out of permitted range';
  if (d.sd() > MAX_NUMBER_DIGITS) return 'number has too many digits';
  return null;
}

/** A number result, or goflow's "number value out of range" error. */
export function checkedNumber(d: Decimal): XNumber | XError {
  return decimalRangeError(d) ? new XError('number value out of range') : new XNumber(d);
}

export function toXNumber(env: EvaluationEnvironment, v: XValue): XNumber | XError {
  const r = reduce(v);
  if (r instanceof XError) return r;
  if (r instanceof XNumber) return r;
  if (r instanceof XText) {
    const d = parseDecimal(r.value);
    if (d) return new XNumber(d);
  }
  return new XError(`unable to convert ${describe(r)} to a number`);
}

/** Converts to a JS integer (truncating), or an error. */
export function toInteger(env: EvaluationEnvironment, v: XValue): number | XError {
  const n = toXNumber(env, v);
  if (n instanceof XError) return n;
  const i = n.value.trunc();
  if (i.abs().gt(2147483647)) return new XError(`number value ${formatDecimal(n.value)} is out of range for an integer`);
  return i.toNumber();
}

export function toXDateTime(env: EvaluationEnvironment, v: XValue): XDateTime | XError {
  const r = reduce(v);
  if (r instanceof XError) return r;
  if (r instanceof XDateTime) return r;
  if (r instanceof XDate) {
    return new XDateTime(DateTime.fromObject({ year: r.year, month: r.month, day: r.day }, { zone: env.timezone }), 0);
  }
  if (r instanceof XText) {
    const parsed = parseDateTimeText(env, r.value, false);
    if (parsed) return parsed;
  }
  return new XError(`unable to convert ${describe(r)} to a datetime`);
}

export function toXDate(env: EvaluationEnvironment, v: XValue): XDate | XError {
  const r = reduce(v);
  if (r instanceof XError) return r;
  if (r instanceof XDate) return r;
  if (r instanceof XDateTime) return new XDate(r.dt.year, r.dt.month, r.dt.day);
  if (r instanceof XText) {
    const parsed = parseDateText(env, r.value);
    if (parsed) return parsed;
  }
  return new XError(`unable to convert ${describe(r)} to a date`);
}

export function toXTime(env: EvaluationEnvironment, v: XValue): XTime | XError {
  const r = reduce(v);
  if (r instanceof XError) return r;
  if (r instanceof XTime) return r;
  if (r instanceof XDateTime) return new XTime(r.dt.hour, r.dt.minute, r.dt.second, r.dt.millisecond * 1000 + r.extraMicros);
  if (r instanceof XNumber) {
    // goflow: a number is taken as an hour of the day (15 -> 15:00, 24 -> midnight)
    const hour = r.value.trunc();
    if (hour.gte(0) && hour.lte(24)) return new XTime(hour.toNumber() % 24, 0, 0, 0);
  }
  if (r instanceof XText) {
    const parsed = parseTimeText(r.value);
    if (parsed) return parsed;
  }
  return new XError(`unable to convert ${describe(r)} to a time`);
}

export function toXArray(env: EvaluationEnvironment, v: XValue): XArray | XError {
  if (v === null) return new XArray([]);
  if (v instanceof XError) return v;
  if (v instanceof XArray) return v;
  const r = reduce(v);
  if (r instanceof XArray) return r;
  return new XError(`unable to convert ${describe(v)} to an array`);
}

export function toXObject(env: EvaluationEnvironment, v: XValue): XObject | XError {
  if (v === null) return new XObject({});
  if (v instanceof XError) return v;
  if (v instanceof XObject) return v;
  return new XError(`unable to convert ${describe(v)} to an object`);
}

export function toXFunction(v: XValue): XFunction | XError {
  if (v instanceof XError) return v;
  if (v instanceof XFunction) return v;
  return new XError(`${describe(v)} is not a function`);
}

/** goflow equality: values of different types are unequal; objects and arrays compare by JSON. */
export function xEquals(env: EvaluationEnvironment, a: XValue, b: XValue): boolean {
  const x = reduce(a);
  const y = reduce(b);
  if (x === null || y === null) return x === y;
  if (x.kind !== y.kind) return false;
  switch (x.kind) {
    case 'text':
      return x.value === (y as XText).value;
    case 'number':
      return x.value.eq((y as XNumber).value);
    case 'boolean':
      return x.value === (y as XBoolean).value;
    case 'datetime':
      return x.dt.toMillis() === (y as XDateTime).dt.toMillis() && x.extraMicros === (y as XDateTime).extraMicros;
    case 'date':
      return renderDate(x) === renderDate(y as XDate);
    case 'time':
      return renderTime(x) === renderTime(y as XTime);
    case 'error':
      return x.message === (y as XError).message;
    default:
      return toJSONText(env, x) === toJSONText(env, y);
  }
}

/** JSON text of a value as goflow's json(): objects with sorted keys, datetimes as ISO strings. */
export function toJSONText(env: EvaluationEnvironment, v: XValue, depth = 0): string {
  if (v === null) return 'null';
  if (depth > 64) return 'null';
  switch (v.kind) {
    case 'text':
      return jsonQuote(v.value);
    case 'number':
      return formatDecimal(v.value);
    case 'boolean':
      return v.value ? 'true' : 'false';
    case 'date':
      return jsonQuote(renderDate(v));
    case 'time':
      return jsonQuote(renderTime(v));
    case 'datetime':
      return jsonQuote(renderDateTime(v));
    case 'array':
      return '[' + v.items().map((i) => toJSONText(env, i, depth + 1)).join(',') + ']';
    case 'object': {
      const keys = v.keys().sort(compareStrings);
      const parts: string[] = [];
      for (const k of keys) {
        const item = v.get(k) ?? null;
        if (item instanceof XError) continue;
        parts.push(`${jsonQuote(k)}:${toJSONText(env, item, depth + 1)}`);
      }
      return '{' + parts.join(',') + '}';
    }
    case 'function':
      return jsonQuote(v.name);
    case 'error':
      return 'null';
  }
}

/** JSON string quoting like goflow's encoder (no HTML escaping; U+2028/2029 escaped). */
export function jsonQuote(s: string): string {
  return JSON.stringify(s)
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

