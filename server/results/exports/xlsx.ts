/**
 * XLSX of a results table (write-excel-file): a "Results" sheet (bold header, numbers as numbers) and a
 * "Summary" sheet with the totals and each question's category counts.
 *
 * Example: `const bytes = await toXlsx(table, summary)` → a Buffer starting with "PK" (a zip).
 */
import writeExcelFile from 'write-excel-file/node';
import type { ResultsSummary } from '../summary.js';
import type { ResultsTable } from './results-table.js';

type SheetCell = { value: string | number; type?: typeof String | typeof Number; fontWeight?: 'bold' } | null;

function bold(value: string): SheetCell {
  return { value, type: String, fontWeight: 'bold' };
}

export async function toXlsx(table: ResultsTable, summary: ResultsSummary): Promise<Buffer> {
  const results: SheetCell[][] = [table.header.map(bold)];
  for (const row of table.rows) {
    results.push(row.map((cell) => (cell === null ? null : typeof cell === 'number' ? { value: cell, type: Number } : { value: cell, type: String })));
  }
  const overview: SheetCell[][] = [
    [bold(summary.flow.name)],
    [{ value: 'Runs' }, { value: summary.totals.runs, type: Number }],
    [{ value: 'Responded' }, { value: summary.totals.responded, type: Number }],
    [{ value: 'Completed' }, { value: summary.totals.completed, type: Number }],
    [{ value: 'Response rate' }, { value: summary.rates.response, type: Number }],
    [{ value: 'Completion rate' }, { value: summary.rates.completion, type: Number }],
  ];
  for (const q of summary.questions) {
    overview.push([], [bold(q.name), bold('Count')]);
    for (const c of q.categories) overview.push([{ value: c.name }, { value: c.count, type: Number }]);
  }
  const sheets = [
    { data: results, sheet: 'Results' },
    { data: overview, sheet: 'Summary' },
  ];
  // The library's sheet-data type is wider than the cells used here.
  return (await writeExcelFile(sheets as never).toBuffer()) as Buffer;
}
