/**
 * `format(value)`: values formatted for people according to the environment (goflow's Format):
 * numbers with digit grouping, dates and datetimes in the environment's formats and time zone.
 *
 *   formatValue(env, xNumber('1234.5670')) -> '1,234.567'
 *   formatValue(env /* DD-MM-YYYY, tt:mm *\/, now) -> '11-04-2018 13:24'
 */
import type { Decimal } from 'decimal.js';
import type { EvaluationEnvironment } from './environment.js';
import { XDateTime, type XValue } from './values.js';
import { compareStrings, formatDecimal, reduce, render } from './conversions.js';
import { formatLayout, partsOfDate, partsOfDateTime, partsOfTime } from './dates.js';
import { roundDecimal } from './functions/numbers.js';

/**
 * A number as text with `places` decimals (-1: as many as needed) and optional digit grouping,
 * using the environment's decimal and grouping symbols.
 */
export function formatNumber(env: EvaluationEnvironment, n: Decimal, places: number, group: boolean): string {
  const text = places >= 0 ? roundDecimal(n, places).toFixed(places) : formatDecimal(n);
  const negative = text.startsWith('-');
  const [intPart, fracPart] = (negative ? text.slice(1) : text).split('.');
  let grouped = intPart;
  if (group) {
    grouped = '';
    for (let i = 0; i < intPart.length; i++) {
      grouped += intPart[i];
      const fromEnd = intPart.length - i - 1;
      if (fromEnd > 0 && fromEnd % 3 === 0) grouped += env.numberFormat.digitGroupingSymbol;
    }
  }
  const sign = negative ? '-' : '';
  return fracPart !== undefined ? `${sign}${grouped}${env.numberFormat.decimalSymbol}${fracPart}` : `${sign}${grouped}`;
}

export function formatValue(env: EvaluationEnvironment, v: XValue, depth = 0): string {
  const r = reduce(v);
  if (r === null) return '';
  if (depth > 32) return '…';
  switch (r.kind) {
    case 'number':
      return formatNumber(env, r.value, -1, true);
    case 'date': {
      const out = formatLayout(partsOfDate(r), env.dateFormat, 'date');
      return 'text' in out ? out.text : render(env, r);
    }
    case 'time': {
      const out = formatLayout(partsOfTime(r), env.timeFormat, 'time');
      return 'text' in out ? out.text : render(env, r);
    }
    case 'datetime': {
      const inZone = new XDateTime(r.dt.setZone(env.timezone), r.extraMicros);
      const out = formatLayout(partsOfDateTime(inZone), `${env.dateFormat} ${env.timeFormat}`, 'datetime');
      return 'text' in out ? out.text : render(env, r);
    }
    case 'array': {
      // one line "a, b" unless an item spans lines; then a "- item" list with indented items
      const parts = r.items().map((i) => formatValue(env, i, depth + 1));
      if (!parts.some((p) => p.includes('\n'))) return parts.join(', ');
      return parts.map((p) => '-' + indent(p, '  ').slice(1)).join('\n');
    }
    case 'object': {
      // "key: value" lines in key order; a multi-line value goes indented under "key:"
      const keys = r.keys().sort(compareStrings);
      return keys
        .map((k) => {
          const formatted = formatValue(env, r.get(k) ?? null, depth + 1);
          return formatted.includes('\n') ? `${k}:\n${indent(formatted, '  ')}` : `${k}: ${formatted}`;
        })
        .join('\n');
    }
    default:
      return render(env, r);
  }
}

/** Prefixes each non-empty line (goflow's utils.Indent). */
function indent(text: string, prefix: string): string {
  let out = '';
  let lineStart = true;
  for (const ch of text) {
    if (lineStart && ch !== '\n') out += prefix;
    out += ch;
    lineStart = ch === '\n';
  }
  return out;
}
