/**
 * Typed contact field values as goflow stores them: always the text, plus the number / datetime /
 * location parsed from it when the field type says so.
 *
 *   makeFieldValue('number', '23', env)  // { text: '23', number: 23 }
 *   makeFieldValue('text', '', env)      // null (clears the field)
 */
import type { ContactFieldValue, Environment } from './api.js';
import { parseDateTimeText } from './dates.js';
import { findLocation } from './locations.js';

/** goflow keeps at most 640 characters of a field value. */
export const MAX_FIELD_VALUE_LENGTH = 640;

export function makeFieldValue(
  type: string,
  rawText: string,
  env: Environment,
  locations: unknown[] | undefined,
): ContactFieldValue | null {
  const text = [...rawText.trim()].slice(0, MAX_FIELD_VALUE_LENGTH).join('');
  if (text === '') return null;
  const value: ContactFieldValue = { text };
  // as goflow: number and datetime are parsed whatever the field type (queries and exports use them)
  const number = parseNumber(text);
  if (number !== null) value.number = number;
  const datetime = parseDateTimeText(text, env);
  if (datetime) value.datetime = datetime;
  if (type === 'state' || type === 'district' || type === 'ward') {
    const state = findLocation(locations, text, 1, null);
    if (state) value.state = state;
    if (type !== 'state') {
      const district = findLocation(locations, text, 2, value.state ?? null);
      if (district) {
        value.district = district;
        value.state ??= district.split(' > ').slice(0, 2).join(' > ');
      }
    }
    if (type === 'ward') {
      const ward = findLocation(locations, text, 3, value.district ?? null);
      if (ward) value.ward = ward;
    }
  }
  return value;
}

/** Decimal text → JSON number (goflow writes numbers as JSON numbers). */
function parseNumber(text: string): number | null {
  const cleaned = text.replace(/,/g, '');
  if (!/^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(cleaned)) return null;
  const n = Number(cleaned);
  return Number.isFinite(n) ? n : null;
}
