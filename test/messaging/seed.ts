/**
 * Rows the messaging tests, the crash test's child and the platform benchmark start from: a workspace,
 * a loopback channel, published flows, contacts (batched, so 100,000 take seconds), groups, triggers.
 *
 * Example:
 *   const ws = await seedWorkspace(db);
 *   const channel = await seedLoopbackChannel(db, ws, `${provider.url}/send`);
 *   const { groupId, groupUuid } = await seedGroup(db, ws, 'Nurses');
 *   await seedContacts(db, ws, 1000, { groupId });
 */
import { v7 as uuidv7 } from 'uuid';
import type { Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.js';
import { run, inTransaction } from '../../server/messaging/sql.js';

export async function seedWorkspace(
  db: Kysely<Database>,
  options: { timezone?: string; quietHours?: { start: string; end: string } | null; optOutWords?: unknown; languages?: string[] } = {},
): Promise<string> {
  const id = uuidv7();
  const now = new Date().toISOString();
  await run(db, `INSERT INTO workspaces (id, name, timezone, default_country, languages, quiet_hours, opt_out_words, created_at, updated_at) VALUES (?, ?, ?, 'KE', ?, ?, ?, ?, ?)`, [
    id, 'Test ministry', options.timezone ?? 'Africa/Nairobi', JSON.stringify(options.languages ?? ['eng', 'fra']),
    options.quietHours ? JSON.stringify(options.quietHours) : null, JSON.stringify(options.optOutWords ?? ['stop', 'arret', 'arrêt']), now, now,
  ]);
  return id;
}

export async function seedLoopbackChannel(db: Kysely<Database>, workspaceId: string, sendUrl: string, options: { rate?: number; uuid?: string } = {}): Promise<{ id: string; uuid: string }> {
  const id = uuidv7();
  const uuid = options.uuid ?? uuidv7();
  const now = new Date().toISOString();
  await run(db, `INSERT INTO channels (id, workspace_id, uuid, name, type, address, schemes, config, role, rate_limit_segments_per_s, active, created_at, updated_at)
    VALUES (?, ?, ?, 'Loopback', 'loopback', '+254700000000', '["tel"]', ?, 'send,receive', ?, 1, ?, ?)`, [id, workspaceId, uuid, JSON.stringify({ send_url: sendUrl, timeout_ms: 5000 }), options.rate ?? 0, now, now]);
  return { id, uuid };
}

export async function seedFlow(db: Kysely<Database>, workspaceId: string, definition: Record<string, unknown>, options: { publish?: boolean } = {}): Promise<string> {
  const id = uuidv7();
  const now = new Date().toISOString();
  await run(db, `INSERT INTO flows (id, workspace_id, uuid, name, type, archived, created_at, updated_at) VALUES (?, ?, ?, ?, 'messaging', 0, ?, ?)`, [id, workspaceId, definition.uuid, definition.name, now, now]);
  await run(db, `INSERT INTO flow_revisions (id, flow_id, workspace_id, revision, definition, spec_version, status, created_by, created_at, comment) VALUES (?, ?, ?, 1, ?, '14.4.2', ?, NULL, ?, NULL)`, [
    uuidv7(), id, workspaceId, JSON.stringify(definition), options.publish === false ? 'draft' : 'published', now,
  ]);
  return id;
}

export async function seedGroup(db: Kysely<Database>, workspaceId: string, name: string): Promise<{ groupId: string; groupUuid: string }> {
  const groupId = uuidv7();
  const groupUuid = uuidv7();
  const now = new Date().toISOString();
  await run(db, `INSERT INTO groups (id, workspace_id, uuid, name, query, created_at, updated_at) VALUES (?, ?, ?, ?, NULL, ?, ?)`, [groupId, workspaceId, groupUuid, name, now, now]);
  return { groupId, groupUuid };
}

export async function seedTrigger(db: Kysely<Database>, workspaceId: string, keyword: string, flowId: string, matchType: 'first_word' | 'only_word' = 'first_word'): Promise<void> {
  await run(db, `INSERT INTO triggers (id, workspace_id, keyword, match_type, flow_id, channel_id, archived, created_at) VALUES (?, ?, ?, ?, ?, NULL, 0, ?)`, [uuidv7(), workspaceId, keyword, matchType, flowId, new Date().toISOString()]);
}

/** The phone number of seeded contact `i`. Example: `phoneOf(7)` → "+254710000007". */
export function phoneOf(i: number): string {
  return `+2547${String(10_000_000 + i).padStart(8, '0')}`;
}

/** Inserts `count` contacts with a tel URN each (numbers from `phoneOf(start + i)`), in batches of 500 rows per statement. */
export async function seedContacts(
  db: Kysely<Database>,
  workspaceId: string,
  count: number,
  options: { groupId?: string; language?: string | ((i: number) => string | null); status?: string; start?: number; fields?: Record<string, string> } = {},
): Promise<string[]> {
  const ids: string[] = [];
  const now = new Date().toISOString();
  const start = options.start ?? 0;
  const batch = 500;
  for (let offset = 0; offset < count; offset += batch) {
    const n = Math.min(batch, count - offset);
    const contactValues: unknown[] = [];
    const urnValues: unknown[] = [];
    const memberValues: unknown[] = [];
    for (let k = 0; k < n; k++) {
      const i = start + offset + k;
      const id = uuidv7();
      ids.push(id);
      const language = typeof options.language === 'function' ? options.language(i) : (options.language ?? 'eng');
      contactValues.push(id, workspaceId, uuidv7(), `Contact ${i}`, language, options.status ?? 'active', JSON.stringify(options.fields ?? {}), now, now);
      const phone = phoneOf(i);
      urnValues.push(uuidv7(), workspaceId, id, phone, `tel:${phone}`, now);
      if (options.groupId) memberValues.push(options.groupId, id, now);
    }
    await inTransaction(db, async (trx) => {
      await run(trx, `INSERT INTO contacts (id, workspace_id, uuid, name, language, timezone, status, fields, last_seen_at, fhir_ref, created_at, updated_at) VALUES ${new Array(n).fill('(?, ?, ?, ?, ?, NULL, ?, ?, NULL, NULL, ?, ?)').join(', ')}`, contactValues);
      await run(trx, `INSERT INTO contact_urns (id, workspace_id, contact_id, scheme, path, identity, priority, channel_id, created_at) VALUES ${new Array(n).fill(`(?, ?, ?, 'tel', ?, ?, 0, NULL, ?)`).join(', ')}`, urnValues);
      if (options.groupId) await run(trx, `INSERT INTO group_members (group_id, contact_id, created_at) VALUES ${new Array(n).fill('(?, ?, ?)').join(', ')}`, memberValues);
    });
  }
  return ids;
}
