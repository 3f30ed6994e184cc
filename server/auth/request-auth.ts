/**
 * Who is calling: resolves a request's login cookie or Bearer API token into a user (if any), a workspace and a
 * role. The role is read from the membership at every request, so a role change or a disabled account takes
 * effect immediately, not at the next login.
 *
 * Example:
 *   const auth = await resolveRequestAuth(db, { cookieHeader: req.headers.cookie,
 *     authorizationHeader: req.headers.authorization, now: new Date(), policy });
 *   if (auth) console.log(auth.role, auth.workspace.name);
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database, Role, WorkspacesTable } from '../db/schema.js';
import { parseCookies, SESSION_COOKIE } from './cookies.js';
import { findLoginSession, type SessionPolicy } from './login-sessions.js';
import { findApiToken } from './api-tokens.js';
import { isRole } from './roles.js';

/** A workspace row as read from the database. */
export type WorkspaceRow = Selectable<WorkspacesTable>;

/** The logged-in person. Example: `{ id: "0193…", email: "admin@moh.go.ke", name: "Admin" }`. */
export interface AuthUser {
  id: string;
  email: string;
  name: string;
}

/** The resolved caller. `user` is null for API tokens (they act as themselves, with the token's role). */
export interface RequestAuth {
  kind: 'session' | 'api_token';
  user: AuthUser | null;
  workspace: WorkspaceRow;
  role: Role;
  loginSessionId: string | null;
  apiTokenId: string | null;
}

export interface ResolveAuthInput {
  cookieHeader?: string | null;
  authorizationHeader?: string | null;
  now: Date;
  policy: SessionPolicy;
}

/** Extracts the secret of an `Authorization: Bearer …` header, or null. */
export function bearerToken(header: string | null | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : null;
}

export async function resolveRequestAuth(db: Kysely<Database>, input: ResolveAuthInput): Promise<RequestAuth | null> {
  const bearer = bearerToken(input.authorizationHeader);
  if (bearer) return resolveApiToken(db, bearer, input.now);
  const cookie = parseCookies(input.cookieHeader).get(SESSION_COOKIE);
  if (cookie) return resolveLoginSession(db, cookie, input.now, input.policy);
  return null;
}

async function resolveApiToken(db: Kysely<Database>, secret: string, now: Date): Promise<RequestAuth | null> {
  const token = await findApiToken(db, secret, now);
  if (!token || !isRole(token.role)) return null;
  const workspace = await db.selectFrom('workspaces').selectAll().where('id', '=', token.workspace_id).executeTakeFirst();
  if (!workspace) return null;
  return { kind: 'api_token', user: null, workspace, role: token.role, loginSessionId: null, apiTokenId: token.id };
}

async function resolveLoginSession(db: Kysely<Database>, secret: string, now: Date, policy: SessionPolicy): Promise<RequestAuth | null> {
  const session = await findLoginSession(db, secret, now, policy);
  if (!session) return null;
  const member = await db.selectFrom('users')
    .innerJoin('memberships', 'memberships.user_id', 'users.id')
    .select(['users.id', 'users.email', 'users.name', 'users.disabled', 'memberships.role'])
    .where('users.id', '=', session.user_id)
    .where('memberships.workspace_id', '=', session.workspace_id)
    .executeTakeFirst();
  if (!member || member.disabled || !isRole(member.role)) return null;
  const workspace = await db.selectFrom('workspaces').selectAll().where('id', '=', session.workspace_id).executeTakeFirst();
  if (!workspace) return null;
  return {
    kind: 'session',
    user: { id: member.id, email: member.email, name: member.name },
    workspace,
    role: member.role,
    loginSessionId: session.id,
    apiTokenId: null,
  };
}
