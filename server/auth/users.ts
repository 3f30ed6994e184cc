/**
 * Creating users and their workspace membership. Emails are trimmed and lower-cased before storage and lookup.
 *
 * Example:
 *   const user = await createUserWithMembership(db, { email: 'Nurse@MoH.go.ke', name: 'Nurse', password: '…',
 *     workspaceId: ws.id, role: 'viewer', now: new Date() });   // stored as "nurse@moh.go.ke"
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database, Role } from '../db/schema.js';
import { isoNow, newId } from '../db/ids.js';
import { hashPassword } from './passwords.js';

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface NewUser {
  email: string;
  name: string;
  password: string;
  workspaceId: string;
  role: Role;
  now: Date;
}

/** Inserts a user and its membership. Throws `EmailTakenError` if the email exists. */
export async function createUserWithMembership(db: Kysely<Database> | Transaction<Database>, input: NewUser): Promise<{ id: string; email: string }> {
  const email = normalizeEmail(input.email);
  const existing = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  if (existing) throw new EmailTakenError(email);
  const passwordHash = await hashPassword(input.password);
  const id = newId();
  const now = isoNow(input.now);
  await db.insertInto('users').values({
    id, email, name: input.name.trim(), password_hash: passwordHash, disabled: 0, created_at: now, updated_at: now,
  }).execute();
  await db.insertInto('memberships').values({
    id: newId(), user_id: id, workspace_id: input.workspaceId, role: input.role, created_at: now,
  }).execute();
  return { id, email };
}

export class EmailTakenError extends Error {
  constructor(readonly email: string) {
    super(`A user with email "${email}" already exists`);
    this.name = 'EmailTakenError';
  }
}
