/**
 * Parsing and formatting of dates and times the way goflow does it for human-entered text:
 * - a datetime is full ISO 8601, or a date in the environment's date format (day/month order,
 *   any of `- . \ / _ space` as separator, 2- or 4-digit year) optionally followed by a time;
 * - a time is `10`, `10:30`, `1030`, `10:30:45.123`, with optional am/pm;
 * - layouts use goflow's sequences: YYYY YY MM M MMM MMMM DD D EEE EEEE tt t hh h mm m ss s
 *   fff ffffff fffffffff aa AA Z ZZZ (ignored: space : / . , T - _).
 *
 *   parseDateTimeText(env /* DD-MM-YYYY *\/, '15/01/2017 10:30', false) -> 2017-01-15T10:30:00 in env zone
 *   formatLayout(dt, 'DD-MM-YYYY tt:mm', 'datetime') -> '15-01-2017 10:30'
 */
import { DateTime } from 'luxon';
import type { EvaluationEnvironment } from './environment.js';
import { XDate, XDateTime, XTime } from './values.js';

const PATTERN_DAY_MONTH_YEAR = /\b([0-9]{1,2})[-.\\/_ ]([0-9]{1,2})[-.\\/_ ]([0-9]{4}|[0-9]{2})\b/g;
const PATTERN_YEAR_MONTH_DAY = /\b([0-9]{4}|[0-9]{2})[-.\\/_ ]([0-9]{1,2})[-.\\/_ ]([0-9]{1,2})\b/g;
const PATTERN_TIME = /\b(\d{1,2})(?:(?::)?(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\W*([aApP][mM])?\b/g;

// full ISO datetimes goflow accepts: with seconds (and optional fraction) or without seconds; zone required
const ISO_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/i;
const ISO_DATE_PREFIX = /^(\d{4})-(\d{2})-(\d{2})/;

/** The current moment in the environment's time zone. */
export function nowInEnv(env: EvaluationEnvironment): DateTime {
  return DateTime.fromJSDate(env.now(), { zone: env.timezone });
}

function validDate(year: number, month: number, day: number): boolean {
  return DateTime.utc(year, month, day).isValid;
}

/** Finds a date (ISO first, then the environment's format). Returns it and the text after it. */
export function findDate(env: EvaluationEnvironment, text: string): { date: XDate; remainder: string } | null {
  const str = text.replace(/^[ \n\r\t]+|[ \n\r\t]+$/g, '');
  const iso = ISO_DATE_PREFIX.exec(str);
  if (iso) {
    const [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
    if (validDate(y, m, d)) return { date: new XDate(y, m, d), remainder: str.slice(10) };
  }
  const currentYear = nowInEnv(env).year;
  let pattern: RegExp;
  let order: [number, number, number]; // group index of day, month, year
  switch (env.dateFormat) {
    case 'YYYY-MM-DD':
      pattern = PATTERN_YEAR_MONTH_DAY;
      order = [3, 2, 1];
      break;
    case 'MM-DD-YYYY':
      pattern = PATTERN_DAY_MONTH_YEAR;
      order = [2, 1, 3];
      break;
    default:
      pattern = PATTERN_DAY_MONTH_YEAR;
      order = [1, 2, 3];
  }
  for (const m of str.matchAll(new RegExp(pattern.source, 'g'))) {
    const day = Number(m[order[0]]);
    if (day === 0 || day > 31) continue;
    const month = Number(m[order[1]]);
    if (month === 0 || month > 12) continue;
    const yearText = m[order[2]];
    let year = Number(yearText);
    if (yearText.length === 2) year += year > currentYear % 1000 ? 1900 : 2000;
    // goflow's Go dates normalize impossible days (31/02) forward; we do the same via luxon's plus
    const date = DateTime.utc(year, month, 1).plus({ days: day - 1 });
    return { date: new XDate(date.year, date.month, date.day), remainder: str.slice((m.index ?? 0) + m[0].length) };
  }
  return null;
}

/** Finds the first plausible time of day in the text (hour ≤ 24, minute and second ≤ 60). */
export function findTimeInText(text: string): XTime | null {
  for (const m of text.matchAll(new RegExp(PATTERN_TIME.source, 'g'))) {
    let hour = Number(m[1]);
    const minute = m[2] ? Number(m[2]) : 0;
    const second = m[3] ? Number(m[3]) : 0;
    const ampm = (m[5] ?? '').toLowerCase();
    if (hour < 12 && ampm === 'pm') hour += 12;
    else if (hour === 12 && ampm === 'am') hour -= 12;
    const frac = m[4] ? m[4].slice(0, 9) : '';
    const nanos = frac ? Number(frac.padEnd(9, '0')) : 0;
    if (hour === 24 && minute === 0 && second === 0 && nanos === 0) hour = 0;
    if (hour > 24 || minute > 60 || second > 60) continue;
    // Go's time normalizes 24:30 or :60 overflow by rolling over; keep values in range the same way
    const totalSeconds = hour * 3600 + minute * 60 + second;
    const norm = totalSeconds % 86400;
    return new XTime(Math.floor(norm / 3600), Math.floor((norm % 3600) / 60), norm % 60, Math.floor(nanos / 1000));
  }
  return null;
}

/** Parses a time of day from text (see findTimeInText). */
export function parseTimeText(text: string): XTime | null {
  return findTimeInText(text);
}

/** Parses a date from text (ISO or environment format). */
export function parseDateText(env: EvaluationEnvironment, text: string): XDate | null {
  return findDate(env, text)?.date ?? null;
}

function parseIsoDateTime(env: EvaluationEnvironment, str: string): XDateTime | null {
  const m = ISO_DATETIME.exec(str);
  if (!m) return null;
  const frac = m[7] ?? '';
  const micros = frac ? Number(frac.padEnd(9, '0').slice(0, 6)) : 0;
  const zoneText = m[8].toUpperCase();
  const opts = {
    year: Number(m[1]), month: Number(m[2]), day: Number(m[3]),
    hour: Number(m[4]), minute: Number(m[5]), second: m[6] ? Number(m[6]) : 0,
    millisecond: Math.floor(micros / 1000),
  };
  const zone = zoneText === 'Z' ? 'UTC' : `UTC${zoneText}`;
  const dt = DateTime.fromObject(opts, { zone });
  if (!dt.isValid) return null;
  return new XDateTime(dt, micros % 1000);
}

/**
 * Parses a datetime from text: full ISO 8601 keeps its own offset; otherwise a date in the
 * environment's format plus an optional time, in the environment's zone. When the text has no
 * time and `fillTime` is set, the current time of day is used (has_date does this), else midnight.
 */
export function parseDateTimeText(env: EvaluationEnvironment, text: string, fillTime: boolean): XDateTime | null {
  const str = text.replace(/^[ \n\r\t]+|[ \n\r\t]+$/g, '');
  const iso = parseIsoDateTime(env, str);
  if (iso) return iso;
  const found = findDate(env, str);
  if (!found) return null;
  let time = findTimeInText(found.remainder);
  if (!time && fillTime) {
    const now = nowInEnv(env);
    time = new XTime(now.hour, now.minute, now.second, now.millisecond * 1000);
  }
  const t = time ?? new XTime(0, 0, 0, 0);
  const dt = DateTime.fromObject(
    { year: found.date.year, month: found.date.month, day: found.date.day, hour: t.hour, minute: t.minute, second: t.second, millisecond: Math.floor(t.micros / 1000) },
    { zone: env.timezone },
  );
  if (!dt.isValid) return null;
  return new XDateTime(dt, t.micros % 1000);
}

// ---------------------------------------------------------------------------------------------------
// Layout formatting (format_date, format_datetime, format_time, datetime output in env format)
// ---------------------------------------------------------------------------------------------------

/** Which sequences a layout may use. Example: 'date' allows YYYY MM DD but not tt:mm. */
export type LayoutMode = 'date' | 'time' | 'datetime';

const IGNORED_LAYOUT_CHARS = new Set([' ', ':', '/', '.', ',', 'T', '-', '_']);

type SeqKind = 'date' | 'time' | 'zone';
const LAYOUT_SEQUENCES: Record<string, SeqKind> = {
  YY: 'date', YYYY: 'date', M: 'date', MM: 'date', MMM: 'date', MMMM: 'date', D: 'date', DD: 'date',
  EEE: 'date', EEEE: 'date',
  fffffffff: 'time', ffffff: 'time', fff: 'time', h: 'time', hh: 'time', t: 'time', tt: 'time',
  m: 'time', mm: 'time', s: 'time', ss: 'time', aa: 'time', AA: 'time',
  Z: 'zone', ZZZ: 'zone',
};

function allowed(kind: SeqKind, mode: LayoutMode): boolean {
  if (mode === 'datetime') return true;
  return kind === mode;
}

/** Splits a layout into sequences, or returns the goflow error for an invalid one. */
export function parseLayout(layout: string, mode: LayoutMode): { seq: string; literal: boolean }[] | string {
  const chars = Array.from(layout);
  const out: { seq: string; literal: boolean }[] = [];
  let i = 0;
  while (i < chars.length) {
    const c = chars[i];
    const ignored = IGNORED_LAYOUT_CHARS.has(c);
    let len = 1;
    while (i + len < chars.length && chars[i + len] === c) len++;
    const seq = chars.slice(i, i + len).join('');
    if (ignored) {
      out.push({ seq, literal: true });
    } else {
      const kind = LAYOUT_SEQUENCES[seq];
      if (!kind || !allowed(kind, mode)) return `'${seq}' is not a valid format sequence`;
      out.push({ seq, literal: false });
    }
    i += len;
  }
  return out;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The parts a layout can print; dates have no time, times no date. Example: partsOfDate(xDate('2020-01-15')). */
export interface LayoutParts {
  year: number; month: number; day: number; weekday: number; // weekday 1 = Monday
  hour: number; minute: number; second: number; nanos: number;
  offsetMinutes: number;
}

const p2 = (n: number) => String(n).padStart(2, '0');

/** Formats parts with a goflow layout; returns the text or an error message string in `error`. */
export function formatLayout(parts: LayoutParts, layout: string, mode: LayoutMode): { text: string } | { error: string } {
  const seqs = parseLayout(layout, mode);
  if (typeof seqs === 'string') return { error: seqs };
  let out = '';
  for (const { seq, literal } of seqs) {
    if (literal) {
      out += seq;
      continue;
    }
    const h12 = parts.hour % 12 === 0 ? 12 : parts.hour % 12;
    switch (seq) {
      case 'YYYY': out += String(parts.year).padStart(4, '0'); break;
      case 'YY': out += p2(parts.year % 100); break;
      case 'M': out += String(parts.month); break;
      case 'MM': out += p2(parts.month); break;
      case 'MMM': out += MONTHS[parts.month - 1].slice(0, 3); break;
      case 'MMMM': out += MONTHS[parts.month - 1]; break;
      case 'D': out += String(parts.day); break;
      case 'DD': out += p2(parts.day); break;
      case 'EEE': out += WEEKDAYS[parts.weekday - 1].slice(0, 3); break;
      case 'EEEE': out += WEEKDAYS[parts.weekday - 1]; break;
      case 'fff': out += String(Math.floor(parts.nanos / 1e6)).padStart(3, '0'); break;
      case 'ffffff': out += String(Math.floor(parts.nanos / 1e3)).padStart(6, '0'); break;
      case 'fffffffff': out += String(parts.nanos).padStart(9, '0'); break;
      case 'h': out += String(h12); break;
      case 'hh': out += p2(h12); break;
      case 't': out += String(parts.hour); break;
      case 'tt': out += p2(parts.hour); break;
      case 'm': out += String(parts.minute); break;
      case 'mm': out += p2(parts.minute); break;
      case 's': out += String(parts.second); break;
      case 'ss': out += p2(parts.second); break;
      case 'aa': out += parts.hour < 12 ? 'am' : 'pm'; break;
      case 'AA': out += parts.hour < 12 ? 'AM' : 'PM'; break;
      case 'Z': out += offsetText(parts.offsetMinutes, true); break;
      case 'ZZZ': out += offsetText(parts.offsetMinutes, false); break;
    }
  }
  return { text: out };
}

function offsetText(minutes: number, zForUtc: boolean): string {
  if (minutes === 0 && zForUtc) return 'Z';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${p2(Math.floor(abs / 60))}:${p2(abs % 60)}`;
}

export function partsOfDateTime(x: XDateTime): LayoutParts {
  const dt = x.dt;
  return {
    year: dt.year, month: dt.month, day: dt.day, weekday: dt.weekday,
    hour: dt.hour, minute: dt.minute, second: dt.second, nanos: (dt.millisecond * 1000 + x.extraMicros) * 1000,
    offsetMinutes: dt.offset,
  };
}

export function partsOfDate(d: XDate): LayoutParts {
  const dt = DateTime.utc(d.year, d.month, d.day);
  return { year: d.year, month: d.month, day: d.day, weekday: dt.weekday, hour: 0, minute: 0, second: 0, nanos: 0, offsetMinutes: 0 };
}

export function partsOfTime(t: XTime): LayoutParts {
  return { year: 1, month: 1, day: 1, weekday: 1, hour: t.hour, minute: t.minute, second: t.second, nanos: t.micros * 1000, offsetMinutes: 0 };
}

/** The env's datetime layout: date format + " " + time format, e.g. "DD-MM-YYYY tt:mm". */
export function envDateTimeLayout(env: EvaluationEnvironment): string {
  return `${env.dateFormat} ${env.timeFormat}`;
}
