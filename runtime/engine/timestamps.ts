/**
 * Timestamps in engine output: RFC 3339 in UTC with nanosecond digits, as goflow writes them
 * ("2025-05-04T12:30:45.123000000Z"), so lengths match goflow's in traces and payloads.
 *
 *   formatTimestamp(new Date(0))  // "1970-01-01T00:00:00.000000000Z"
 */
export function formatTimestamp(d: Date): string {
  const iso = d.toISOString(); // 2025-05-04T12:30:45.123Z
  return `${iso.slice(0, 23)}000000Z`;
}

/** Adds minutes to a timestamp, keeping the format. */
export function addSeconds(timestamp: string, seconds: number): string {
  return formatTimestamp(new Date(Date.parse(timestamp) + seconds * 1000));
}
