/**
 * One results export as a download: the file's name, media type and bytes (base64, so the API can carry
 * it as JSON and the web client can save it). Formats: csv, xlsx, floip (zip), fhir (Bundle JSON).
 *
 * Example:
 *   await exportResults(db, workspaceId, flowId, 'csv', parseResultsFilter({}), new Date())
 *   // { filename: 'rapid-survey-results-2026-11-25.csv', mimeType: 'text/csv;charset=utf-8', base64: '77u/UnVu…', rows: 42 }
 */
import type { Db } from '../../messaging/sql.js';
import type { ResultsFilter } from '../filters.js';
import { resultsFlow } from '../flow-definition.js';
import { loadFlowRuns } from '../flow-runs.js';
import { summarizeResults } from '../summary.js';
import { toCsv } from './csv.js';
import { fhirResponsesBundle } from './fhir-bundle.js';
import { floipZip } from './floip.js';
import { resultsTable } from './results-table.js';
import { toXlsx } from './xlsx.js';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'floip', 'fhir'] as const;
/** Example: `"xlsx"`. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Example: see the module comment. */
export interface ResultsDownload {
  filename: string;
  mimeType: string;
  base64: string;
  /** Runs in the export. */
  rows: number;
}

function slug(name: string): string {
  return name.toLowerCase().normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'flow';
}

export async function exportResults(db: Db, workspaceId: string, flowId: string, format: ExportFormat, filter: ResultsFilter, now: Date): Promise<ResultsDownload> {
  const flow = await resultsFlow(db, workspaceId, flowId);
  const runs = await loadFlowRuns(db, workspaceId, flow.id, filter);
  const base = `${slug(flow.name)}-results-${now.toISOString().slice(0, 10)}`;
  switch (format) {
    case 'csv':
      return { filename: `${base}.csv`, mimeType: 'text/csv;charset=utf-8', base64: Buffer.from(toCsv(resultsTable(flow, runs)), 'utf8').toString('base64'), rows: runs.length };
    case 'xlsx': {
      const bytes = await toXlsx(resultsTable(flow, runs), summarizeResults(flow, runs));
      return { filename: `${base}.xlsx`, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', base64: Buffer.from(bytes).toString('base64'), rows: runs.length };
    }
    case 'floip':
      return { filename: `${base}-floip.zip`, mimeType: 'application/zip', base64: Buffer.from(floipZip(flow, runs, now)).toString('base64'), rows: runs.length };
    case 'fhir':
      return {
        filename: `${base}-fhir.json`,
        mimeType: 'application/fhir+json',
        base64: Buffer.from(JSON.stringify(fhirResponsesBundle(flow, runs, now), null, 2), 'utf8').toString('base64'),
        rows: runs.length,
      };
  }
}
