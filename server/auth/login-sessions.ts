/**
 * Browser login sessions. The cookie carries a random secret; the table stores its SHA-256.
 * A session ends after `idleMs` without use (sliding) or `maxAgeMs` after login, whichever comes first.
 *
 * Example:
 *   const { token, expiresAt } = await createLoginSession(db, { userId, workspaceId, now, policy });
 *   // later, on each request:
 *   const found = await findLoginSession(db, token, new Date(), policy);
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { isoNow, newId } from '../db/ids.js';
import { hashSecretToken, newSecretToken } from './secret-tokens.js';

/** How long sessions last. Example: `{ idleMs: 12 * 3600_000, maxAgeMs: 7 * 86400_000 }`. */
export interface SessionPolicy {
  idleMs: number;
  maxAgeMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 12 * 3600_000, maxAgeMs: 7 * 86400_000 };

/** Expiry is only pushed forward when at least this much has passed, to avoid a write per request. */
const TOUCH_INTERVAL_MS = 60_000;

export interface NewLoginSession {
  userId: string;
  workspaceId: string;
  now: Date;
  policy: SessionPolicy;
  ip?: string | null;
  userAgent?: string | null;
}

export async function createLoginSession(db: Kysely<Database>, input: NewLoginSession): Promise<{ id: string; token: string; expiresAt: Date }> {
  const token = newSecretToken();
  const id = newId();
  const expiresAt = new Date(input.now.getTime() + Math.min(input.policy.idleMs, input.policy.maxAgeMs));
  await db.insertInto('login_sessions').values({
    id,
    token_hash: hashSecretToken(token),
    user_id: input.userId,
    workspace_id: input.workspaceId,
    created_at: isoNow(input.now),
    expires_at: isoNow(expiresAt),
    last_seen_at: isoNow(input.now),
    ip: input.ip ?? null,
    user_agent: input.userAgent ? input.userAgent.slice(0, 300) : null,
  }).execute();
  return { id, token, expiresAt };
}

/** The live session for a cookie token (extending its idle expiry), or null if unknown or expired. */
export async function findLoginSession(db: Kysely<Database>, token: string, now: Date, policy: SessionPolicy) {
  if (!token) return null;
  const row = await db.selectFrom('login_sessions').selectAll()
    .where('token_hash', '=', hashSecretToken(token)).executeTakeFirst();
  if (!row) return null;
  const nowMs = now.getTime();
  if (Date.parse(row.expires_at) <= nowMs) {
    await db.deleteFrom('login_sessions').where('id', '=', row.id).execute();
    return null;
  }
  if (nowMs - Date.parse(row.last_seen_at) >= TOUCH_INTERVAL_MS) {
    const hardLimit = Date.parse(row.created_at) + policy.maxAgeMs;
    const expiresAt = new Date(Math.min(nowMs + policy.idleMs, hardLimit));
    await db.updateTable('login_sessions')
      .set({ last_seen_at: isoNow(now), expires_at: isoNow(expiresAt) })
      .where('id', '=', row.id).execute();
    return { ...row, last_seen_at: isoNow(now), expires_at: isoNow(expiresAt) };
  }
  return row;
}

export async function deleteLoginSession(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('login_sessions').where('id', '=', id).execute();
}

/** Ends every session of a user (after a password change or when disabled), optionally keeping one. */
export async function deleteUserLoginSessions(db: Kysely<Database>, userId: string, exceptSessionId?: string): Promise<void> {
  let query = db.deleteFrom('login_sessions').where('user_id', '=', userId);
  if (exceptSessionId) query = query.where('id', '!=', exceptSessionId);
  await query.execute();
}

/** Removes expired rows; called periodically by the server. */
export async function purgeExpiredLoginSessions(db: Kysely<Database>, now: Date): Promise<number> {
  const result = await db.deleteFrom('login_sessions').where('expires_at', '<=', isoNow(now)).executeTakeFirst();
  return Number(result.numDeletedRows ?? 0);
}
