/**
 * The tRPC request context: the database, the server's services, and who is calling.
 * The HTTP layer builds it per request (`createRequestContext`); tests build it directly with `createApiContext`.
 *
 * Example (test):
 *   const ctx = createApiContext({ db, services, auth: await authForUser(db, userId, workspaceId) });
 *   const caller = appRouter.createCaller(ctx);
 */
import type { Kysely } from 'kysely';
import type { Database, Role } from '../db/schema.js';
import type { Clock, Ids } from '../../runtime/services.js';
import type { LoginRateLimiter } from '../auth/login-rate-limiter.js';
import type { SessionPolicy } from '../auth/login-sessions.js';
import type { AuthUser, RequestAuth, WorkspaceRow } from '../auth/request-auth.js';
import type { FlowStore } from '../flows/flow-store.js';
import type { FlowEvents } from '../flows/flow-events.js';

/** Long-lived objects shared by every request. */
export interface ServerServices {
  clock: Clock;
  ids: Ids;
  loginLimiter: LoginRateLimiter;
  sessionPolicy: SessionPolicy;
  /** Add `Secure` to cookies (the server is reached over HTTPS). */
  secureCookies: boolean;
  /** Flows and their immutable revisions. */
  flows: FlowStore;
  /** Subscribe here to react to publishes (e.g. drop cached assets). */
  flowEvents: FlowEvents;
}

/** Facts about the HTTP request that procedures may need (audit, rate limiting). */
export interface RequestInfo {
  ip: string;
  userAgent: string | null;
}

export interface ApiContext {
  db: Kysely<Database>;
  services: ServerServices;
  auth: RequestAuth | null;
  user: AuthUser | null;
  workspace: WorkspaceRow | null;
  role: Role | null;
  request: RequestInfo;
  /** Adds a Set-Cookie header to the response (no-op outside HTTP). */
  setCookie(value: string): void;
}

export interface CreateApiContextInput {
  db: Kysely<Database>;
  services: ServerServices;
  auth: RequestAuth | null;
  request?: Partial<RequestInfo>;
  setCookie?: (value: string) => void;
}

export function createApiContext(input: CreateApiContextInput): ApiContext {
  return {
    db: input.db,
    services: input.services,
    auth: input.auth,
    user: input.auth?.user ?? null,
    workspace: input.auth?.workspace ?? null,
    role: input.auth?.role ?? null,
    request: { ip: input.request?.ip ?? 'local', userAgent: input.request?.userAgent ?? null },
    setCookie: input.setCookie ?? (() => {}),
  };
}
