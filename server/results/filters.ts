/**
 * Which runs a results view or export covers: a date range on when the run started (whole days, UTC,
 * both ends included) and optionally one value per targeting dimension (region, district, facility, cadre).
 *
 * Example: `parseResultsFilter({ from: '2026-11-01', to: '2026-11-30', district: 'Kilifi' })`.
 */
import { TARGET_DIMENSIONS, type TargetDimension } from '../targeting/dimensions.js';

/** Example: `{ from: '2026-11-01', to: '2026-11-30', fields: { district: 'Kilifi' } }`. */
export interface ResultsFilter {
  from: string | null;
  to: string | null;
  fields: Partial<Record<TargetDimension, string>>;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function checkDay(name: string, value: unknown): string | null {
  if (value == null || value === '') return null;
  if (typeof value !== 'string' || !DAY.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new Error(`${name}: "${String(value)}" is not a date like 2026-11-25`);
  }
  return value;
}

export function parseResultsFilter(input: Partial<Record<'from' | 'to' | TargetDimension, string | null>> | undefined): ResultsFilter {
  const from = checkDay('from', input?.from);
  const to = checkDay('to', input?.to);
  if (from && to && from > to) throw new Error(`from (${from}) is after to (${to})`);
  const fields: ResultsFilter['fields'] = {};
  for (const dimension of TARGET_DIMENSIONS) {
    const value = input?.[dimension];
    if (typeof value === 'string' && value.trim()) fields[dimension] = value.trim();
  }
  return { from, to, fields };
}

/** The ISO bounds of the filter: runs with `start <= created_at < endExclusive`. */
export function dateBounds(filter: ResultsFilter): { start: string | null; endExclusive: string | null } {
  const start = filter.from ? `${filter.from}T00:00:00.000Z` : null;
  let endExclusive: string | null = null;
  if (filter.to) {
    const next = new Date(`${filter.to}T00:00:00.000Z`);
    next.setUTCDate(next.getUTCDate() + 1);
    endExclusive = next.toISOString();
  }
  return { start, endExclusive };
}
