/**
 * When a schedule fires next, computed in the schedule's time zone (so "every day at 09:00" stays
 * 09:00 local across daylight-saving changes).
 *
 * `repeat` JSON: `{ "hour": 9, "minute": 0 }` (daily), plus `"days_of_week": [1, 3]` (weekly, ISO
 * 1 = Monday … 7 = Sunday) or `"day_of_month": 31` (monthly; short months use their last day).
 * A one-time schedule has `{ "at": "2026-12-01T06:00:00.000Z" }` and fires exactly once.
 *
 * Example: `nextFire('weekly', { hour: 9, minute: 0, days_of_week: [1] }, 'Africa/Nairobi', new Date('2026-11-25T12:00:00Z'))`
 * → "2026-11-30T06:00:00.000Z" (Monday 09:00 in Nairobi).
 */
import { DateTime } from 'luxon';

export type ScheduleKind = 'once' | 'daily' | 'weekly' | 'monthly';

/** Parsed repeat settings. Example: `{ hour: 9, minute: 0, days_of_week: [1, 3] }`. */
export interface Repeat {
  hour?: number;
  minute?: number;
  days_of_week?: number[];
  day_of_month?: number;
  at?: string;
}

export function validateRepeat(kind: ScheduleKind, repeat: Repeat, timezone: string): void {
  if (!DateTime.now().setZone(timezone).isValid) throw new Error(`schedule timezone "${timezone}" is not an IANA time zone`);
  if (kind === 'once') {
    if (!repeat.at || Number.isNaN(Date.parse(repeat.at))) throw new Error('a one-time schedule needs repeat.at, an ISO date-time');
    return;
  }
  const hour = repeat.hour ?? 0;
  const minute = repeat.minute ?? 0;
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw new Error('repeat.hour must be an integer 0–23');
  if (!Number.isInteger(minute) || minute < 0 || minute > 59) throw new Error('repeat.minute must be an integer 0–59');
  if (kind === 'weekly') {
    const days = repeat.days_of_week ?? [];
    if (days.length === 0 || days.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) throw new Error('repeat.days_of_week must list ISO weekdays 1 (Monday) – 7 (Sunday)');
  }
  if (kind === 'monthly') {
    const day = repeat.day_of_month;
    if (!Number.isInteger(day) || day! < 1 || day! > 31) throw new Error('repeat.day_of_month must be an integer 1–31');
  }
}

/** The first fire time strictly after `after`, or null when a one-time schedule has passed. */
export function nextFire(kind: ScheduleKind, repeat: Repeat, timezone: string, after: Date): string | null {
  if (kind === 'once') {
    const at = Date.parse(repeat.at ?? '');
    return at > after.getTime() ? new Date(at).toISOString() : null;
  }
  const hour = repeat.hour ?? 0;
  const minute = repeat.minute ?? 0;
  const local = DateTime.fromJSDate(after, { zone: timezone });
  // Walk day by day (at most ~62 days for monthly) and take the first matching day whose time is after `after`.
  for (let offset = 0; offset < 400; offset++) {
    const day = local.startOf('day').plus({ days: offset });
    let matches = true;
    if (kind === 'weekly') matches = (repeat.days_of_week ?? []).includes(day.weekday);
    if (kind === 'monthly') matches = day.day === Math.min(repeat.day_of_month ?? 1, day.daysInMonth ?? 28);
    if (!matches) continue;
    const candidate = day.set({ hour, minute, second: 0, millisecond: 0 });
    if (candidate.toMillis() > after.getTime()) return candidate.toUTC().toISO()!;
  }
  return null;
}
