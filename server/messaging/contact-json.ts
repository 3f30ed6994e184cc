/**
 * Builds goflow's contact JSON (runtime/engine/api.ts `Contact`) from the contacts, contact_urns and
 * group_members rows.
 *
 * Example: a contact row `{ uuid: "c1", name: "Amina", language: "swa", fields: '{"district":"Kilifi"}' }` with URN
 * "tel:+254700000001" and group "Nurses" becomes
 *   { uuid: "c1", name: "Amina", language: "swa", status: "active", urns: ["tel:+254700000001"],
 *     groups: [{ uuid: "g1", name: "Nurses" }], fields: { district: { text: "Kilifi" } }, created_on: "…" }
 */
import type { Contact, ContactFieldValue } from '../../runtime/engine/api.js';
import type { ContactStatus } from '../db/schema.js';
import { all, first, parseJson, type Db } from './sql.js';

/** The columns of a contacts row the messaging loop reads. */
export interface ContactRow {
  id: string;
  workspace_id: string;
  uuid: string;
  name: string | null;
  language: string | null;
  timezone: string | null;
  status: ContactStatus;
  fields: string;
  created_at: string;
  last_seen_at: string | null;
}

export const CONTACT_COLUMNS = 'id, workspace_id, uuid, name, language, timezone, status, fields, created_at, last_seen_at';

export async function getContactRow(db: Db, contactId: string): Promise<ContactRow | undefined> {
  return first<ContactRow>(db, `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE id = ?`, [contactId]);
}

/** Stored field values are strings; the engine wants `{ text, number?, datetime? }`. */
export function fieldsToEngine(fieldsJson: string): Record<string, ContactFieldValue | null> {
  const stored = parseJson<Record<string, unknown>>(fieldsJson, {});
  const out: Record<string, ContactFieldValue | null> = {};
  for (const [key, value] of Object.entries(stored)) {
    if (value == null) continue;
    const text = typeof value === 'string' ? value : typeof value === 'object' && 'text' in value ? String((value as { text: unknown }).text) : String(value);
    const field: ContactFieldValue = { text };
    const number = Number(text);
    if (text.trim() !== '' && Number.isFinite(number)) field.number = number;
    out[key] = field;
  }
  return out;
}

/** The engine's field values back to the stored key → string map. */
export function fieldsFromEngine(fields: Record<string, ContactFieldValue | null> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields ?? {})) if (value && value.text != null) out[key] = value.text;
  return out;
}

export async function buildContactJson(db: Db, row: ContactRow): Promise<Contact> {
  const urns = await all<{ identity: string }>(db, 'SELECT identity FROM contact_urns WHERE contact_id = ? ORDER BY priority, created_at', [row.id]);
  const groups = await all<{ uuid: string; name: string }>(
    db,
    'SELECT g.uuid, g.name FROM group_members m JOIN groups g ON g.id = m.group_id WHERE m.contact_id = ? ORDER BY g.name',
    [row.id],
  );
  return {
    uuid: row.uuid,
    name: row.name ?? undefined,
    language: row.language,
    timezone: row.timezone,
    status: row.status,
    created_on: row.created_at,
    last_seen_on: row.last_seen_at,
    urns: urns.map((u) => u.identity),
    groups: groups.map((g) => ({ uuid: g.uuid, name: g.name })),
    fields: fieldsToEngine(row.fields),
  };
}
