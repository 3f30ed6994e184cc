/**
 * JSON, URN, attachment and formatting functions: json, parse_json, urn_parts, attachment_parts,
 * format, format_number, format_location, format_urn.
 *
 *   @(json(object("a", 1))) -> {"a":1}
 *   @(format_urn("tel:+250781234567")) -> 0781 234 567
 *   @(format_number(1234.5670, 2, true)) -> 1,234.57
 */
import { XError, XObject, XText } from '../values.js';
import { toInteger, toJSONText, toXBoolean, toXNumber, toXText } from '../conversions.js';
import { parseJSONToXValue } from '../json.js';
import { formatNumber, formatValue } from '../format.js';
import { formatUrnParts, parseUrn, type UrnParts } from '../urns.js';
import { fn, type FunctionSpec } from './spec.js';

function urnOrError(text: string): UrnParts | XError {
  const parts = parseUrn(text);
  return typeof parts === 'string' ? new XError(`${text} is not a valid URN: ${parts}`) : parts;
}

export const ENCODING_FUNCTIONS: FunctionSpec[] = [
  fn('json', 1, 1, 'returns the JSON representation of a value', (env, [v]) => new XText(toJSONText(env, v))),

  fn('parse_json', 1, 1, 'parses JSON text into a value', (env, [v]) => {
    const t = toXText(env, v);
    return t instanceof XError ? t : parseJSONToXValue(t.value);
  }),

  fn('urn_parts', 1, 1, 'returns the scheme, path and display of a URN', (env, [v]) => {
    const t = toXText(env, v);
    if (t instanceof XError) return t;
    const parts = urnOrError(t.value);
    if (parts instanceof XError) return parts;
    return new XObject({ scheme: parts.scheme, path: parts.path, display: parts.display });
  }),

  fn('attachment_parts', 1, 1, 'returns the content type and URL of an attachment', (env, [v]) => {
    const t = toXText(env, v);
    if (t instanceof XError) return t;
    const i = t.value.indexOf(':');
    return new XObject(
      i >= 0 ? { content_type: t.value.slice(0, i), url: t.value.slice(i + 1) } : { content_type: '', url: t.value },
    );
  }),

  fn('format', 1, 1, 'formats a value for people according to its type and the environment', (env, [v]) => new XText(formatValue(env, v))),

  fn('format_number', 1, 3, 'formats a number with decimal places and digit grouping', (env, args) => {
    const n = toXNumber(env, args[0]);
    if (n instanceof XError) return n;
    let places = -1;
    if (args.length > 1) {
      const p = toInteger(env, args[1]);
      if (p instanceof XError) return p;
      if (p < 0 || p > 9) return new XError(`must take 0-9 number of places, got ${p}`);
      places = p;
    }
    let group = true;
    if (args.length > 2) {
      const g = toXBoolean(env, args[2]);
      if (g instanceof XError) return g;
      group = g.value;
    }
    return new XText(formatNumber(env, n.value, places, group));
  }),

  fn('format_location', 1, 1, 'returns the name of a location from its path', (env, [v]) => {
    const t = toXText(env, v);
    if (t instanceof XError) return t;
    const parts = t.value.split('>');
    return new XText(parts[parts.length - 1].trim());
  }),

  fn('format_urn', 1, 1, 'formats a URN for people (phone numbers in national format)', (env, [v]) => {
    const t = toXText(env, v);
    if (t instanceof XError) return t;
    const parts = urnOrError(t.value);
    return parts instanceof XError ? parts : new XText(formatUrnParts(parts));
  }),
];

