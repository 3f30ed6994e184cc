/**
 * Reading dates typed by contacts into datetime field values, following the workspace date format
 * (DD-MM-YYYY / MM-DD-YYYY / YYYY-MM-DD) and time zone.
 *
 *   parseDateTimeText('15-01-2024 10:30', { date_format: 'DD-MM-YYYY', timezone: 'Africa/Kigali' })
 *     // "2024-01-15T10:30:00.000000+02:00"
 */
import { DateTime } from 'luxon';
import type { Environment } from './api.js';

const DATE_PATTERN = /(\d{1,4})[-./](\d{1,2})[-./](\d{1,4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?/;

/** ISO text (microsecond precision, zone offset) or null when the text holds no date. */
export function parseDateTimeText(text: string, env: Environment): string | null {
  const iso = DateTime.fromISO(text.trim(), { zone: env.timezone ?? 'UTC', setZone: true });
  if (iso.isValid && /^\d{4}-\d{2}-\d{2}/.test(text.trim())) return formatIso(iso);
  const m = DATE_PATTERN.exec(text);
  if (!m) return null;
  const [a, b, c] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let year: number, month: number, day: number;
  const format = env.date_format ?? 'DD-MM-YYYY';
  if (m[1]!.length === 4) [year, month, day] = [a, b, c];
  else if (format === 'MM-DD-YYYY') [month, day, year] = [a, b, c];
  else [day, month, year] = [a, b, c];
  if (year < 100) year += year < 50 ? 2000 : 1900;
  const dt = DateTime.fromObject(
    { year, month, day, hour: m[4] ? Number(m[4]) : 0, minute: m[5] ? Number(m[5]) : 0, second: m[6] ? Number(m[6]) : 0 },
    { zone: env.timezone ?? 'UTC' },
  );
  return dt.isValid ? formatIso(dt) : null;
}

function formatIso(dt: DateTime): string {
  const base = dt.toFormat("yyyy-MM-dd'T'HH:mm:ss");
  const fraction = `${String(dt.millisecond).padStart(3, '0')}000`;
  const offset = dt.offset === 0 ? 'Z' : dt.toFormat('ZZ');
  return `${base}.${fraction}${offset}`;
}
