/**
 * messaging.broadcasts.*: send one (translated) message to contacts, groups or a query, now or on a
 * schedule; list and inspect them with their message counts (and how many recipients replied); cancel.
 *
 * Example: `await trpc.messaging.broadcasts.create.mutate({ text: 'Clinic closed Monday', targets: { groups: [g.uuid] } })`
 *          → `{ id: "0193…", status: "pending" }`.
 */
import { z } from 'zod';
import { broadcastCounts, cancelBroadcast, createBroadcast, type BroadcastTranslation } from '../../../messaging/broadcasts.js';
import { all, first } from '../../../messaging/sql.js';
import { broadcastReplies } from '../../../results/broadcast-replies.js';
import { editorProcedure, router, viewerProcedure } from '../../trpc.js';
import { presentBulkJob, queueBulkJob, workspaceFilter, type BulkJobRow } from './bulk-jobs.js';
import { withMessagingErrors } from './errors.js';
import { parseJsonField, scheduleInput, targetsInput } from './shared.js';

const translationInput = z.object({ text: z.string().max(10_000), attachments: z.array(z.string()).max(10).optional(), quick_replies: z.array(z.string().max(100)).max(10).optional() });

interface BroadcastRow extends BulkJobRow {
  id: string;
  translations: string;
  base_language: string;
  targets: string;
}

async function present(db: Parameters<typeof broadcastCounts>[0], row: BroadcastRow) {
  const translations = parseJsonField<Record<string, BroadcastTranslation>>(row.translations, {});
  return {
    id: row.id,
    text: translations[row.base_language]?.text ?? '',
    translations,
    baseLanguage: row.base_language,
    targets: parseJsonField<Record<string, unknown>>(row.targets, {}),
    ...presentBulkJob(row),
    counts: { ...(await broadcastCounts(db, row.id)), replied: await broadcastReplies(db, row.id, row.created_at) },
  };
}

const COLUMNS = 'id, translations, base_language, targets, status, schedule_id, totals, created_by, created_at, updated_at';

export const broadcastsRouter = router({
  create: editorProcedure
    .input(
      z.object({
        text: z.string().max(10_000).optional(),
        translations: z.record(z.string(), translationInput).optional(),
        baseLanguage: z.string().regex(/^[a-z]{3}$/).optional(),
        targets: targetsInput,
        schedule: scheduleInput.optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      withMessagingErrors(async () => {
        const languages = parseJsonField<string[]>((await first<{ languages: string }>(ctx.db, 'SELECT languages FROM workspaces WHERE id = ?', [ctx.workspace.id]))?.languages ?? null, []);
        const baseLanguage = input.baseLanguage ?? (input.translations ? Object.keys(input.translations)[0] : undefined) ?? languages[0] ?? 'eng';
        const translations = input.translations ?? (input.text !== undefined ? { [baseLanguage]: { text: input.text } } : null);
        if (!translations) throw new Error('give the message as "text" or as "translations"');
        return queueBulkJob(ctx, input.schedule, (scheduleId) =>
          createBroadcast(ctx.db, { workspaceId: ctx.workspace.id, translations, baseLanguage, targets: input.targets, createdBy: ctx.actorUserId, scheduleId }),
        );
      }),
    ),
  list: viewerProcedure
    .input(z.object({ limit: z.number().int().min(1).max(200).default(50), before: z.string().optional(), status: z.string().optional() }).default({ limit: 50 }))
    .query(async ({ ctx, input }) => {
      const { where, params } = workspaceFilter('workspace_id', ctx.workspace.id, [['id < ?', input.before], ['status = ?', input.status]]);
      params.push(input.limit);
      const rows = await all<BroadcastRow>(ctx.db, `SELECT ${COLUMNS} FROM broadcasts WHERE ${where} ORDER BY id DESC LIMIT ?`, params);
      return Promise.all(rows.map((r) => present(ctx.db, r)));
    }),
  get: viewerProcedure.input(z.object({ id: z.string().min(1) })).query(({ ctx, input }) =>
    withMessagingErrors(async () => {
      const row = await first<BroadcastRow>(ctx.db, `SELECT ${COLUMNS} FROM broadcasts WHERE id = ? AND workspace_id = ?`, [input.id, ctx.workspace.id]);
      if (!row) throw new Error(`id: broadcast ${input.id} not found in this workspace`);
      return present(ctx.db, row);
    }),
  ),
  cancel: editorProcedure.input(z.object({ id: z.string().min(1) })).mutation(({ ctx, input }) =>
    withMessagingErrors(async () => ({ cancelled: await cancelBroadcast(ctx.db, ctx.workspace.id, input.id) })),
  ),
});
