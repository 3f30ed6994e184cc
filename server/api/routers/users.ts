/**
 * Workspace members (admin only): list, create/invite, change role, reset password, disable/enable.
 * An existing user (by email) invited to this workspace gets a membership; a new user gets an account with the
 * given password or a generated one, which is returned once.
 *
 * Example: `await trpc.users.create.mutate({ email: 'nurse@moh.go.ke', name: 'Nurse', role: 'viewer' })`
 *   → `{ id, email, created: true, password: "q3Zr…" }`
 */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { adminProcedure, router } from '../trpc.js';
import type { ApiContext } from '../context.js';
import { createUserWithMembership, normalizeEmail } from '../../auth/users.js';
import { generatePassword, hashPassword } from '../../auth/passwords.js';
import { deleteUserLoginSessions } from '../../auth/login-sessions.js';
import { writeAudit } from '../../auth/audit.js';
import { isoNow, newId } from '../../db/ids.js';
import { passwordSchema } from './auth.js';

const roleSchema = z.enum(['admin', 'editor', 'viewer']);

async function requireMember(ctx: ApiContext, workspaceId: string, userId: string) {
  const row = await ctx.db.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id')
    .select(['users.id', 'users.email', 'users.disabled', 'memberships.role', 'memberships.id as membership_id'])
    .where('memberships.workspace_id', '=', workspaceId).where('users.id', '=', userId).executeTakeFirst();
  if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: `userId: no member ${userId} in this workspace.` });
  return row;
}

/** Refuses to leave a workspace without an enabled admin. */
async function ensureAnotherAdmin(ctx: ApiContext, workspaceId: string, exceptUserId: string) {
  const others = await ctx.db.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('memberships.workspace_id', '=', workspaceId).where('memberships.role', '=', 'admin')
    .where('users.disabled', '=', 0).where('users.id', '!=', exceptUserId).executeTakeFirst();
  if (Number(others?.n ?? 0) === 0) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'The workspace must keep at least one enabled admin.' });
  }
}

export const usersRouter = router({
  list: adminProcedure.query(async ({ ctx }) => {
    const rows = await ctx.db.selectFrom('memberships').innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['users.id', 'users.email', 'users.name', 'users.disabled', 'users.created_at', 'memberships.role'])
      .where('memberships.workspace_id', '=', ctx.workspace.id).orderBy('users.email').execute();
    return rows.map((r) => ({ id: r.id, email: r.email, name: r.name, role: r.role, disabled: r.disabled === 1, createdAt: r.created_at }));
  }),

  create: adminProcedure
    .input(z.object({
      email: z.string().trim().email('email: not a valid email address').max(320),
      name: z.string().trim().min(1).max(200),
      role: roleSchema,
      password: passwordSchema.optional(),
    }))
    .mutation(async ({ ctx, input }) => {
      const email = normalizeEmail(input.email);
      const now = ctx.services.clock.now();
      const existing = await ctx.db.selectFrom('users').select(['id']).where('email', '=', email).executeTakeFirst();
      if (existing) {
        const member = await ctx.db.selectFrom('memberships').select('id')
          .where('user_id', '=', existing.id).where('workspace_id', '=', ctx.workspace.id).executeTakeFirst();
        if (member) throw new TRPCError({ code: 'CONFLICT', message: `email: ${email} is already a member of this workspace.` });
        await ctx.db.insertInto('memberships').values({ id: newId(), user_id: existing.id, workspace_id: ctx.workspace.id, role: input.role, created_at: isoNow(now) }).execute();
        await writeAudit(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.actorUserId, action: 'user.create', target: `user:${existing.id}`, detail: { email, role: input.role, existingAccount: true }, ip: ctx.request.ip, at: now });
        return { id: existing.id, email, created: false, password: null };
      }
      const password = input.password ?? generatePassword();
      const user = await ctx.db.transaction().execute((trx) => createUserWithMembership(trx, { email, name: input.name, password, workspaceId: ctx.workspace.id, role: input.role, now }));
      await writeAudit(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.actorUserId, action: 'user.create', target: `user:${user.id}`, detail: { email, role: input.role }, ip: ctx.request.ip, at: now });
      // The generated password is shown once to the admin, who passes it on; it is never stored in clear.
      return { id: user.id, email, created: true, password: input.password ? null : password };
    }),

  setRole: adminProcedure.input(z.object({ userId: z.string().min(1), role: roleSchema })).mutation(async ({ ctx, input }) => {
    const member = await requireMember(ctx, ctx.workspace.id, input.userId);
    if (member.role === 'admin' && input.role !== 'admin') await ensureAnotherAdmin(ctx, ctx.workspace.id, input.userId);
    await ctx.db.updateTable('memberships').set({ role: input.role }).where('id', '=', member.membership_id).execute();
    await writeAudit(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.actorUserId, action: 'user.role_change', target: `user:${input.userId}`, detail: { from: member.role, to: input.role }, ip: ctx.request.ip });
    return { ok: true };
  }),

  /** Sets a new password for a member (generated unless given) and logs them out everywhere. Shown once. */
  resetPassword: adminProcedure.input(z.object({ userId: z.string().min(1), password: passwordSchema.optional() })).mutation(async ({ ctx, input }) => {
    await requireMember(ctx, ctx.workspace.id, input.userId);
    const password = input.password ?? generatePassword();
    await ctx.db.updateTable('users').set({ password_hash: await hashPassword(password), updated_at: isoNow(ctx.services.clock.now()) })
      .where('id', '=', input.userId).execute();
    await deleteUserLoginSessions(ctx.db, input.userId);
    await writeAudit(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.actorUserId, action: 'user.password_reset', target: `user:${input.userId}`, ip: ctx.request.ip });
    return { ok: true, password: input.password ? null : password };
  }),

  setDisabled: adminProcedure.input(z.object({ userId: z.string().min(1), disabled: z.boolean() })).mutation(async ({ ctx, input }) => {
    const member = await requireMember(ctx, ctx.workspace.id, input.userId);
    if (input.disabled) {
      if (input.userId === ctx.actorUserId) throw new TRPCError({ code: 'BAD_REQUEST', message: 'userId: you cannot disable your own account.' });
      if (member.role === 'admin') await ensureAnotherAdmin(ctx, ctx.workspace.id, input.userId);
    }
    await ctx.db.updateTable('users').set({ disabled: input.disabled ? 1 : 0, updated_at: isoNow(ctx.services.clock.now()) }).where('id', '=', input.userId).execute();
    if (input.disabled) await deleteUserLoginSessions(ctx.db, input.userId);
    await writeAudit(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.actorUserId, action: input.disabled ? 'user.disable' : 'user.enable', target: `user:${input.userId}`, ip: ctx.request.ip });
    return { ok: true };
  }),
});
