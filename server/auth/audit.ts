/**
 * Appends to the audit log. Never pass secrets (passwords, tokens) in `detail`.
 *
 * Example:
 *   await writeAudit(db, { workspaceId: ws.id, userId: user.id, action: 'flow.publish',
 *     target: `flow:${flow.id}`, detail: { revision: 4 }, ip });
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { isoNow, newId } from '../db/ids.js';

/** Known actions, for consistency in reports: `<object>.<verb>`. */
export type AuditAction =
  | 'login.success' | 'login.failure' | 'login.rate_limited' | 'logout' | 'workspace.switch'
  | 'user.create' | 'user.role_change' | 'user.disable' | 'user.enable' | 'user.password_change' | 'user.password_reset'
  | 'workspace.update' | 'api_token.create' | 'api_token.revoke'
  | 'flow.create' | 'flow.publish' | 'flow.import' | 'flow.restore' | 'flow.archive' | 'flow.unarchive'
  | 'flow.duplicate' | 'contact.delete' | 'group.update' | 'group.delete' | 'flow_start.create' | 'broadcast.create' | 'setup.initial_admin'
  | (string & {});

export interface AuditEntry {
  workspaceId: string | null;
  userId: string | null;
  action: AuditAction;
  target?: string | null;
  detail?: Record<string, unknown>;
  ip?: string | null;
  at?: Date;
}

export async function writeAudit(db: Kysely<Database> | Transaction<Database>, entry: AuditEntry): Promise<void> {
  await db.insertInto('audit_log').values({
    id: newId(),
    workspace_id: entry.workspaceId,
    user_id: entry.userId,
    action: entry.action,
    target: entry.target ?? null,
    detail: JSON.stringify(entry.detail ?? {}),
    ip: entry.ip ?? null,
    created_at: isoNow(entry.at),
  }).execute();
}
