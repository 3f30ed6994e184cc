/**
 * CSV (RFC 4180) of a results table: comma separated, CRLF line ends, fields quoted when they hold a
 * comma, quote or line break, and a UTF-8 byte order mark so spreadsheet programs read accents right.
 * A text starting with = + - @ is prefixed with ' so a spreadsheet never runs it as a formula.
 *
 * Example: `toCsv({ header: ['Name'], rows: [['Amina, RN']], numericColumns: new Set() })` → `"\uFEFFName\r\n\"Amina, RN\"\r\n"`.
 */
import type { Cell, ResultsTable } from './results-table.js';

function field(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  const safe = /^[=+\-@]/.test(cell) && !/^-?\d+(\.\d+)?$/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(table: ResultsTable): string {
  const lines = [table.header, ...table.rows].map((row) => row.map(field).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
