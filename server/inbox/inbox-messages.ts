/**
 * The inbox list: inbound messages no flow handled (handled, outside any session), without the
 * simulator's, newest first, in the "inbox" view (not archived) or the "archived" view; narrowed by a
 * search (text or address, case-insensitive) and a label. Each comes with its labels, attachments and the
 * replies sent to the contact after it.
 *
 * Example:
 *   await listInbox(db, ws, { view: 'inbox', search: 'stock', label: null, before: null, limit: 50 })
 *   // [{ id, text: 'No stock of ORS', attachments: ['image/jpeg:https://…'], labels: [{ uuid, name: 'Stock-out' }],
 *   //    contact: { uuid, name: 'Amina' }, urn: 'tel:+2547…', channel: 'Loopback', createdAt, archived: false, replies: [...] }]
 */
import { all, parseJson, sqlFor, type Db } from '../messaging/sql.js';
import { SIMULATOR_FHIR_REF } from '../messaging/simulator.js';

/** Example: `{ view: 'inbox', search: null, label: null, before: null, limit: 50 }`. */
export interface InboxQuery {
  view: 'inbox' | 'archived';
  search: string | null;
  /** A label uuid. */
  label: string | null;
  /** A message id: page back from it. */
  before: string | null;
  limit: number;
}

/** Example: see the module comment. */
export interface InboxMessage {
  id: string;
  uuid: string;
  text: string;
  attachments: { contentType: string; url: string }[];
  createdAt: string;
  contact: { id: string; uuid: string; name: string | null; status: string };
  urn: string | null;
  channel: string | null;
  labels: { uuid: string; name: string }[];
  archived: boolean;
  /** Outgoing messages to the contact after this one that no flow or broadcast sent (replies). */
  replies: { id: string; text: string; status: string; createdAt: string }[];
}

interface Row {
  id: string;
  uuid: string;
  text: string;
  attachments: string;
  created_at: string;
  contact_id: string;
  contact_uuid: string;
  contact_name: string | null;
  contact_status: string;
  urn: string | null;
  channel_name: string | null;
  archived_at: string | null;
}

/** "image/jpeg:https://x/y.jpg" → `{ contentType: 'image/jpeg', url: 'https://x/y.jpg' }`. */
export function parseAttachment(value: string): { contentType: string; url: string } {
  const match = /^([a-z]+\/[A-Za-z0-9.+-]+|[a-z]+):(.+)$/.exec(value);
  return match ? { contentType: match[1]!, url: match[2]! } : { contentType: 'application/octet-stream', url: value };
}

export const INBOX_CONDITION = `m.direction = 'in' AND m.status = 'handled' AND m.session_id IS NULL`;

export async function listInbox(db: Db, workspaceId: string, query: InboxQuery): Promise<InboxMessage[]> {
  const dialect = sqlFor(db);
  const params: unknown[] = [workspaceId, SIMULATOR_FHIR_REF];
  let where = `m.workspace_id = ? AND ${INBOX_CONDITION} AND c.fhir_ref IS DISTINCT FROM ? AND a.message_id IS ${query.view === 'archived' ? 'NOT ' : ''}NULL`;
  if (query.search) {
    where += ` AND (${dialect.contains('lower(m.text)', 'lower(?)')} OR ${dialect.contains('u.identity', '?')} OR ${dialect.contains("lower(COALESCE(c.name, ''))", 'lower(?)')})`;
    params.push(query.search, query.search, query.search);
  }
  if (query.label) {
    where += ' AND EXISTS (SELECT 1 FROM inbox_message_labels ml JOIN inbox_labels l ON l.id = ml.label_id WHERE ml.message_id = m.id AND l.uuid = ?)';
    params.push(query.label);
  }
  if (query.before) {
    where += ' AND m.id < ?';
    params.push(query.before);
  }
  params.push(query.limit);
  const rows = await all<Row>(
    db,
    `SELECT m.id, m.uuid, m.text, m.attachments, m.created_at, c.id AS contact_id, c.uuid AS contact_uuid, c.name AS contact_name, c.status AS contact_status,
            u.identity AS urn, ch.name AS channel_name, a.archived_at
       FROM messages m JOIN contacts c ON c.id = m.contact_id
       LEFT JOIN contact_urns u ON u.id = m.contact_urn_id LEFT JOIN channels ch ON ch.id = m.channel_id
       LEFT JOIN inbox_archived a ON a.message_id = m.id
      WHERE ${where} ORDER BY m.id DESC LIMIT ?`,
    params,
  );
  if (rows.length === 0) return [];
  const ids = JSON.stringify(rows.map((r) => r.id));
  const labels = await all<{ message_id: string; uuid: string; name: string }>(
    db,
    `SELECT ml.message_id, l.uuid, l.name FROM inbox_message_labels ml JOIN inbox_labels l ON l.id = ml.label_id WHERE ml.message_id IN (${dialect.jsonArrayValues}) ORDER BY l.name`,
    [ids],
  );
  const contactIds = JSON.stringify([...new Set(rows.map((r) => r.contact_id))]);
  const outgoing = await all<{ id: string; contact_id: string; text: string; status: string; created_at: string }>(
    db,
    `SELECT id, contact_id, text, status, created_at FROM messages
      WHERE workspace_id = ? AND direction = 'out' AND session_id IS NULL AND broadcast_id IS NULL AND flow_start_id IS NULL AND priority = 1
        AND contact_id IN (${dialect.jsonArrayValues}) ORDER BY id`,
    [workspaceId, contactIds],
  );
  return rows.map((r) => {
    // replies shown under a message: those after it and before the contact's next inbox message
    const next = rows.filter((o) => o.contact_id === r.contact_id && o.id > r.id).map((o) => o.id).sort()[0];
    return {
      id: r.id,
      uuid: r.uuid,
      text: r.text,
      attachments: parseJson<string[]>(r.attachments, []).map(parseAttachment),
      createdAt: r.created_at,
      contact: { id: r.contact_id, uuid: r.contact_uuid, name: r.contact_name, status: r.contact_status },
      urn: r.urn,
      channel: r.channel_name,
      labels: labels.filter((l) => l.message_id === r.id).map((l) => ({ uuid: l.uuid, name: l.name })),
      archived: r.archived_at !== null,
      replies: outgoing
        .filter((o) => o.contact_id === r.contact_id && o.id > r.id && (!next || o.id < next))
        .map((o) => ({ id: o.id, text: o.text, status: o.status, createdAt: o.created_at })),
    };
  });
}
