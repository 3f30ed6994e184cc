/**
 * What the broadcasts and flow-starts routers share: both queue a bulk job (sent now or on a schedule)
 * that the bulk loop works through, list the jobs newest first, and show the same progress columns.
 *
 * Example:
 *   const queued = await queueBulkJob(ctx, input.schedule, (scheduleId) => createFlowStart(ctx.db, { …, scheduleId }));
 *   // → { id: "0193…", status: "scheduled", scheduleId: "0193…" }
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.js';
import type { FlowEvents } from '../../../flows/flow-events.js';
import { parseJsonField, runtimeOf, scheduleFromInput, type ScheduleInput } from './shared.js';

/** The columns every bulk job row has. Example: `{ status: "pending", schedule_id: null, totals: '{"sent":3}', … }`. */
export interface BulkJobRow {
  status: string;
  schedule_id: string | null;
  totals: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * Creates the job's schedule (when one is given), inserts the job with `create`, and wakes the bulk loop.
 * Example answer: `{ id: "0193…", status: "pending", scheduleId: null }`.
 */
export async function queueBulkJob(
  ctx: { db: Kysely<Database>; workspace: { id: string }; services: { flowEvents?: FlowEvents } },
  schedule: ScheduleInput | undefined,
  create: (scheduleId: string | null) => Promise<string>,
): Promise<{ id: string; status: 'scheduled' | 'pending'; scheduleId: string | null }> {
  const scheduleId = await scheduleFromInput(ctx.db, ctx.workspace.id, schedule);
  const id = await create(scheduleId);
  runtimeOf(ctx).notify('bulk');
  return { id, status: scheduleId ? 'scheduled' : 'pending', scheduleId };
}

/**
 * A WHERE clause for one workspace's rows, narrowed by each condition whose value was given (undefined or
 * empty values are skipped), with its parameters in order.
 * Example: `workspaceFilter('s.workspace_id', ws, [['s.id < ?', before]])` → `{ where: 's.workspace_id = ? AND s.id < ?', params: [ws, before] }`.
 */
export function workspaceFilter(workspaceColumn: string, workspaceId: string, conditions: [sql: string, value: string | undefined][]): { where: string; params: unknown[] } {
  const params: unknown[] = [workspaceId];
  let where = `${workspaceColumn} = ?`;
  for (const [sql, value] of conditions) {
    if (!value) continue;
    where += ` AND ${sql}`;
    params.push(value);
  }
  return { where, params };
}

/** The progress columns as the API shows them; the bulk loop's internal `cursor` is left out of the totals. */
export function presentBulkJob(row: BulkJobRow) {
  const totals = parseJsonField<Record<string, unknown>>(row.totals, {});
  delete totals.cursor;
  return {
    status: row.status,
    scheduleId: row.schedule_id,
    totals,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
