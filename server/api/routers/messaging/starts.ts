/**
 * messaging.starts.*: start a published flow for contacts, groups or a query, now or on a schedule;
 * list and cancel starts.
 *
 * Example: `await trpc.messaging.starts.create.mutate({ flowId, targets: { groups: [g.uuid] }, params: { restart_participants: true } })`.
 */
import { z } from 'zod';
import { cancelFlowStart, createFlowStart } from '../../../messaging/flow-starts.js';
import { all } from '../../../messaging/sql.js';
import { editorProcedure, router, viewerProcedure } from '../../trpc.js';
import { withMessagingErrors } from './errors.js';
import { parseJsonField, runtimeOf, scheduleFromInput, scheduleInput, targetsInput } from './shared.js';

interface StartRow {
  id: string;
  flow_id: string;
  flow_name: string | null;
  targets: string;
  params: string;
  status: string;
  schedule_id: string | null;
  totals: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export const startsRouter = router({
  create: editorProcedure
    .input(
      z.object({
        flowId: z.string().min(1),
        targets: targetsInput,
        params: z.object({ restart_participants: z.boolean().optional(), exclude_active: z.boolean().optional(), params: z.record(z.string(), z.unknown()).optional() }).optional(),
        schedule: scheduleInput.optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      withMessagingErrors(async () => {
        const scheduleId = await scheduleFromInput(ctx.db, ctx.workspace.id, input.schedule);
        const id = await createFlowStart(ctx.db, { workspaceId: ctx.workspace.id, flowId: input.flowId, targets: input.targets, params: input.params, createdBy: ctx.actorUserId, scheduleId });
        runtimeOf(ctx).notify('bulk');
        return { id, status: scheduleId ? 'scheduled' : 'pending', scheduleId };
      }),
    ),
  list: viewerProcedure
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50), flowId: z.string().optional(), before: z.string().optional() }).default({ limit: 50 }))
    .query(async ({ ctx, input }) => {
      const params: unknown[] = [ctx.workspace.id];
      let where = 's.workspace_id = ?';
      if (input.flowId) {
        where += ' AND s.flow_id = ?';
        params.push(input.flowId);
      }
      if (input.before) {
        where += ' AND s.id < ?';
        params.push(input.before);
      }
      params.push(input.limit);
      const rows = await all<StartRow>(
        ctx.db,
        `SELECT s.id, s.flow_id, f.name AS flow_name, s.targets, s.params, s.status, s.schedule_id, s.totals, s.created_by, s.created_at, s.updated_at
           FROM flow_starts s LEFT JOIN flows f ON f.id = s.flow_id WHERE ${where} ORDER BY s.id DESC LIMIT ?`,
        params,
      );
      return rows.map((r) => {
        const totals = parseJsonField<Record<string, unknown>>(r.totals, {});
        delete totals.cursor;
        return {
          id: r.id,
          flowId: r.flow_id,
          flowName: r.flow_name,
          targets: parseJsonField<Record<string, unknown>>(r.targets, {}),
          params: parseJsonField<Record<string, unknown>>(r.params, {}),
          status: r.status,
          scheduleId: r.schedule_id,
          totals,
          createdBy: r.created_by,
          createdAt: r.created_at,
          updatedAt: r.updated_at,
        };
      });
    }),
  cancel: editorProcedure.input(z.object({ id: z.string().min(1) })).mutation(({ ctx, input }) =>
    withMessagingErrors(async () => ({ cancelled: await cancelFlowStart(ctx.db, ctx.workspace.id, input.id) })),
  ),
});
