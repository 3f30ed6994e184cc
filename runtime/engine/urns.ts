/**
 * Contact URNs ("tel:+250788123123", "whatsapp:250788123123", "mailto:a@b.org?channel=...#display"):
 * parsing, formatting, normalization and validation per scheme, as goflow does.
 *
 *   normalizeUrn('tel', '0788 123 123', 'RW')  // "tel:+250788123123"
 *   parseUrn('tel:+1206?channel=abc')          // { scheme: 'tel', path: '+1206', query: 'channel=abc', fragment: '' }
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** Parts of a URN. `query` holds goflow's per-URN params (channel, id); `fragment` a display name. */
export interface UrnParts {
  scheme: string;
  path: string;
  query: string;
  fragment: string;
}

/** URN schemes RapidPro knows. */
export const URN_SCHEMES = new Set([
  'tel', 'mailto', 'facebook', 'twitter', 'twitterid', 'telegram', 'whatsapp', 'viber', 'line', 'ext', 'fcm',
  'jiochat', 'wechat', 'freshchat', 'instagram', 'discord', 'rocketchat', 'slack', 'vk', 'webchat', 'teams', 'kakao',
]);

export function parseUrn(urn: string): UrnParts {
  const colon = urn.indexOf(':');
  const scheme = colon >= 0 ? urn.slice(0, colon) : '';
  let rest = colon >= 0 ? urn.slice(colon + 1) : urn;
  let fragment = '';
  const hash = rest.indexOf('#');
  if (hash >= 0) {
    fragment = rest.slice(hash + 1);
    rest = rest.slice(0, hash);
  }
  let query = '';
  const q = rest.indexOf('?');
  if (q >= 0) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  return { scheme, path: rest, query, fragment };
}

/** "scheme:path?query#fragment", omitting empty parts. */
export function formatUrn(p: UrnParts): string {
  return `${p.scheme}:${p.path}${p.query ? `?${p.query}` : ''}${p.fragment ? `#${p.fragment}` : ''}`;
}

/** Parses "scheme:path" text typed by a user or a flow; null when it isn't one. */
export function parseUrnString(text: string): { scheme: string; path: string } | null {
  const m = /^([a-z]+):(.+)$/i.exec(text.trim());
  if (!m || !URN_SCHEMES.has(m[1]!.toLowerCase())) return null;
  return { scheme: m[1]!.toLowerCase(), path: m[2]! };
}

/** Same contact address, ignoring channel/id params and display fragments. */
export function sameIdentity(a: UrnParts, b: UrnParts): boolean {
  return a.scheme === b.scheme && a.path === b.path;
}

/** A phone number in E.164 when it parses (with the default country), else its digits for short codes. */
export function normalizePhone(raw: string, country: string | null): string | null {
  const trimmed = raw.trim();
  if (!/^[+\d\s().\-/]+$/.test(trimmed)) return null;
  const digits = trimmed.replace(/[^\d]/g, '');
  if (digits === '') return null;
  const attempts: [string, CountryCode | undefined][] = [];
  if (trimmed.startsWith('+')) attempts.push([`+${digits}`, undefined]);
  else {
    if (country) attempts.push([digits, country.toUpperCase() as CountryCode]);
    attempts.push([`+${digits}`, undefined]);
  }
  for (const [text, cc] of attempts) {
    const parsed = parsePhoneNumberFromString(text, cc);
    if (parsed && parsed.isValid()) return parsed.number;
  }
  // short codes and numbers we can't place: keep them as typed digits
  return trimmed.startsWith('+') ? `+${digits}` : digits;
}

/** Normalizes and validates; returns the URN text or null when invalid for its scheme. */
export function normalizeUrn(scheme: string, rawPath: string, country: string | null): string | null {
  scheme = scheme.toLowerCase();
  let path = rawPath.trim();
  if (!URN_SCHEMES.has(scheme) || path === '') return null;
  switch (scheme) {
    case 'tel': {
      const phone = normalizePhone(path, country);
      return phone ? `tel:${phone}` : null;
    }
    case 'mailto':
      path = path.toLowerCase();
      return /^[^@\s]+@[^@\s]+$/.test(path) ? `mailto:${path}` : null;
    case 'twitter':
      path = path.replace(/^@/, '').toLowerCase();
      return /^[a-z0-9_]{1,15}$/.test(path) ? `twitter:${path}` : null;
    case 'telegram':
    case 'twitterid':
    case 'whatsapp':
    case 'facebook':
      if (scheme === 'facebook' && path.startsWith('ref:')) return `facebook:${path}`;
      path = scheme === 'whatsapp' ? path.replace(/^\+/, '') : path;
      return /^\d+$/.test(path) ? `${scheme}:${path}` : null;
    default:
      return `${scheme}:${path}`;
  }
}

/** ISO country of an E.164 phone number ("+12065551212" → "US"), or null. */
export function countryOfPhone(phone: string): string | null {
  if (!phone.startsWith('+')) return null;
  return parsePhoneNumberFromString(phone)?.country ?? null;
}
