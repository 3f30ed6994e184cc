/**
 * Workspace roles, ordered admin > editor > viewer.
 * Example: `roleAtLeast('editor', 'viewer')` → true; `roleAtLeast('viewer', 'editor')` → false.
 */
import type { Role } from '../db/schema.js';

export const ROLES: readonly Role[] = ['viewer', 'editor', 'admin'];

const RANK: Record<Role, number> = { viewer: 1, editor: 2, admin: 3 };

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(RANK, value);
}

/** True when `actual` grants at least what `required` does. Unknown roles grant nothing. */
export function roleAtLeast(actual: string | null | undefined, required: Role): boolean {
  if (!isRole(actual)) return false;
  return RANK[actual] >= RANK[required];
}
