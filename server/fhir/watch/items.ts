/**
 * The items watchers handled (`fhir_watch_items`), keyed per workspace and kind, so each lab result,
 * appointment or exported message is handled once, also across restarts.
 *
 *   await recordItem(trx, { workspaceId, kind: 'lab_results', key: 'DiagnosticReport/7f', groupKey: 'Location/F01', detail }, now) // true: new
 *   await pendingItems(db, workspaceId, 'lab_results')   // what still waits for a recipient or a send
 */
import type { Kysely } from 'kysely';
import { isoNow } from '../../db/ids.js';
import type { Database } from '../../db/schema.js';
import type { FhirWatcherKind, FhirWatchItemsTable } from '../../db/schema-fhir-watch.js';

/** A new item. Example: `{ workspaceId, kind: 'appointment_reminders', key: 'Patient/p1@2026-12-01', groupKey: 'Patient/p1', detail: {…} }`. */
export interface NewItem {
  workspaceId: string;
  kind: FhirWatcherKind;
  key: string;
  groupKey?: string | null;
  detail: object;
  status?: string;
  queueId?: string | null;
}

/** Inserts the item unless it exists; true when it was new. */
export async function recordItem(db: Kysely<Database>, item: NewItem, now: Date): Promise<boolean> {
  const at = isoNow(now);
  const result = await db
    .insertInto('fhir_watch_items')
    .values({
      workspace_id: item.workspaceId,
      kind: item.kind,
      item_key: item.key,
      status: item.status ?? 'pending',
      group_key: item.groupKey ?? null,
      detail: JSON.stringify(item.detail),
      flow_start_id: null,
      queue_id: item.queueId ?? null,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) => oc.columns(['workspace_id', 'kind', 'item_key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

export async function itemExists(db: Kysely<Database>, workspaceId: string, kind: FhirWatcherKind, key: string): Promise<FhirWatchItemsTable | undefined> {
  return db.selectFrom('fhir_watch_items').selectAll().where('workspace_id', '=', workspaceId).where('kind', '=', kind).where('item_key', '=', key).executeTakeFirst();
}

export async function pendingItems(db: Kysely<Database>, workspaceId: string, kind: FhirWatcherKind, limit = 1000): Promise<FhirWatchItemsTable[]> {
  return db
    .selectFrom('fhir_watch_items')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('kind', '=', kind)
    .where('status', '=', 'pending')
    .orderBy('created_at')
    .orderBy('item_key')
    .limit(limit)
    .execute();
}

export async function setItemStatus(db: Kysely<Database>, workspaceId: string, kind: FhirWatcherKind, keys: readonly string[], status: string, now: Date, flowStartId: string | null = null): Promise<void> {
  if (keys.length === 0) return;
  await db
    .updateTable('fhir_watch_items')
    .set({ status, updated_at: isoNow(now), ...(flowStartId ? { flow_start_id: flowStartId } : {}) })
    .where('workspace_id', '=', workspaceId)
    .where('kind', '=', kind)
    .where('item_key', 'in', [...keys])
    .execute();
}

/** Recent items of a kind for the page (newest first). */
export async function recentItems(db: Kysely<Database>, workspaceId: string, kind: FhirWatcherKind, limit = 50): Promise<FhirWatchItemsTable[]> {
  return db.selectFrom('fhir_watch_items').selectAll().where('workspace_id', '=', workspaceId).where('kind', '=', kind).orderBy('updated_at', 'desc').limit(limit).execute();
}
