/**
 * messaging.messages.list: the message folders. `inbox` (the default) holds inbound messages no flow
 * handled; `flows` inbound messages a flow handled; `outbox` outgoing not yet sent; `sent` outgoing
 * sent or delivered; `failed` outgoing that failed; `all` everything. `search` matches text (case-
 * insensitive) or the contact's URN; `before` pages back by message id.
 *
 * Example: `await trpc.messaging.messages.list.query({ folder: 'inbox', search: 'stock', limit: 50 })`.
 */
import { z } from 'zod';
import { all, sqlFor } from '../../../messaging/sql.js';
import { SIMULATOR_FHIR_REF } from '../../../messaging/simulator.js';
import { router, viewerProcedure } from '../../trpc.js';
import { parseJsonField } from './shared.js';

const FOLDERS = {
  inbox: `m.direction = 'in' AND m.status = 'handled' AND m.session_id IS NULL`,
  flows: `m.direction = 'in' AND m.session_id IS NOT NULL`,
  outbox: `m.direction = 'out' AND m.status IN ('queued', 'errored', 'sending')`,
  sent: `m.direction = 'out' AND m.status IN ('wired', 'sent', 'delivered', 'read')`,
  failed: `m.direction = 'out' AND m.status = 'failed'`,
  all: '1 = 1',
} as const;

interface MessageRow {
  id: string;
  uuid: string;
  direction: 'in' | 'out';
  text: string;
  attachments: string;
  status: string;
  error: string | null;
  created_at: string;
  sent_at: string | null;
  contact_id: string;
  contact_uuid: string;
  contact_name: string | null;
  urn: string | null;
  channel_name: string | null;
  broadcast_id: string | null;
}

export const messagesRouter = router({
  list: viewerProcedure
    .input(
      z
        .object({
          folder: z.enum(['inbox', 'flows', 'outbox', 'sent', 'failed', 'all']).default('inbox'),
          search: z.string().max(200).optional(),
          contactId: z.string().optional(),
          before: z.string().optional(),
          limit: z.number().int().min(1).max(500).default(50),
        })
        .default({ folder: 'inbox', limit: 50 }),
    )
    .query(async ({ ctx, input }) => {
      const params: unknown[] = [ctx.workspace.id, SIMULATOR_FHIR_REF];
      let where = `m.workspace_id = ? AND ${FOLDERS[input.folder]} AND c.fhir_ref IS DISTINCT FROM ?`;
      if (input.search) {
        const f = sqlFor(ctx.db);
        where += ` AND (${f.contains('lower(m.text)', 'lower(?)')} OR ${f.contains('u.identity', '?')})`;
        params.push(input.search, input.search);
      }
      if (input.contactId) {
        where += ' AND m.contact_id = ?';
        params.push(input.contactId);
      }
      if (input.before) {
        where += ' AND m.id < ?';
        params.push(input.before);
      }
      params.push(input.limit);
      const rows = await all<MessageRow>(
        ctx.db,
        `SELECT m.id, m.uuid, m.direction, m.text, m.attachments, m.status, m.error, m.created_at, m.sent_at, m.broadcast_id,
                c.id AS contact_id, c.uuid AS contact_uuid, c.name AS contact_name, u.identity AS urn, ch.name AS channel_name
           FROM messages m JOIN contacts c ON c.id = m.contact_id
           LEFT JOIN contact_urns u ON u.id = m.contact_urn_id LEFT JOIN channels ch ON ch.id = m.channel_id
          WHERE ${where} ORDER BY m.id DESC LIMIT ?`,
        params,
      );
      return rows.map((r) => ({
        id: r.id,
        uuid: r.uuid,
        direction: r.direction,
        text: r.text,
        attachments: parseJsonField<string[]>(r.attachments, []),
        status: r.status,
        error: r.error,
        createdAt: r.created_at,
        sentAt: r.sent_at,
        broadcastId: r.broadcast_id,
        contact: { id: r.contact_id, uuid: r.contact_uuid, name: r.contact_name },
        urn: r.urn,
        channel: r.channel_name,
      }));
    }),
});
