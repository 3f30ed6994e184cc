/**
 * Date, time and datetime functions. Datetimes carry their own zone; functions that need "now" or a
 * default zone use the environment's injected clock and time zone.
 *
 *   @(datetime_add("2017-01-15", 5, "D")) -> 2017-01-20T00:00:00.000000-05:00 (env zone -05:00)
 *   @(format_datetime("1979-07-18T15:00:00.000000Z", "YYYY-MM-DD")) -> 1979-07-18
 *   @(weekday("2017-01-15")) -> 0 (Sunday)
 */
import { DateTime, IANAZone, FixedOffsetZone } from 'luxon';
import type { EvaluationEnvironment } from '../environment.js';
import { Dec, XDate, XDateTime, XError, XNumber, XText, XTime, type XValue } from '../values.js';
import { toInteger, toXDate, toXDateTime, toXNumber, toXText, toXTime } from '../conversions.js';
import {
  formatLayout, nowInEnv, parseLayout, partsOfDate, partsOfDateTime, partsOfTime, type LayoutMode,
} from '../dates.js';
import { fn, type FunctionSpec } from './spec.js';

const UNITS_ERROR = (unit: string) => new XError(`unknown unit: ${unit}, must be one of s, m, h, D, W, M, Y`);

/** Resolves an IANA zone name, or the goflow/Go error for an unknown one. */
export function zoneFor(name: string): string | XError {
  if (name === 'UTC') return 'UTC';
  return IANAZone.isValidZone(name) ? name : new XError(`unknown time zone ${name}`);
}

/** Go's AddDate: adds years/months/days to the wall-clock date, letting overflow roll over (Jan 31 + 1 month = Mar 3). */
export function goAddDate(x: XDateTime, years: number, months: number, days: number): XDateTime {
  const dt = x.dt;
  const totalMonths = dt.year * 12 + (dt.month - 1) + years * 12 + months;
  const year = Math.floor(totalMonths / 12);
  const month = totalMonths - year * 12 + 1;
  const firstOfMonth = DateTime.fromObject(
    { year, month, day: 1, hour: dt.hour, minute: dt.minute, second: dt.second, millisecond: dt.millisecond },
    { zone: dt.zone },
  );
  return new XDateTime(firstOfMonth.plus({ days: dt.day - 1 + days }), x.extraMicros);
}

function datePartsKey(dt: DateTime): number {
  return Date.UTC(dt.year, dt.month - 1, dt.day) / 86_400_000;
}

/** Whole calendar days from `from` to `to`, each in its own zone. */
function daysBetween(to: DateTime, from: DateTime): number {
  return datePartsKey(to) - datePartsKey(from);
}

/** Calendar months from `from` to `to` (days of the month are not considered, as in goflow). */
function monthsBetween(to: DateTime, from: DateTime): number {
  return (to.year - from.year) * 12 + (to.month - from.month);
}

/** Microseconds since the epoch (exact, as a Decimal). */
function epochMicros(x: XDateTime): InstanceType<typeof Dec> {
  return new Dec(x.dt.toMillis()).times(1000).plus(x.extraMicros);
}

function fromEpochMicros(env: EvaluationEnvironment, micros: InstanceType<typeof Dec>): XDateTime {
  const ms = micros.div(1000).floor();
  const extra = micros.minus(ms.times(1000)).toNumber();
  return new XDateTime(DateTime.fromMillis(ms.toNumber(), { zone: env.timezone }), extra);
}

/** Go's time zone name: IANA name, "UTC", or "" for a bare offset. */
function zoneName(x: XDateTime): string {
  const zone = x.dt.zone;
  if (zone instanceof IANAZone) return zone.name === 'Etc/UTC' ? 'UTC' : zone.name;
  if (zone instanceof FixedOffsetZone) return x.dt.offset === 0 ? 'UTC' : '';
  return zone.name;
}

function layoutError(message: string): XError {
  return new XError(message);
}

// ---------------------------------------------------------------------------------------------------
// parse_datetime / parse_time: goflow layouts turned into a strict regular expression
// ---------------------------------------------------------------------------------------------------

interface ParsedFields {
  year?: number; month?: number; day?: number; hour?: number; minute?: number; second?: number;
  nanos?: number; pm?: boolean; offset?: number;
}

const PARSE_PATTERNS: Record<string, string> = {
  YYYY: '(\\d{4})', YY: '(\\d{2})', MM: '(\\d{2})', M: '(\\d{1,2})', DD: '(\\d{2})', D: '(\\d{1,2})',
  hh: '(\\d{2})', h: '(\\d{1,2})', tt: '(\\d{2})', t: '(\\d{1,2})', mm: '(\\d{2})', m: '(\\d{1,2})',
  ss: '(\\d{2})(?:\\.(\\d{1,9}))?', s: '(\\d{1,2})(?:\\.(\\d{1,9}))?', fff: '(\\d{3})', ffffff: '(\\d{6})', fffffffff: '(\\d{9})',
  aa: '(am|pm|AM|PM)', AA: '(AM|PM|am|pm)', Z: '(Z|[+-]\\d{2}:\\d{2})', ZZZ: '([+-]\\d{2}:\\d{2})',
};

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/** Parses text with a goflow layout; returns the fields or an error message. */
export function parseWithLayout(text: string, layout: string, mode: LayoutMode): ParsedFields | string {
  const seqs = parseLayout(layout, mode);
  if (typeof seqs === 'string') return seqs;
  let pattern = '^';
  const fields: string[] = [];
  for (const { seq, literal } of seqs) {
    if (literal) {
      pattern += escapeRegex(seq);
      continue;
    }
    const p = PARSE_PATTERNS[seq];
    if (!p) return `'${seq}' is not a valid format sequence`;
    pattern += p;
    fields.push(seq);
    if (seq === 'ss' || seq === 's') fields.push('frac');
  }
  pattern += '$';
  const m = new RegExp(pattern).exec(text);
  if (!m) return `unable to parse '${text}' with format '${layout}'`;
  const out: ParsedFields = {};
  fields.forEach((f, i) => {
    const v = m[i + 1];
    if (v === undefined) return;
    switch (f) {
      case 'YYYY': out.year = Number(v); break;
      case 'YY': out.year = Number(v) >= 69 ? 1900 + Number(v) : 2000 + Number(v); break; // Go's 2-digit year rule
      case 'MM': case 'M': out.month = Number(v); break;
      case 'DD': case 'D': out.day = Number(v); break;
      case 'hh': case 'h': case 'tt': case 't': out.hour = Number(v); break;
      case 'mm': case 'm': out.minute = Number(v); break;
      case 'ss': case 's': out.second = Number(v); break;
      case 'frac': case 'fff': case 'ffffff': case 'fffffffff': out.nanos = Number(v.padEnd(9, '0')); break;
      case 'aa': case 'AA': out.pm = v.toLowerCase() === 'pm'; break;
      case 'Z': case 'ZZZ': out.offset = v.toUpperCase() === 'Z' ? 0 : (v[0] === '-' ? -1 : 1) * (Number(v.slice(1, 3)) * 60 + Number(v.slice(4, 6))); break;
    }
  });
  if (out.pm !== undefined && out.hour !== undefined) {
    if (out.pm && out.hour < 12) out.hour += 12;
    else if (!out.pm && out.hour === 12) out.hour = 0;
  }
  if ((out.month ?? 1) < 1 || (out.month ?? 1) > 12) return 'month out of range';
  if ((out.hour ?? 0) > 23 || (out.minute ?? 0) > 59 || (out.second ?? 0) > 59) return 'time out of range';
  return out;
}

function dateTimeFromFields(f: ParsedFields, zone: string): XDateTime | XError {
  const micros = Math.floor((f.nanos ?? 0) / 1000);
  const dt = DateTime.fromObject(
    {
      year: f.year ?? 0, month: f.month ?? 1, day: f.day ?? 1,
      hour: f.hour ?? 0, minute: f.minute ?? 0, second: f.second ?? 0, millisecond: Math.floor(micros / 1000),
    },
    { zone: f.offset !== undefined ? FixedOffsetZone.instance(f.offset) : zone },
  );
  if (!dt.isValid) return new XError('day out of range');
  const finalDt = f.offset === 0 ? dt.setZone('UTC') : dt;
  return new XDateTime(finalDt, micros % 1000);
}

// ---------------------------------------------------------------------------------------------------

function textArg(env: EvaluationEnvironment, v: XValue): string | XError {
  const t = toXText(env, v);
  return t instanceof XError ? t : t.value;
}

/** The text of `args[index]`, or `fallback` when the caller left that argument out. */
function optionalTextArg(env: EvaluationEnvironment, args: XValue[], index: number, fallback: string): string | XError {
  return args.length > index ? textArg(env, args[index]!) : fallback;
}

/** The IANA zone named by `args[index]` (an error for an unknown name), or `fallback` when left out. */
function optionalZoneArg(env: EvaluationEnvironment, args: XValue[], index: number, fallback: string): string | XError {
  if (args.length <= index) return fallback;
  const name = textArg(env, args[index]!);
  return name instanceof XError ? name : zoneFor(name);
}

/** Each value as an integer, in order; the first conversion error instead, if any. */
function integerArgs(env: EvaluationEnvironment, values: XValue[]): number[] | XError {
  const out: number[] = [];
  for (const v of values) {
    const n = toInteger(env, v);
    if (n instanceof XError) return n;
    out.push(n);
  }
  return out;
}

/** A formatLayout result as the function's value: the text, or the layout error. */
function formattedText(result: ReturnType<typeof formatLayout>): XText | XError {
  return 'error' in result ? new XError(result.error) : new XText(result.text);
}

export const DATE_FUNCTIONS: FunctionSpec[] = [
  fn('date', 1, 1, 'converts a value to a date', (env, [v]) => toXDate(env, v)),
  fn('datetime', 1, 1, 'converts a value to a datetime', (env, [v]) => toXDateTime(env, v)),
  fn('time', 1, 1, 'converts a value to a time', (env, [v]) => toXTime(env, v)),

  fn('parse_datetime', 2, 3, 'parses text into a datetime using a format', (env, args) => {
    const text = textArg(env, args[0]);
    if (text instanceof XError) return text;
    const layout = textArg(env, args[1]);
    if (layout instanceof XError) return layout;
    const zone = optionalZoneArg(env, args, 2, env.timezone);
    if (zone instanceof XError) return zone;
    const fields = parseWithLayout(text, layout, 'datetime');
    if (typeof fields === 'string') return layoutError(fields);
    return dateTimeFromFields(fields, zone);
  }),

  fn('parse_time', 2, 2, 'parses text into a time using a format', (env, [a, b]) => {
    const text = textArg(env, a);
    if (text instanceof XError) return text;
    const layout = textArg(env, b);
    if (layout instanceof XError) return layout;
    const f = parseWithLayout(text, layout, 'time');
    if (typeof f === 'string') return layoutError(f);
    return new XTime(f.hour ?? 0, f.minute ?? 0, f.second ?? 0, Math.floor((f.nanos ?? 0) / 1000));
  }),

  fn('datetime_from_epoch', 1, 1, 'converts seconds since the UNIX epoch to a datetime', (env, [v]) => {
    const n = toXNumber(env, v);
    if (n instanceof XError) return n;
    return fromEpochMicros(env, n.value.times(1_000_000).trunc());
  }),

  fn('epoch', 1, 1, 'converts a datetime to seconds since the UNIX epoch', (env, [v]) => {
    const d = toXDateTime(env, v);
    if (d instanceof XError) return d;
    return new XNumber(epochMicros(d).div(1_000_000));
  }),

  fn('datetime_diff', 3, 3, 'returns the time between two datetimes in a unit (s m h D W M Y)', (env, [a, b, u]) => {
    const d1 = toXDateTime(env, a);
    if (d1 instanceof XError) return d1;
    const d2 = toXDateTime(env, b);
    if (d2 instanceof XError) return d2;
    const unit = textArg(env, u);
    if (unit instanceof XError) return unit;
    const micros = epochMicros(d2).minus(epochMicros(d1));
    const whole = (per: number) => new XNumber(micros.div(per).trunc());
    switch (unit) {
      case 's': return whole(1_000_000);
      case 'm': return whole(60_000_000);
      case 'h': return whole(3_600_000_000);
      case 'D': return new XNumber(new Dec(daysBetween(d2.dt, d1.dt)));
      case 'W': return new XNumber(new Dec(Math.trunc(daysBetween(d2.dt, d1.dt) / 7)));
      case 'M': return new XNumber(new Dec(monthsBetween(d2.dt, d1.dt)));
      case 'Y': return new XNumber(new Dec(d2.dt.year - d1.dt.year));
    }
    return UNITS_ERROR(unit);
  }),

  fn(
    'datetime_add', 3, 3, 'adds an amount of a unit (s m h D W M Y) to a datetime',
    (env, [a, b, u]) => {
      const d = toXDateTime(env, a);
      if (d instanceof XError) return d;
      const n = toInteger(env, b);
      if (n instanceof XError) return n;
      const unit = textArg(env, u);
      if (unit instanceof XError) return unit;
      switch (unit) {
        case 's': return new XDateTime(d.dt.plus({ milliseconds: n * 1000 }), d.extraMicros);
        case 'm': return new XDateTime(d.dt.plus({ milliseconds: n * 60_000 }), d.extraMicros);
        case 'h': return new XDateTime(d.dt.plus({ milliseconds: n * 3_600_000 }), d.extraMicros);
        case 'D': return goAddDate(d, 0, 0, n);
        case 'W': return goAddDate(d, 0, 0, n * 7);
        case 'M': return goAddDate(d, 0, n, 0);
        case 'Y': return goAddDate(d, n, 0, 0);
      }
      return UNITS_ERROR(unit);
    },
    { arityMessage: (n) => (n === 3 ? null : `takes exactly three arguments, received ${n}`) },
  ),

  fn('replace_time', 2, 2, 'replaces the time of day of a datetime', (env, [a, b]) => {
    const d = toXDateTime(env, a);
    if (d instanceof XError) return d;
    const t = toXTime(env, b);
    if (t instanceof XError) return t;
    const dt = d.dt.set({ hour: t.hour, minute: t.minute, second: t.second, millisecond: Math.floor(t.micros / 1000) });
    return new XDateTime(dt, t.micros % 1000);
  }),

  fn('tz', 1, 1, 'returns the name of the time zone of a datetime', (env, [v]) => {
    const d = toXDateTime(env, v);
    return d instanceof XError ? d : new XText(zoneName(d));
  }),

  fn('tz_offset', 1, 1, 'returns the UTC offset of a datetime as +HHMM', (env, [v]) => {
    const d = toXDateTime(env, v);
    if (d instanceof XError) return d;
    const off = d.dt.offset;
    const abs = Math.abs(off);
    return new XText(`${off < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`);
  }),

  fn('now', 0, 0, 'returns the current datetime in the environment time zone', (env) => {
    return new XDateTime(nowInEnv(env), 0);
  }),

  fn('today', 0, 0, 'returns the current date in the environment time zone', (env) => {
    const now = nowInEnv(env);
    return new XDate(now.year, now.month, now.day);
  }),

  fn('date_from_parts', 3, 3, 'creates a date from year, month and day', (env, args) => {
    const parts = integerArgs(env, args);
    if (parts instanceof XError) return parts;
    const [year, month, day] = parts as [number, number, number];
    if (month < 1 || month > 12) return new XError('invalid value for month, must be 1-12');
    const date = DateTime.utc(year, month, 1).plus({ days: day - 1 });
    return new XDate(date.year, date.month, date.day);
  }),

  fn('time_from_parts', 3, 3, 'creates a time from hour, minute and second', (env, args) => {
    const parts = integerArgs(env, args);
    if (parts instanceof XError) return parts;
    const [hour, minute, second] = parts as [number, number, number];
    if (hour < 0 || hour > 23) return new XError('invalid value for hour, must be 0-23');
    if (minute < 0 || minute > 59) return new XError('invalid value for minute, must be 0-59');
    if (second < 0 || second > 59) return new XError('invalid value for second, must be 0-59');
    return new XTime(hour, minute, second, 0);
  }),

  fn('weekday', 1, 1, 'returns the day of the week (Sunday = 0)', (env, [v]) => {
    const d = toXDate(env, v);
    if (d instanceof XError) return d;
    return new XNumber(new Dec(DateTime.utc(d.year, d.month, d.day).weekday % 7));
  }),

  fn('week_number', 1, 1, 'returns the week number (weeks start on Sunday; the week of Jan 1 is 1)', (env, [v]) => {
    const d = toXDate(env, v);
    if (d instanceof XError) return d;
    const date = DateTime.utc(d.year, d.month, d.day);
    const jan1Weekday = DateTime.utc(d.year, 1, 1).weekday % 7;
    return new XNumber(new Dec(Math.floor((date.ordinal - 1 + jan1Weekday) / 7) + 1));
  }),

  fn('format_date', 1, 2, 'formats a date (default: the environment date format)', (env, args) => {
    const d = toXDate(env, args[0]);
    if (d instanceof XError) return d;
    const layout = optionalTextArg(env, args, 1, env.dateFormat);
    if (layout instanceof XError) return layout;
    return formattedText(formatLayout(partsOfDate(d), layout, 'date'));
  }),

  fn('format_datetime', 1, 3, 'formats a datetime (default: environment formats and time zone)', (env, args) => {
    const d = toXDateTime(env, args[0]);
    if (d instanceof XError) return d;
    const layout = optionalTextArg(env, args, 1, `${env.dateFormat} ${env.timeFormat}`);
    if (layout instanceof XError) return layout;
    const zone = optionalZoneArg(env, args, 2, env.timezone);
    if (zone instanceof XError) return zone;
    return formattedText(formatLayout(partsOfDateTime(new XDateTime(d.dt.setZone(zone), d.extraMicros)), layout, 'datetime'));
  }),

  fn('format_time', 1, 2, 'formats a time (default: the environment time format)', (env, args) => {
    const t = toXTime(env, args[0]);
    if (t instanceof XError) return t;
    const layout = optionalTextArg(env, args, 1, env.timeFormat);
    if (layout instanceof XError) return layout;
    return formattedText(formatLayout(partsOfTime(t), layout, 'time'));
  }),
];
