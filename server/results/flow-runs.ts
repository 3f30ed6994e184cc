/**
 * Reads a flow's live (not simulated) runs for results and exports, with the contact details results are
 * broken down by. Runs are read in pages ordered by id, so a large flow does not hold one huge statement.
 *
 * Example:
 *   const runs = await loadFlowRuns(db, workspaceId, flowId, parseResultsFilter({ district: 'Kilifi' }));
 *   // [{ uuid, status: 'completed', createdAt, exitedAt, results: { age: {…} }, path: ['node-1', 'node-2'],
 *   //    contact: { uuid, name: 'Amina', urn: 'tel:+2547…', fhirRef: 'Practitioner/1', fields: { district: 'Kilifi', … } } }]
 */
import type { RunResult, RunStatus } from '../../runtime/engine/state.js';
import { all, parseJson, sqlFor, type Db } from '../messaging/sql.js';
import { TARGET_DIMENSIONS, type TargetDimension } from '../targeting/dimensions.js';
import { dateBounds, type ResultsFilter } from './filters.js';

/** One run as results see it. Example: see the module comment. */
export interface ResultRun {
  uuid: string;
  status: RunStatus;
  createdAt: string;
  exitedAt: string | null;
  results: Record<string, RunResult>;
  /** The node uuids the run went through, in order. */
  path: string[];
  contact: {
    uuid: string;
    name: string | null;
    urn: string | null;
    fhirRef: string | null;
    fields: Partial<Record<TargetDimension, string>>;
  };
}

interface RunRow {
  id: string;
  uuid: string;
  status: string;
  created_at: string;
  exited_at: string | null;
  results: string;
  path: string;
  contact_uuid: string;
  contact_name: string | null;
  fhir_ref: string | null;
  fields: string;
  urn: string | null;
}

const PAGE = 2000;

export async function loadFlowRuns(db: Db, workspaceId: string, flowId: string, filter: ResultsFilter): Promise<ResultRun[]> {
  const dialect = sqlFor(db);
  const { start, endExclusive } = dateBounds(filter);
  let where = 'r.workspace_id = ? AND r.flow_id = ? AND s.simulated = 0';
  const params: unknown[] = [workspaceId, flowId];
  if (start) {
    where += ' AND r.created_at >= ?';
    params.push(start);
  }
  if (endExclusive) {
    where += ' AND r.created_at < ?';
    params.push(endExclusive);
  }
  for (const [dimension, value] of Object.entries(filter.fields)) {
    where += ` AND lower(${dialect.jsonText('c.fields', [dimension])}) = lower(?)`;
    params.push(value);
  }
  const out: ResultRun[] = [];
  let cursor = '';
  for (;;) {
    const rows = await all<RunRow>(
      db,
      `SELECT r.id, r.uuid, r.status, r.created_at, r.exited_at, r.results, r.path,
              c.uuid AS contact_uuid, c.name AS contact_name, c.fhir_ref, c.fields,
              (SELECT u.identity FROM contact_urns u WHERE u.contact_id = c.id ORDER BY u.priority, u.created_at LIMIT 1) AS urn
         FROM runs r JOIN sessions s ON s.id = r.session_id JOIN contacts c ON c.id = r.contact_id
        WHERE ${where} AND r.id > ? ORDER BY r.id LIMIT ?`,
      [...params, cursor, PAGE],
    );
    for (const row of rows) out.push(toRun(row));
    if (rows.length < PAGE) return out;
    cursor = rows[rows.length - 1]!.id;
  }
}

function toRun(row: RunRow): ResultRun {
  const fields = parseJson<Record<string, unknown>>(row.fields, {});
  const picked: ResultRun['contact']['fields'] = {};
  for (const dimension of TARGET_DIMENSIONS) {
    const value = fields[dimension];
    if (typeof value === 'string' && value) picked[dimension] = value;
  }
  const path = parseJson<{ node_uuid?: string }[]>(row.path, []).map((step) => step.node_uuid).filter((n): n is string => typeof n === 'string');
  return {
    uuid: row.uuid,
    status: row.status as RunStatus,
    createdAt: row.created_at,
    exitedAt: row.exited_at,
    results: parseJson<Record<string, RunResult>>(row.results, {}),
    path,
    contact: { uuid: row.contact_uuid, name: row.contact_name, urn: row.urn, fhirRef: row.fhir_ref, fields: picked },
  };
}
