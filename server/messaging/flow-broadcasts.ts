/**
 * A flow's `send_broadcast` action (engine event `broadcast_created`) becomes a broadcasts row, written in
 * the sprint's own transaction: the bulk loop then sends it like any broadcast (each recipient gets the
 * translation in their language). Used by the library's surveillance alert to warn the district officer
 * the moment a health worker reports suspected cases.
 *
 * Example event: `{ type: 'broadcast_created', translations: { eng: { text: 'ALERT …' }, fra: { text: 'ALERTE …' } },
 *   base_language: 'eng', contact_query: 'district = "Kilifi" AND cadre ~ "surveillance"' }` → targets
 *   `{ query: 'district = "Kilifi" AND cadre ~ "surveillance"' }`.
 */
import { v7 as uuidv7 } from 'uuid';
import type { FlowEvent } from '../../runtime/events/types.js';
import type { BroadcastTranslation, BulkTotals } from './broadcasts.js';
import { validateTranslations } from './broadcasts.js';
import { parseTargets } from './recipients.js';
import { run, type Db } from './sql.js';

/** Written → the broadcast id; refused → why (the sprint goes on; the caller logs it). */
export type FlowBroadcastOutcome = { id: string } | { refused: string };

export async function writeFlowBroadcast(trx: Db, workspaceId: string, event: FlowEvent, now: string): Promise<FlowBroadcastOutcome> {
  const e = event as unknown as {
    translations?: Record<string, BroadcastTranslation>;
    base_language?: string;
    groups?: { uuid: string }[];
    contacts?: { uuid: string }[];
    contact_query?: string;
    urns?: string[];
  };
  const translations = e.translations ?? {};
  const baseLanguage = e.base_language ?? Object.keys(translations)[0] ?? 'eng';
  let targets;
  // validation only: a failed INSERT must still abort the sprint's transaction
  try {
    validateTranslations(translations, baseLanguage);
    targets = parseTargets({
      contacts: (e.contacts ?? []).map((c) => c.uuid),
      groups: (e.groups ?? []).map((g) => g.uuid),
      urns: (e.urns ?? []).map((u) => u.split('?')[0]!),
      query: e.contact_query ?? null,
    });
  } catch (err) {
    return { refused: `send_broadcast from a flow: ${(err as Error).message}` };
  }
  const id = uuidv7();
  const totals: BulkTotals = { recipients: 0, queued: 0, skipped: 0, cursor: null };
  await run(
    trx,
    `INSERT INTO broadcasts (id, workspace_id, translations, base_language, targets, status, schedule_id, totals, created_by, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, 'pending', NULL, ?, NULL, ?, ?)`,
    [id, workspaceId, JSON.stringify(translations), baseLanguage, JSON.stringify(targets), JSON.stringify(totals), now, now],
  );
  return { id };
}
