/**
 * inbox.*: messages no flow handled, with search, labels, replies and archiving.
 *
 * Example:
 *   await trpc.inbox.list.query({ view: 'inbox', search: 'stock' })
 *   await trpc.inbox.createLabel.mutate({ name: 'Stock-out' })
 *   await trpc.inbox.label.mutate({ messageId, labelUuid, on: true })
 *   await trpc.inbox.reply.mutate({ messageId, text: 'Thank you, we will call you' })
 *   await trpc.inbox.archive.mutate({ messageId, archived: true })
 */
import { z } from 'zod';
import { setArchived } from '../../inbox/archive.js';
import { listInbox } from '../../inbox/inbox-messages.js';
import { createLabel, deleteLabel, listLabels, setLabel } from '../../inbox/labels.js';
import { MAX_REPLY_LENGTH, replyToMessage } from '../../inbox/reply.js';
import { editorProcedure, router, viewerProcedure } from '../trpc.js';
import { withMessagingErrors } from './messaging/errors.js';
import { runtimeOf } from './messaging/shared.js';

export const inboxRouter = router({
  list: viewerProcedure
    .input(
      z
        .object({
          view: z.enum(['inbox', 'archived']).default('inbox'),
          search: z.string().max(200).optional(),
          label: z.string().max(100).optional(),
          before: z.string().max(100).optional(),
          limit: z.number().int().min(1).max(200).default(50),
        })
        .default({ view: 'inbox', limit: 50 }),
    )
    .query(({ ctx, input }) =>
      listInbox(ctx.db, ctx.workspace.id, { view: input.view, search: input.search?.trim() || null, label: input.label || null, before: input.before || null, limit: input.limit }),
    ),
  labels: viewerProcedure.query(({ ctx }) => listLabels(ctx.db, ctx.workspace.id)),
  createLabel: editorProcedure.input(z.object({ name: z.string().max(200) })).mutation(({ ctx, input }) => withMessagingErrors(() => createLabel(ctx.db, ctx.workspace.id, input.name))),
  deleteLabel: editorProcedure.input(z.object({ labelUuid: z.string().min(1) })).mutation(({ ctx, input }) =>
    withMessagingErrors(async () => {
      await deleteLabel(ctx.db, ctx.workspace.id, input.labelUuid);
      return { deleted: true };
    }),
  ),
  label: editorProcedure.input(z.object({ messageId: z.string().min(1), labelUuid: z.string().min(1), on: z.boolean() })).mutation(({ ctx, input }) =>
    withMessagingErrors(async () => {
      await setLabel(ctx.db, ctx.workspace.id, input.messageId, input.labelUuid, input.on);
      return { ok: true };
    }),
  ),
  archive: editorProcedure.input(z.object({ messageId: z.string().min(1), archived: z.boolean() })).mutation(({ ctx, input }) =>
    withMessagingErrors(async () => {
      await setArchived(ctx.db, ctx.workspace.id, input.messageId, input.archived, ctx.actorUserId);
      return { ok: true };
    }),
  ),
  reply: editorProcedure.input(z.object({ messageId: z.string().min(1), text: z.string().max(MAX_REPLY_LENGTH * 2) })).mutation(({ ctx, input }) =>
    withMessagingErrors(() => replyToMessage(runtimeOf(ctx), ctx.workspace.id, input.messageId, input.text)),
  ),
});
