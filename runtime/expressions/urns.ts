/**
 * URN parsing and display, as in goflow's URN handling: `scheme:path[?query][#display]`.
 * Phone URNs display in the national format of the number's own country.
 *
 *   parseUrn('twitterid:3263621177#bobby') -> { scheme: 'twitterid', path: '3263621177', query: '', display: 'bobby' }
 *   formatUrn('tel:+12065551212') -> '(206) 555-1212'
 */
import { formatNational } from './phones.js';

/** The parts of a URN. Example: { scheme: 'tel', path: '+250781234567', query: '', display: '' }. */
export interface UrnParts {
  scheme: string;
  path: string;
  query: string;
  display: string;
}

const URN = /^([a-z][a-z0-9]*):([^?#]+)(?:\?([^#]*))?(?:#(.*))?$/;

/** Parses a URN, or returns an error message like goflow's ("scheme or path cannot be empty"). */
export function parseUrn(urn: string): UrnParts | string {
  const i = urn.indexOf(':');
  if (i <= 0 || i === urn.length - 1) return 'scheme or path cannot be empty';
  const m = URN.exec(urn);
  if (!m) return 'invalid scheme or path';
  return { scheme: m[1], path: m[2], query: m[3] ?? '', display: m[4] ?? '' };
}

/** Human-friendly URN: the display part if any, a nationally formatted phone number, else the path. */
export function formatUrnParts(parts: UrnParts): string {
  if (parts.display) return parts.display;
  if (parts.scheme === 'tel') return formatNational(parts.path);
  return parts.path;
}
