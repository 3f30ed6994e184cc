/**
 * The templates gallery: list the flows library (viewer) and create a workspace flow from a template (editor).
 * A bad or missing template is a clear BAD_REQUEST / NOT_FOUND (with `error.data.flowIssues` for flow problems).
 *
 * Example:
 *   const templates = await trpc.library.list.query();
 *   const { flow } = await trpc.library.create.mutate({ templateId: 'surveillance-alert', language: 'fr' });
 *   location.hash = `#/flows/${flow.id}`;
 */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { writeAudit } from '../../auth/audit.js';
import path from 'node:path';
import { createFlowFromTemplate, DEFAULT_LIBRARY_DIR, LibraryError, listTemplates } from '../../library/index.js';
import { installLibraryClassifier } from '../../nlp/library-classifier.js';
import { editorProcedure, router, viewerProcedure } from '../trpc.js';

async function withLibraryErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof LibraryError) {
      // flowIssues on the cause reach clients as error.data.flowIssues (see trpc.ts)
      throw new TRPCError({ code: error.code === 'not_found' ? 'NOT_FOUND' : 'BAD_REQUEST', message: error.message, cause: error });
    }
    throw error;
  }
}

export const libraryRouter = router({
  list: viewerProcedure.query(() => listTemplates()),

  create: editorProcedure
    .input(z.object({
      templateId: z.string().min(1).max(64),
      name: z.string().trim().max(128).optional(),
      language: z.enum(['en', 'fr']).optional(),
    }))
    .mutation(async ({ ctx, input }) => {
      const created = await withLibraryErrors(() =>
        createFlowFromTemplate(ctx.db, { workspaceId: ctx.workspace.id, templateId: input.templateId, name: input.name, language: input.language, userId: ctx.actorUserId, now: ctx.services.clock.now() }));
      await writeAudit(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.actorUserId, action: 'flow.create', target: `flow:${created.flow.id}`, detail: { name: created.flow.name, template: input.templateId }, ip: ctx.request.ip });
      // A template that understands messages (the FAQ) brings its classifier: created and trained once per
      // workspace, under the uuid the flow refers to (the template id was checked by createFlowFromTemplate).
      const classifier = await installLibraryClassifier(ctx.db, ctx.workspace.id, path.join(DEFAULT_LIBRARY_DIR, input.templateId), { userId: ctx.actorUserId });
      return { ...created, classifier };
    }),
});
