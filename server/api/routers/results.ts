/**
 * results.*: a flow's results (rates, drop-off, per-question charts, breakdowns) and its exports.
 * Filters: `from`/`to` (days, UTC) and one value per region, district, facility or cadre.
 *
 * Example:
 *   await trpc.results.summary.query({ flowId, filter: { from: '2026-11-01', district: 'Kilifi' } })
 *   await trpc.results.dropOff.query({ flowId })   // { nodes: { '<node uuid>': { reached: 10, waiting: 2, stopped: 1 } } }
 *   await trpc.results.export.query({ flowId, format: 'xlsx' })   // { filename, mimeType, base64, rows }
 */
import { z } from 'zod';
import { all } from '../../messaging/sql.js';
import { EXPORT_FORMATS, exportResults } from '../../results/exports/export-results.js';
import { parseResultsFilter } from '../../results/filters.js';
import { resultsFlow } from '../../results/flow-definition.js';
import { loadFlowRuns } from '../../results/flow-runs.js';
import { summarizeResults } from '../../results/summary.js';
import { router, viewerProcedure } from '../trpc.js';
import { withMessagingErrors } from './messaging/errors.js';

const filterInput = z
  .object({
    from: z.string().max(10).nullish(),
    to: z.string().max(10).nullish(),
    region: z.string().max(200).nullish(),
    district: z.string().max(200).nullish(),
    facility: z.string().max(200).nullish(),
    cadre: z.string().max(200).nullish(),
  })
  .optional();

/** Starts of the flow still sending (the page polls faster while there is one). */
async function activeStarts(db: Parameters<typeof all>[0], workspaceId: string, flowId: string) {
  const rows = await all<{ id: string; status: string; totals: string; created_at: string }>(
    db,
    `SELECT id, status, totals, created_at FROM flow_starts WHERE workspace_id = ? AND flow_id = ? AND status IN ('pending', 'starting', 'scheduled') ORDER BY id DESC LIMIT 20`,
    [workspaceId, flowId],
  );
  return rows.map((r) => ({ id: r.id, status: r.status, createdAt: r.created_at }));
}

export const resultsRouter = router({
  summary: viewerProcedure.input(z.object({ flowId: z.string().min(1), filter: filterInput })).query(({ ctx, input }) =>
    withMessagingErrors(async () => {
      const filter = parseResultsFilter(input.filter ?? undefined);
      const flow = await resultsFlow(ctx.db, ctx.workspace.id, input.flowId);
      const runs = await loadFlowRuns(ctx.db, ctx.workspace.id, flow.id, filter);
      return { ...summarizeResults(flow, runs), activeStarts: await activeStarts(ctx.db, ctx.workspace.id, flow.id), generatedAt: new Date().toISOString() };
    }),
  ),
  /** Per node: runs that reached it, wait there now, or ended there without completing (for the canvas). */
  dropOff: viewerProcedure.input(z.object({ flowId: z.string().min(1), filter: filterInput })).query(({ ctx, input }) =>
    withMessagingErrors(async () => {
      const flow = await resultsFlow(ctx.db, ctx.workspace.id, input.flowId);
      const summary = summarizeResults(flow, await loadFlowRuns(ctx.db, ctx.workspace.id, flow.id, parseResultsFilter(input.filter ?? undefined)));
      const nodes: Record<string, { reached: number; waiting: number; stopped: number }> = {};
      for (const n of summary.dropOff) nodes[n.nodeUuid] = { reached: n.reached, waiting: n.waiting, stopped: n.stopped };
      return { runs: summary.totals.runs, nodes };
    }),
  ),
  export: viewerProcedure
    .input(z.object({ flowId: z.string().min(1), format: z.enum(EXPORT_FORMATS), filter: filterInput }))
    .query(({ ctx, input }) =>
      withMessagingErrors(() => exportResults(ctx.db, ctx.workspace.id, input.flowId, input.format, parseResultsFilter(input.filter ?? undefined), new Date())),
    ),
});
