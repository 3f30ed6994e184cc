/**
 * Flows: list/search, open, create, save drafts, publish, revisions (immutable) and restore, duplicate,
 * archive, import (one transaction) and export. Reading needs viewer; changing needs editor.
 *
 * Example:
 *   const { flow } = await trpc.flows.create.mutate({ name: 'Registration' });
 *   await trpc.flows.saveDraft.mutate({ id: flow.id, definition, baseRevision: 1 });
 *   await trpc.flows.publish.mutate({ id: flow.id });   // BAD_REQUEST with error.data.flowIssues on errors
 */
import { z } from 'zod';
import { editorProcedure, router, viewerProcedure } from '../trpc.js';
import { withFlowErrors } from '../errors.js';
import { writeAudit } from '../../auth/audit.js';

const id = z.string().min(1).max(64);
const definition = z.record(z.string(), z.unknown());

export const flowsRouter = router({
  list: viewerProcedure
    .input(z.object({
      search: z.string().max(200).optional(),
      archived: z.boolean().optional().default(false),
      limit: z.number().int().min(1).max(500).default(100),
      offset: z.number().int().min(0).default(0),
    }).default({ archived: false, limit: 100, offset: 0 }))
    .query(({ ctx, input }) => ctx.services.flows.list(ctx.workspace.id, input)),

  get: viewerProcedure.input(z.object({ id })).query(({ ctx, input }) =>
    withFlowErrors(() => ctx.services.flows.get(ctx.workspace.id, input.id))),

  create: editorProcedure
    .input(z.object({
      name: z.string().trim().min(1).max(128),
      type: z.enum(['messaging', 'messaging_background', 'messaging_offline', 'voice']).default('messaging'),
      language: z.string().regex(/^([a-z]{3}|und)$/, 'language: an ISO 639-3 code, e.g. "eng"').optional(),
    }))
    .mutation(async ({ ctx, input }) => {
      const language = input.language ?? (JSON.parse(ctx.workspace.languages) as string[])[0] ?? 'eng';
      const created = await withFlowErrors(() => ctx.services.flows.create(ctx.workspace.id, { ...input, language, userId: ctx.actorUserId, now: ctx.services.clock.now() }));
      await writeAudit(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.actorUserId, action: 'flow.create', target: `flow:${created.flow.id}`, detail: { name: input.name }, ip: ctx.request.ip });
      return created;
    }),

  saveDraft: editorProcedure
    .input(z.object({ id, definition, baseRevision: z.number().int().min(0).optional(), comment: z.string().max(500).optional() }))
    .mutation(({ ctx, input }) => withFlowErrors(() => ctx.services.flows.saveDraft(ctx.workspace.id, input.id, input.definition,
      { userId: ctx.actorUserId, baseRevision: input.baseRevision, comment: input.comment ?? null }))),

  publish: editorProcedure
    .input(z.object({ id, definition: definition.optional(), baseRevision: z.number().int().min(0).optional(), comment: z.string().max(500).optional() }))
    .mutation(async ({ ctx, input }) => {
      const result = await withFlowErrors(() => ctx.services.flows.publish(ctx.workspace.id, input.id,
        { userId: ctx.actorUserId, definition: input.definition, baseRevision: input.baseRevision, comment: input.comment ?? null }));
      await writeAudit(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.actorUserId, action: 'flow.publish', target: `flow:${input.id}`, detail: { revision: result.revision }, ip: ctx.request.ip });
      return result;
    }),

  revisions: viewerProcedure.input(z.object({ id })).query(({ ctx, input }) =>
    withFlowErrors(() => ctx.services.flows.revisions(ctx.workspace.id, input.id))),

  getRevision: viewerProcedure.input(z.object({ id, revision: z.number().int().min(1) })).query(({ ctx, input }) =>
    withFlowErrors(() => ctx.services.flows.getRevision(ctx.workspace.id, input.id, input.revision))),

  restoreRevision: editorProcedure
    .input(z.object({ id, revision: z.number().int().min(1), baseRevision: z.number().int().min(0).optional() }))
    .mutation(async ({ ctx, input }) => {
      const result = await withFlowErrors(() => ctx.services.flows.restoreRevision(ctx.workspace.id, input.id, input.revision, { userId: ctx.actorUserId, baseRevision: input.baseRevision }));
      await writeAudit(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.actorUserId, action: 'flow.restore', target: `flow:${input.id}`, detail: { from: input.revision, revision: result.revision }, ip: ctx.request.ip });
      return result;
    }),

  duplicate: editorProcedure.input(z.object({ id, name: z.string().trim().min(1).max(128).optional() })).mutation(async ({ ctx, input }) => {
    const result = await withFlowErrors(() => ctx.services.flows.duplicate(ctx.workspace.id, input.id, { name: input.name, userId: ctx.actorUserId }));
    await writeAudit(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.actorUserId, action: 'flow.duplicate', target: `flow:${result.flow.id}`, detail: { from: input.id }, ip: ctx.request.ip });
    return result;
  }),

  archive: editorProcedure.input(z.object({ id })).mutation(async ({ ctx, input }) => {
    await withFlowErrors(() => ctx.services.flows.setArchived(ctx.workspace.id, input.id, true));
    await writeAudit(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.actorUserId, action: 'flow.archive', target: `flow:${input.id}`, ip: ctx.request.ip });
    return { ok: true };
  }),

  unarchive: editorProcedure.input(z.object({ id })).mutation(async ({ ctx, input }) => {
    await withFlowErrors(() => ctx.services.flows.setArchived(ctx.workspace.id, input.id, false));
    await writeAudit(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.actorUserId, action: 'flow.unarchive', target: `flow:${input.id}`, ip: ctx.request.ip });
    return { ok: true };
  }),

  /** Imports a RapidPro export, a Kiunga export or one flow definition. All flows or none; issues returned. */
  import: editorProcedure
    .input(z.object({ file: z.unknown().refine((v) => v !== undefined, 'file: required'), publish: z.boolean().default(false) }))
    .mutation(async ({ ctx, input }) => {
      const outcome = await withFlowErrors(() => ctx.services.flows.importFile(ctx.workspace.id, input.file, { userId: ctx.actorUserId, publish: input.publish }));
      await writeAudit(ctx.db, {
        workspaceId: ctx.workspace.id, userId: ctx.actorUserId, action: 'flow.import', target: null,
        detail: { ok: outcome.ok, flows: outcome.flows.map((f) => f.uuid), errors: outcome.issues.filter((i) => i.severity === 'error').length, publish: input.publish },
        ip: ctx.request.ip,
      });
      return outcome;
    }),

  export: viewerProcedure
    .input(z.object({
      ids: z.array(id).min(1).max(500),
      which: z.enum(['latest', 'published']).default('latest'),
      /** Remove Kiunga-only actions (kiunga_*) so RapidPro can run the file as is. */
      dropExtensions: z.boolean().default(false),
    }))
    .query(({ ctx, input }) => withFlowErrors(() => ctx.services.flows.exportFlows(ctx.workspace.id, input.ids, input.which, { dropExtensions: input.dropExtensions }))),
});
