/**
 * Login, logout, who am I, password change, switching workspace.
 *
 * Example (client): `await trpc.auth.login.mutate({ email: 'admin@moh.go.ke', password: '…' })` → sets the
 * HttpOnly session cookie and returns `{ user, workspace, role, workspaces }`.
 */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { publicProcedure, router, userProcedure } from '../trpc.js';
import type { ApiContext } from '../context.js';
import { clearSessionCookie, serializeSessionCookie } from '../../auth/cookies.js';
import { createLoginSession, deleteLoginSession, deleteUserLoginSessions } from '../../auth/login-sessions.js';
import { dummyPasswordHash, hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, verifyPassword } from '../../auth/passwords.js';
import { normalizeEmail } from '../../auth/users.js';
import { writeAudit } from '../../auth/audit.js';
import { isoNow } from '../../db/ids.js';
import { isRole } from '../../auth/roles.js';

export const passwordSchema = z.string()
  .min(PASSWORD_MIN_LENGTH, `Password must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `Password must be at most ${PASSWORD_MAX_LENGTH} characters`);

const loginInput = z.object({
  email: z.string().trim().min(3).max(320),
  // No minimum here: a wrong short password is simply a failed login.
  password: z.string().min(1).max(PASSWORD_MAX_LENGTH),
  workspaceId: z.string().optional(),
});

async function workspacesOf(ctx: ApiContext, userId: string) {
  const rows = await ctx.db.selectFrom('memberships')
    .innerJoin('workspaces', 'workspaces.id', 'memberships.workspace_id')
    .select(['workspaces.id', 'workspaces.name', 'memberships.role'])
    .where('memberships.user_id', '=', userId)
    .orderBy('memberships.created_at').execute();
  return rows.map((r) => ({ id: r.id, name: r.name, role: r.role }));
}

function workspaceView(ws: { id: string; name: string; timezone: string; default_country: string | null; languages: string }) {
  return { id: ws.id, name: ws.name, timezone: ws.timezone, defaultCountry: ws.default_country, languages: JSON.parse(ws.languages) as string[] };
}

export const authRouter = router({
  login: publicProcedure.input(loginInput).mutation(async ({ ctx, input }) => {
    const email = normalizeEmail(input.email);
    const now = ctx.services.clock.now();
    const ip = ctx.request.ip;
    const limiter = ctx.services.loginLimiter;
    const wait = limiter.retryAfterMs(ip, email, now.getTime());
    if (wait > 0) {
      await writeAudit(ctx.db, { workspaceId: null, userId: null, action: 'login.rate_limited', target: `email:${email}`, ip, at: now });
      throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: `Too many failed logins. Try again in ${Math.ceil(wait / 60000)} minute(s).` });
    }
    const user = await ctx.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();
    // Hash even for unknown emails so timing does not reveal which accounts exist.
    const valid = await verifyPassword(input.password, user?.password_hash ?? (await dummyPasswordHash()));
    const memberships = user && valid && !user.disabled ? await workspacesOf(ctx, user.id) : [];
    const chosen = input.workspaceId ? memberships.find((m) => m.id === input.workspaceId) : memberships[0];
    if (!user || !valid || user.disabled || !chosen || !isRole(chosen.role)) {
      limiter.recordFailure(ip, email, now.getTime());
      const reason = !user ? 'unknown_email' : !valid ? 'wrong_password' : user.disabled ? 'disabled' : 'no_workspace';
      await writeAudit(ctx.db, { workspaceId: chosen?.id ?? null, userId: user?.id ?? null, action: 'login.failure', target: `email:${email}`, detail: { reason }, ip, at: now });
      // One message for every reason: do not tell an attacker which part was wrong.
      throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Wrong email or password, or this account is disabled.' });
    }
    limiter.recordSuccess(ip, email);
    const session = await createLoginSession(ctx.db, { userId: user.id, workspaceId: chosen.id, now, policy: ctx.services.sessionPolicy, ip, userAgent: ctx.request.userAgent });
    ctx.setCookie(serializeSessionCookie(session.token, { maxAgeSeconds: ctx.services.sessionPolicy.maxAgeMs / 1000, secure: ctx.services.secureCookies }));
    await writeAudit(ctx.db, { workspaceId: chosen.id, userId: user.id, action: 'login.success', target: `user:${user.id}`, ip, at: now });
    const workspace = await ctx.db.selectFrom('workspaces').selectAll().where('id', '=', chosen.id).executeTakeFirstOrThrow();
    return {
      user: { id: user.id, email: user.email, name: user.name },
      workspace: workspaceView(workspace),
      role: chosen.role,
      workspaces: memberships,
      expiresAt: session.expiresAt.toISOString(),
    };
  }),

  logout: publicProcedure.mutation(async ({ ctx }) => {
    ctx.setCookie(clearSessionCookie(ctx.services.secureCookies));
    if (ctx.auth?.kind === 'session' && ctx.auth.loginSessionId) {
      await deleteLoginSession(ctx.db, ctx.auth.loginSessionId);
      await writeAudit(ctx.db, { workspaceId: ctx.auth.workspace.id, userId: ctx.auth.user?.id ?? null, action: 'logout', ip: ctx.request.ip });
    }
    return { ok: true };
  }),

  /** The caller, or null when not logged in (so the UI can show the login page without an error). */
  me: publicProcedure.query(async ({ ctx }) => {
    if (!ctx.auth) return null;
    return {
      kind: ctx.auth.kind,
      user: ctx.auth.user,
      workspace: workspaceView(ctx.auth.workspace),
      role: ctx.auth.role,
      workspaces: ctx.auth.user ? await workspacesOf(ctx, ctx.auth.user.id) : [{ id: ctx.auth.workspace.id, name: ctx.auth.workspace.name, role: ctx.auth.role }],
    };
  }),

  changePassword: userProcedure
    .input(z.object({ currentPassword: z.string().min(1).max(PASSWORD_MAX_LENGTH), newPassword: passwordSchema }))
    .mutation(async ({ ctx, input }) => {
      const row = await ctx.db.selectFrom('users').select(['password_hash']).where('id', '=', ctx.user.id).executeTakeFirstOrThrow();
      if (!(await verifyPassword(input.currentPassword, row.password_hash))) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'currentPassword: the current password is wrong.' });
      }
      if (input.currentPassword === input.newPassword) {
        throw new TRPCError({ code: 'BAD_REQUEST', message: 'newPassword: must differ from the current password.' });
      }
      const now = ctx.services.clock.now();
      await ctx.db.updateTable('users').set({ password_hash: await hashPassword(input.newPassword), updated_at: isoNow(now) })
        .where('id', '=', ctx.user.id).execute();
      // Other browsers logged in as this user are logged out; this one stays.
      await deleteUserLoginSessions(ctx.db, ctx.user.id, ctx.loginSessionId ?? undefined);
      await writeAudit(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.user.id, action: 'user.password_change', target: `user:${ctx.user.id}`, ip: ctx.request.ip, at: now });
      return { ok: true };
    }),

  switchWorkspace: userProcedure.input(z.object({ workspaceId: z.string().min(1) })).mutation(async ({ ctx, input }) => {
    const membership = await ctx.db.selectFrom('memberships').select(['role'])
      .where('user_id', '=', ctx.user.id).where('workspace_id', '=', input.workspaceId).executeTakeFirst();
    if (!membership) throw new TRPCError({ code: 'FORBIDDEN', message: 'workspaceId: you are not a member of that workspace.' });
    await ctx.db.updateTable('login_sessions').set({ workspace_id: input.workspaceId }).where('id', '=', ctx.loginSessionId!).execute();
    await writeAudit(ctx.db, { workspaceId: input.workspaceId, userId: ctx.user.id, action: 'workspace.switch', ip: ctx.request.ip });
    return { ok: true, role: membership.role };
  }),
});
