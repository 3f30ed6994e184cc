/**
 * The flat table every spreadsheet export shares: one row per run, the contact and its place first, then
 * for each question its value and category.
 *
 * Example:
 *   resultsTable(flow, runs)
 *   // { header: ['Run', 'Contact', 'Name', 'URN', 'Region', 'District', 'Facility', 'Cadre', 'Status', 'Started', 'Ended', 'Age', 'Age (category)'],
 *   //   rows: [['0193…', '0193…', 'Amina', 'tel:+2547…', 'Coast', 'Kilifi', 'Kilifi CH', 'Nurse', 'completed', '2026-…', '2026-…', 34, '30-39']] }
 */
import { TARGET_DIMENSIONS } from '../../targeting/dimensions.js';
import type { ResultsFlow } from '../flow-definition.js';
import type { ResultRun } from '../flow-runs.js';

/** A cell: text, a number (numeric answers) or empty. */
export type Cell = string | number | null;

/** Example: see the module comment. */
export interface ResultsTable {
  header: string[];
  /** Which columns hold numbers (for typed spreadsheet cells). */
  numericColumns: Set<number>;
  rows: Cell[][];
}

const DIMENSION_TITLES: Record<(typeof TARGET_DIMENSIONS)[number], string> = { region: 'Region', district: 'District', facility: 'Facility', cadre: 'Cadre' };
const NUMBER = /^-?\d+(\.\d+)?$/;

export function resultsTable(flow: ResultsFlow, runs: ResultRun[]): ResultsTable {
  const header = ['Run', 'Contact', 'Name', 'URN', ...TARGET_DIMENSIONS.map((d) => DIMENSION_TITLES[d]), 'Status', 'Started', 'Ended'];
  const numericColumns = new Set<number>();
  for (const q of flow.questions) {
    if (q.type === 'decimal' || q.type === 'integer') numericColumns.add(header.length);
    header.push(q.name, `${q.name} (category)`);
  }
  const rows = runs.map((run) => {
    const row: Cell[] = [
      run.uuid, run.contact.uuid, run.contact.name, run.contact.urn,
      ...TARGET_DIMENSIONS.map((d) => run.contact.fields[d] ?? null),
      run.status, run.createdAt, run.exitedAt,
    ];
    for (const q of flow.questions) {
      const result = run.results[q.key];
      const numeric = q.type === 'decimal' || q.type === 'integer';
      const value = result ? String(result.value ?? '') : null;
      row.push(value !== null && numeric && NUMBER.test(value.trim()) ? Number(value.trim()) : value, result?.category ?? null);
    }
    return row;
  });
  return { header, numericColumns, rows };
}
