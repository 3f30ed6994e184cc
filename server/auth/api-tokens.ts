/**
 * API tokens for implementers' scripts: `Authorization: Bearer kiu_…`. The secret is shown once at creation;
 * only its SHA-256 is stored. A token acts in one workspace with its own role.
 *
 * Example:
 *   const { token } = await createApiToken(db, { workspaceId, createdBy: user.id, name: 'DHIS2 sync', role: 'editor', now });
 *   const found = await findApiToken(db, token, new Date());
 */
import type { Kysely } from 'kysely';
import type { Database, Role } from '../db/schema.js';
import { isoNow, newId } from '../db/ids.js';
import { API_TOKEN_PREFIX, hashSecretToken, newSecretToken } from './secret-tokens.js';

/** last_used_at is refreshed at most this often, so busy scripts do not write on every call. */
const LAST_USED_INTERVAL_MS = 60_000;

export interface NewApiToken {
  workspaceId: string;
  createdBy: string | null;
  name: string;
  role: Role;
  now: Date;
}

export async function createApiToken(db: Kysely<Database>, input: NewApiToken): Promise<{ id: string; token: string }> {
  const token = newSecretToken(API_TOKEN_PREFIX);
  const id = newId();
  await db.insertInto('api_tokens').values({
    id,
    workspace_id: input.workspaceId,
    created_by: input.createdBy,
    token_hash: hashSecretToken(token),
    name: input.name,
    role: input.role,
    created_at: isoNow(input.now),
    last_used_at: null,
    revoked_at: null,
  }).execute();
  return { id, token };
}

/** The active (not revoked) token row for a bearer secret, or null. */
export async function findApiToken(db: Kysely<Database>, token: string, now: Date) {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const row = await db.selectFrom('api_tokens').selectAll()
    .where('token_hash', '=', hashSecretToken(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) >= LAST_USED_INTERVAL_MS) {
    await db.updateTable('api_tokens').set({ last_used_at: isoNow(now) }).where('id', '=', row.id).execute();
  }
  return row;
}
