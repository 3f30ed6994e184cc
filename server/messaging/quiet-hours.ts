/**
 * Quiet hours: a daily window, in the workspace's time zone, when bulk messages (broadcasts, flow
 * starts) are held. They are not dropped: they stay queued with `next_attempt_at` at the window's end.
 * Replies in a conversation (priority 1) are never held.
 *
 * Example: `{ start: "21:00", end: "07:00" }` in "Africa/Nairobi" at 22:30 local → held until 07:00 local
 * the next morning (04:00 UTC); at 12:00 local → `null` (send now).
 */
import { DateTime } from 'luxon';

/** Stored as workspaces.quiet_hours JSON. Example: `{ "start": "21:00", "end": "07:00" }`. */
export interface QuietHours {
  start: string;
  end: string;
}

function minutesOf(hhmm: string, field: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(hhmm);
  if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) throw new Error(`quiet_hours.${field} must be "HH:MM", got "${hhmm}"`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function parseQuietHours(json: string | null | undefined): QuietHours | null {
  if (!json) return null;
  const value = JSON.parse(json) as Partial<QuietHours> | null;
  if (!value || typeof value.start !== 'string' || typeof value.end !== 'string') return null;
  minutesOf(value.start, 'start');
  minutesOf(value.end, 'end');
  return value.start === value.end ? null : { start: value.start, end: value.end };
}

/** The ISO time the current quiet window ends, or null when `at` is outside quiet hours. */
export function quietHoursEnd(quiet: QuietHours | null, timezone: string, at: Date): string | null {
  if (!quiet) return null;
  const local = DateTime.fromJSDate(at, { zone: timezone });
  if (!local.isValid) throw new Error(`invalid workspace time zone "${timezone}"`);
  const start = minutesOf(quiet.start, 'start');
  const end = minutesOf(quiet.end, 'end');
  const now = local.hour * 60 + local.minute;
  const inside = start < end ? now >= start && now < end : now >= start || now < end;
  if (!inside) return null;
  let endDay = local.startOf('day');
  if (start > end && now >= start) endDay = endDay.plus({ days: 1 }); // the window crosses midnight
  const endAt = endDay.set({ hour: Math.floor(end / 60), minute: end % 60 });
  return endAt.toUTC().toISO()!;
}
