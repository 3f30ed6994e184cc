/**
 * tRPC initialisation and the procedure builders every router uses. Each builder checks that the caller is
 * authenticated, in a workspace, with at least the named role; inside the procedure `ctx.workspace`,
 * `ctx.role` and `ctx.auth` are non-null, and every query must filter on `ctx.workspace.id`.
 *
 * Example (a sub-router):
 *   export const thingsRouter = router({
 *     list: viewerProcedure.input(z.object({ search: z.string().optional() })).query(({ ctx, input }) =>
 *       ctx.db.selectFrom('things').selectAll().where('workspace_id', '=', ctx.workspace.id).execute()),
 *     remove: editorProcedure.input(z.object({ id: z.string() })).mutation(...),
 *   });
 */
import { initTRPC, TRPCError } from '@trpc/server';
import type { Role } from '../db/schema.js';
import { roleAtLeast } from '../auth/roles.js';
import type { ApiContext } from './context.js';
import { writeAudit } from '../auth/audit.js';
import { AUDITED_MUTATIONS, auditTargetOf } from './audited-mutations.js';

export type { ApiContext, ServerServices, RequestInfo } from './context.js';
export { createApiContext } from './context.js';

const t = initTRPC.context<ApiContext>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause as (Error & { issues?: unknown; flowIssues?: unknown }) | undefined;
    let message = shape.message;
    if (error.code === 'INTERNAL_SERVER_ERROR') message = 'Internal server error (details are in the server log).';
    else if (cause instanceof SyntaxError) message = `Malformed JSON in the request body: ${cause.message}`;
    else if (error.code === 'PAYLOAD_TOO_LARGE') message = 'The request body is larger than the server accepts.';
    // Input validation failures (zod / standard schema): which field, why.
    const inputIssues = error.code === 'BAD_REQUEST' && Array.isArray(cause?.issues)
      ? (cause.issues as { path?: PropertyKey[]; message?: string }[]).map((i) => ({
        path: (i.path ?? []).map((p) => (typeof p === 'object' && p !== null && 'key' in p ? String((p as { key: unknown }).key) : String(p))).join('.'),
        message: String(i.message ?? ''),
      }))
      : undefined;
    if (inputIssues?.length) {
      message = inputIssues.map((i) => (!i.path || i.message.startsWith(`${i.path}:`) ? i.message : `${i.path}: ${i.message}`)).join('; ');
    }
    return {
      ...shape,
      message,
      data: {
        ...shape.data,
        inputIssues,
        // Flow problems (publish / import refusals), each with its path and node.
        flowIssues: cause && typeof cause === 'object' && 'flowIssues' in cause ? cause.flowIssues : undefined,
        // Never leak stack traces to clients.
        stack: undefined,
      },
    };
  },
});

export const router = t.router;
export const middleware = t.middleware;
export const mergeRouters = t.mergeRouters;
export const createCallerFactory = t.createCallerFactory;

/** No authentication (login, health). */
export const publicProcedure = t.procedure;

function requireRole(required: Role) {
  return t.middleware(async ({ ctx, next, path, type, getRawInput }) => {
    const { auth } = ctx;
    if (!auth) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Log in (or send a valid API token) to do this.' });
    if (!roleAtLeast(auth.role, required)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: `This needs the ${required} role; you are ${auth.role} in "${auth.workspace.name}".` });
    }
    const result = await next({
      ctx: {
        auth,
        workspace: auth.workspace,
        role: auth.role,
        /** The acting user's id for created_by / audit (null for API tokens). */
        actorUserId: auth.user?.id ?? null,
      },
    });
    const audited = type === 'mutation' ? AUDITED_MUTATIONS[path] : undefined;
    if (audited && result.ok) {
      const input = await getRawInput();
      await writeAudit(ctx.db, {
        workspaceId: auth.workspace.id,
        userId: auth.user?.id ?? null,
        action: audited.action,
        target: auditTargetOf(audited.action, result.data),
        detail: { via: auth.kind, ...(audited.input === 'full' ? { input } : { fields: input && typeof input === 'object' ? Object.keys(input) : [] }) },
        ip: ctx.request.ip,
      });
    }
    return result;
  });
}

/** Any member of the workspace (read-only). */
export const viewerProcedure = t.procedure.use(requireRole('viewer'));
/** Editors and admins (change flows, contacts, start flows, send broadcasts). */
export const editorProcedure = t.procedure.use(requireRole('editor'));
/** Admins only (users, tokens, workspace settings, channels). */
export const adminProcedure = t.procedure.use(requireRole('admin'));

/** A logged-in person (not an API token), any role: own account actions like changing the password. */
export const userProcedure = viewerProcedure.use(({ ctx, next }) => {
  if (!ctx.auth.user || ctx.auth.kind !== 'session') {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'This needs a logged-in user, not an API token.' });
  }
  return next({ ctx: { user: ctx.auth.user, loginSessionId: ctx.auth.loginSessionId } });
});
