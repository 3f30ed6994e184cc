/**
 * messaging.simulator.*: run the real engine on a flow's draft for a made-up contact (see
 * server/messaging/simulator.ts). Every call answers `{ sessionUuid, status, events, segments, results, contact, effects, messages }`.
 *
 * Example: `await trpc.messaging.simulator.start.mutate({ flowId, contact: { name: 'Amina', language: 'swa' } })`,
 *          then `…simulator.reply.mutate({ sessionUuid, text: 'yes' })`.
 */
import { z } from 'zod';
import { simulateResume, simulateStart } from '../../../messaging/simulator.js';
import { editorProcedure, router } from '../../trpc.js';
import { withMessagingErrors } from './errors.js';
import { runtimeOf } from './shared.js';

const sessionInput = z.object({ sessionUuid: z.string().min(1), definition: z.record(z.string(), z.unknown()).optional() });

export const simulatorRouter = router({
  start: editorProcedure
    .input(
      z.object({
        flowId: z.string().min(1),
        revision: z.number().int().positive().optional(),
        definition: z.record(z.string(), z.unknown()).optional(),
        contact: z.object({ name: z.string().max(200), language: z.string().regex(/^[a-z]{3}$/).nullish(), urn: z.string().regex(/^[a-z][a-z0-9-]*:.+/).nullish() }),
      }),
    )
    .mutation(({ ctx, input }) =>
      withMessagingErrors(() => simulateStart(runtimeOf(ctx), { workspaceId: ctx.workspace.id, ...input, contact: { name: input.contact.name, language: input.contact.language ?? null, urn: input.contact.urn ?? null } })),
    ),
  reply: editorProcedure
    .input(sessionInput.extend({ text: z.string().max(10_000), attachments: z.array(z.string()).max(10).optional() }))
    .mutation(({ ctx, input }) =>
      withMessagingErrors(() =>
        simulateResume(runtimeOf(ctx), { workspaceId: ctx.workspace.id, sessionUuid: input.sessionUuid, definition: input.definition, resume: { type: 'msg', text: input.text, attachments: input.attachments } }),
      ),
    ),
  timeout: editorProcedure
    .input(sessionInput)
    .mutation(({ ctx, input }) =>
      withMessagingErrors(() => simulateResume(runtimeOf(ctx), { workspaceId: ctx.workspace.id, sessionUuid: input.sessionUuid, definition: input.definition, resume: { type: 'wait_timeout' } })),
    ),
  expire: editorProcedure
    .input(sessionInput.extend({ kind: z.enum(['wait_expiration', 'run_expiration']).optional() }))
    .mutation(({ ctx, input }) =>
      withMessagingErrors(() =>
        simulateResume(runtimeOf(ctx), { workspaceId: ctx.workspace.id, sessionUuid: input.sessionUuid, definition: input.definition, resume: { type: input.kind ?? 'wait_expiration' } }),
      ),
    ),
});
