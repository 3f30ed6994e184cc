/**
 * Timestamps in engine output: RFC 3339 in UTC with nanosecond digits, as goflow writes them
 * ("2025-05-04T12:30:45.123000000Z"), so lengths match goflow's in traces and payloads; session state
 * keeps plain ISO ("2025-05-04T12:30:45.123Z").
 *
 *   formatTimestamp(new Date(0))  // "1970-01-01T00:00:00.000000000Z"
 *   isoTimestamp(new Date(0))     // "1970-01-01T00:00:00.000Z"
 */

const DAY_MS = 86_400_000;
/** 10000-01-01T00:00:00Z: from there on toISOString writes six-digit years. */
const YEAR_10000_MS = 253_402_300_800_000;

/** The "YYYY-MM-DDT" of the last day formatted: a sprint's timestamps nearly always share it. */
let lastDay = Number.NaN;
let lastDayText = '';

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function pad3(n: number): string {
  return n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`;
}

/**
 * Exactly `d.toISOString()`, several times faster: the engine stamps every event, path step and
 * result, and the builtin is slow. The date part comes from toISOString once per day; the time of
 * day is plain arithmetic. Dates before 1970 or after 9999 (and invalid ones) use the builtin.
 */
export function isoTimestamp(d: Date): string {
  const ms = d.getTime();
  if (!(ms >= 0 && ms < YEAR_10000_MS)) return d.toISOString();
  const day = Math.floor(ms / DAY_MS);
  if (day !== lastDay) {
    lastDayText = d.toISOString().slice(0, 11);
    lastDay = day;
  }
  let rest = ms - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  return `${lastDayText}${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${pad3(rest - seconds * 1000)}Z`;
}

/**
 * The last timestamp formatted in the 1970-9999 range and its instant: a wait's expiry is computed
 * from the timestamp just written, and Date.parse is slow.
 */
let lastStamp = '';
let lastStampMs = Number.NaN;

export function formatTimestamp(d: Date): string {
  const iso = isoTimestamp(d); // 2025-05-04T12:30:45.123Z
  const stamp = `${iso.slice(0, 23)}000000Z`;
  const ms = d.getTime();
  if (ms >= 0 && ms < YEAR_10000_MS) {
    lastStamp = stamp;
    lastStampMs = ms;
  }
  return stamp;
}

/** Adds seconds to a timestamp, keeping the format. */
export function addSeconds(timestamp: string, seconds: number): string {
  const ms = timestamp === lastStamp ? lastStampMs : Date.parse(timestamp);
  return formatTimestamp(new Date(ms + seconds * 1000));
}
