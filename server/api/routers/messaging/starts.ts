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
import { presentBulkJob, queueBulkJob, workspaceFilter, type BulkJobRow } from './bulk-jobs.js';
import { withMessagingErrors } from './errors.js';
import { parseJsonField, scheduleInput, targetsInput } from './shared.js';

interface StartRow extends BulkJobRow {
  id: string;
  flow_id: string;
  flow_name: string | null;
  targets: string;
  params: string;
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
        return queueBulkJob(ctx, input.schedule, (scheduleId) =>
          createFlowStart(ctx.db, { workspaceId: ctx.workspace.id, flowId: input.flowId, targets: input.targets, params: input.params, createdBy: ctx.actorUserId, scheduleId }),
        );
      }),
    ),
  list: viewerProcedure
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50), flowId: z.string().optional(), before: z.string().optional() }).default({ limit: 50 }))
    .query(async ({ ctx, input }) => {
      const { where, params } = workspaceFilter('s.workspace_id', ctx.workspace.id, [['s.flow_id = ?', input.flowId], ['s.id < ?', input.before]]);
      params.push(input.limit);
      const rows = await all<StartRow>(
        ctx.db,
        `SELECT s.id, s.flow_id, f.name AS flow_name, s.targets, s.params, s.status, s.schedule_id, s.totals, s.created_by, s.created_at, s.updated_at
           FROM flow_starts s LEFT JOIN flows f ON f.id = s.flow_id WHERE ${where} ORDER BY s.id DESC LIMIT ?`,
        params,
      );
      return rows.map((r) => ({
        id: r.id,
        flowId: r.flow_id,
        flowName: r.flow_name,
        targets: parseJsonField<Record<string, unknown>>(r.targets, {}),
        params: parseJsonField<Record<string, unknown>>(r.params, {}),
        ...presentBulkJob(r),
      }));
    }),
  cancel: editorProcedure.input(z.object({ id: z.string().min(1) })).mutation(({ ctx, input }) =>
    withMessagingErrors(async () => ({ cancelled: await cancelFlowStart(ctx.db, ctx.workspace.id, input.id) })),
  ),
});
