/**
 * Phone number parsing and formatting (libphonenumber-js with full metadata, so validity checks
 * match Google's libphonenumber as goflow's does).
 *
 *   findPhoneNumbers('call me on 206 779 9294', 'US') -> ['+12067799294']
 *   formatNational('+12065551212') -> '(206) 555-1212'
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

// a run of at least 5 digits, spaces, dots, dashes or brackets, optionally starting with +
const POSSIBLE_PHONE = /\+?[\d .\-()]{5,}/g;
const ONLY_PHONE = /^\+?[\d .\-()]{5,}$/;

function asCountry(country: string | null | undefined): CountryCode | undefined {
  const c = (country ?? '').trim().toUpperCase();
  return /^[A-Z]{2}$/.test(c) ? (c as CountryCode) : undefined;
}

/** Parses text that is only a phone number; returns it as E.164 if valid, else ''. */
export function parsePhoneE164(text: string, country: string | null | undefined): string {
  const s = text.trim();
  if (!ONLY_PHONE.test(s)) return '';
  try {
    const phone = parsePhoneNumberFromString(s, asCountry(country));
    if (!phone || !phone.isValid()) return '';
    return phone.format('E.164');
  } catch {
    return '';
  }
}

/** All valid phone numbers found in the text, E.164, in order. */
export function findPhoneNumbers(text: string, country: string | null | undefined): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(POSSIBLE_PHONE)) {
    const n = parsePhoneE164(m[0], country);
    if (n) out.push(n);
  }
  return out;
}

/** National format for the number's own country, e.g. '(206) 555-1212'; the input if unparseable. */
export function formatNational(number: string): string {
  try {
    const phone = parsePhoneNumberFromString(number.startsWith('+') ? number : `+${number}`);
    if (!phone) return number;
    return phone.formatNational();
  } catch {
    return number;
  }
}
