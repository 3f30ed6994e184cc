import type { ContactPoint } from '@medplum/fhirtypes';
import { isSupportedCountry, parsePhoneNumberFromString, validatePhoneNumberLength, type CountryCode } from 'libphonenumber-js/max';

/**
 * The usable phone numbers of a FHIR `telecom` list, normalized to E.164, best first, and why the others
 * were rejected.
 *
 * Example: `{ numbers: ['+237677123456'], rejected: [{ value: '0677…', reason: 'invalid phone number "0677…" for CM (INVALID_LENGTH)' }] }`.
 */
export interface TelecomPhones {
  numbers: string[];
  rejected: { value: string; reason: string }[];
}

/** telecom systems that can carry a phone number; OpenMRS FHIR2 often omits `system` entirely. */
const PHONE_SYSTEMS = new Set<string | undefined>(['phone', 'sms', undefined]);
const USE_ORDER: Record<string, number> = { mobile: 0, home: 2, work: 3, temp: 4, old: 9 };

/**
 * Normalizes one written number to E.164 using `defaultCountry` for national formats
 * ("677 12 34 56", "00237677123456", "237-677-123-456" → "+237677123456").
 *
 * Example: `normalizePhone('677 12 34 56', 'CM')` → `{ e164: '+237677123456', mobile: true }`.
 */
export function normalizePhone(raw: string, defaultCountry: CountryCode): { e164: string; mobile: boolean } | { error: string } {
  const value = raw.trim();
  if (!/\d/.test(value)) return { error: `invalid phone number "${raw}" (no digits)` };
  // "00" is the international prefix in most of Africa and Europe; libphonenumber only knows it per country.
  const text = value.replace(/^00(?=[1-9])/, '+');
  const parsed = parsePhoneNumberFromString(text, defaultCountry);
  if (!parsed || !parsed.isValid()) {
    const why = validatePhoneNumberLength(text, defaultCountry) ?? 'not a valid number';
    return { error: `invalid phone number "${raw}" for ${defaultCountry} (${why})` };
  }
  const type = parsed.getType();
  return { e164: parsed.number, mobile: type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE' || type === undefined };
}

/**
 * Picks the phone numbers of a telecom list: only phone/sms/unspecified systems, current (no past
 * `period.end`), ordered mobile first, then by `rank`, then by use; deduplicated.
 */
export function phonesFromTelecom(telecom: readonly ContactPoint[] | undefined, defaultCountry: CountryCode, now = new Date()): TelecomPhones {
  const candidates = (telecom ?? [])
    .map((point, index) => ({ point, index }))
    .filter(({ point }) => PHONE_SYSTEMS.has(point.system) && point.value && point.value.trim())
    .filter(({ point }) => !point.period?.end || Date.parse(point.period.end) > now.getTime());
  const rejected: TelecomPhones['rejected'] = [];
  const valid: { e164: string; mobile: boolean; use: number; rank: number; index: number }[] = [];
  for (const { point, index } of candidates) {
    const result = normalizePhone(point.value!, defaultCountry);
    if ('error' in result) rejected.push({ value: point.value!, reason: result.error });
    else valid.push({ ...result, use: USE_ORDER[point.use ?? ''] ?? 1, rank: point.rank ?? Number.MAX_SAFE_INTEGER, index });
  }
  valid.sort((a, b) => Number(b.mobile) - Number(a.mobile) || a.rank - b.rank || a.use - b.use || a.index - b.index);
  return { numbers: [...new Set(valid.map((v) => v.e164))], rejected };
}

/** A skip reason for a record whose telecom yielded no usable number. */
export function noPhoneReason(phones: TelecomPhones): string {
  if (phones.rejected.length === 0) return 'no phone number in telecom';
  return phones.rejected.map((r) => r.reason).join('; ');
}

/** Checks an ISO-3166 alpha-2 code is one libphonenumber knows; throws a clear error otherwise. */
export function assertCountry(code: string): CountryCode {
  const upper = code.trim().toUpperCase();
  if (!isSupportedCountry(upper)) {
    throw new Error(`default country "${code}" is not an ISO-3166 alpha-2 code libphonenumber knows (e.g. "CM", "KE")`);
  }
  return upper as CountryCode;
}
