import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { isoNow, newId } from '../../server/db/ids.js';
import * as fhirSyncMigration from '../../server/db/migrations/0002_fhir_sync.js';
import { openDatabase } from '../../server/db/open.js';
import type { Database } from '../../server/db/schema.js';
import { asSyncDb, type SyncDatabase } from '../../server/fhir/sync-schema.js';

/**
 * Until server/db/migrations/index.ts registers 0002_fhir_sync, tests create its tables by calling its
 * `up` directly (not through the Migrator, so openDatabase's own migration check stays valid). Once it is
 * registered, openDatabase has already created them and this does nothing.
 */
export async function ensureFhirSyncTables(db: Kysely<Database>): Promise<void> {
  const tables = new Set((await db.introspection.getTables()).map((t) => t.name));
  if (!tables.has('fhir_sync_state')) await fhirSyncMigration.up(db);
}

/** A real SQLite database in a temp directory with the core schema, the FHIR sync tables, and one workspace. */
export async function openTestDb(defaultCountry: string | null = 'CM'): Promise<{
  db: Kysely<Database>;
  sdb: Kysely<SyncDatabase>;
  workspaceId: string;
  close: () => Promise<void>;
}> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiunga-fhir-'));
  const db = await openDatabase({ file: path.join(dir, 'kiunga.sqlite') });
  await ensureFhirSyncTables(db);
  const workspaceId = newId();
  const now = isoNow();
  await db
    .insertInto('workspaces')
    .values({ id: workspaceId, name: 'MoH demo', timezone: 'Africa/Douala', default_country: defaultCountry, languages: '["fra","eng"]', quiet_hours: null, opt_out_words: '["stop"]', created_at: now, updated_at: now })
    .execute();
  return {
    db,
    sdb: asSyncDb(db),
    workspaceId,
    close: async () => {
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The contact synced from a FHIR reference, with its tel URNs (priority order) and group names. */
export async function contactByRef(db: Kysely<Database>, workspaceId: string, ref: string) {
  const contact = await db.selectFrom('contacts').selectAll().where('workspace_id', '=', workspaceId).where('fhir_ref', '=', ref).executeTakeFirst();
  if (!contact) return undefined;
  const urns = await db.selectFrom('contact_urns').select(['path', 'identity']).where('contact_id', '=', contact.id).orderBy('priority').execute();
  const groups = await db
    .selectFrom('group_members')
    .innerJoin('groups', 'groups.id', 'group_members.group_id')
    .select('groups.name')
    .where('group_members.contact_id', '=', contact.id)
    .orderBy('groups.name')
    .execute();
  return { ...contact, fieldValues: JSON.parse(contact.fields) as Record<string, string>, phones: urns.map((u) => u.path), groupNames: groups.map((g) => g.name) };
}
