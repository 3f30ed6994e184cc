/**
 * API tokens for implementers (admin only). The secret is returned once by `create`; lists show metadata only.
 *
 * Example: `const { token } = await trpc.apiTokens.create.mutate({ name: 'DHIS2 sync', role: 'editor' })`
 *   then `curl -H "Authorization: Bearer $token" …/trpc/flows.list`.
 */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { adminProcedure, router } from '../trpc.js';
import { createApiToken } from '../../auth/api-tokens.js';
import { writeAudit } from '../../auth/audit.js';
import { isoNow } from '../../db/ids.js';

export const apiTokensRouter = router({
  create: adminProcedure
    .input(z.object({ name: z.string().trim().min(1).max(100), role: z.enum(['admin', 'editor', 'viewer']) }))
    .mutation(async ({ ctx, input }) => {
      const now = ctx.services.clock.now();
      const { id, token } = await createApiToken(ctx.db, { workspaceId: ctx.workspace.id, createdBy: ctx.actorUserId, name: input.name, role: input.role, now });
      await writeAudit(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.actorUserId, action: 'api_token.create', target: `api_token:${id}`, detail: { name: input.name, role: input.role }, ip: ctx.request.ip, at: now });
      return { id, name: input.name, role: input.role, token };
    }),

  list: adminProcedure.query(async ({ ctx }) => {
    const rows = await ctx.db.selectFrom('api_tokens').leftJoin('users', 'users.id', 'api_tokens.created_by')
      .select(['api_tokens.id', 'api_tokens.name', 'api_tokens.role', 'api_tokens.created_at', 'api_tokens.last_used_at', 'api_tokens.revoked_at', 'users.email as created_by_email'])
      .where('api_tokens.workspace_id', '=', ctx.workspace.id).orderBy('api_tokens.created_at', 'desc').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, role: r.role, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at, createdBy: r.created_by_email }));
  }),

  revoke: adminProcedure.input(z.object({ id: z.string().min(1) })).mutation(async ({ ctx, input }) => {
    const result = await ctx.db.updateTable('api_tokens').set({ revoked_at: isoNow(ctx.services.clock.now()) })
      .where('id', '=', input.id).where('workspace_id', '=', ctx.workspace.id).where('revoked_at', 'is', null).executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new TRPCError({ code: 'NOT_FOUND', message: `id: no active API token ${input.id} in this workspace.` });
    await writeAudit(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.actorUserId, action: 'api_token.revoke', target: `api_token:${input.id}`, ip: ctx.request.ip });
    return { ok: true };
  }),
});
