/**
 * Flow starts: start a flow for many contacts. Like broadcasts, the bulk loop works in batches of
 * `batchSize` contacts: it locks them (no other sprint for them meanwhile), runs the engine for each,
 * then writes every sprint of the batch and the cursor in ONE transaction. Stopped/blocked contacts
 * are skipped; with `params.restart_participants` false (the default) so are contacts who already
 * ran the flow; with `params.exclude_active` contacts waiting in another flow are skipped instead of
 * interrupted. The started sessions' messages are bulk (priority 0) and respect quiet hours.
 *
 * Example:
 *   const id = await createFlowStart(db, { workspaceId, flowId, targets: { groups: [g] }, params: { restart_participants: true } });
 *   while (await processFlowStartBatch(rt, id)) {}
 */
import { v7 as uuidv7 } from 'uuid';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { applySprint, interruptWaitingSessions } from './apply-sprint.js';
import type { BulkTotals } from './broadcasts.js';
import { CONTACT_COLUMNS, type ContactRow } from './contact-json.js';
import type { PreparedSprint, MessagingRuntime } from './runtime.js';
import { nextRecipients, parseTargets } from './recipients.js';
import { quietHoursEnd } from './quiet-hours.js';
import { all, first, inTransaction, parseJson, run, sqlFor } from './sql.js';
import { workspaceSettings } from './workspace-settings.js';

/** Options of a start. Example: `{ "restart_participants": false, "exclude_active": false, "params": { "reason": "cholera" } }`. */
export interface FlowStartParams {
  restart_participants?: boolean;
  exclude_active?: boolean;
  /** Passed to the trigger as @trigger.params. */
  params?: Record<string, unknown>;
}

export interface NewFlowStart {
  workspaceId: string;
  flowId: string;
  targets: unknown;
  params?: FlowStartParams;
  createdBy?: string | null;
  scheduleId?: string | null;
}

export async function createFlowStart(db: Kysely<Database>, input: NewFlowStart): Promise<string> {
  const targets = parseTargets(input.targets);
  const flow = await first<{ id: string; archived: number }>(db, 'SELECT id, archived FROM flows WHERE id = ? AND workspace_id = ?', [input.flowId, input.workspaceId]);
  if (!flow) throw new Error(`flowId ${input.flowId}: no such flow in this workspace`);
  if (flow.archived) throw new Error(`flowId ${input.flowId}: the flow is archived`);
  const published = await first<{ n: number }>(db, `SELECT COUNT(*) AS n FROM flow_revisions WHERE flow_id = ? AND status = 'published'`, [input.flowId]);
  if (!published?.n) throw new Error(`flowId ${input.flowId}: the flow has no published revision; publish it before starting it`);
  const id = uuidv7();
  const now = new Date().toISOString();
  const totals: BulkTotals = { recipients: 0, queued: 0, skipped: 0, failed: 0, cursor: null };
  await run(
    db,
    `INSERT INTO flow_starts (id, workspace_id, flow_id, targets, params, status, schedule_id, totals, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [id, input.workspaceId, input.flowId, JSON.stringify(targets), JSON.stringify(input.params ?? {}), input.scheduleId ? 'scheduled' : 'pending',
      input.scheduleId ?? null, JSON.stringify(totals), input.createdBy ?? null, now, now],
  );
  return id;
}

interface StartRow {
  id: string;
  workspace_id: string;
  flow_id: string;
  targets: string;
  params: string;
  status: string;
  totals: string;
}

/** Starts the flow for the next batch of recipients. Returns false when there is nothing left to do. */
export async function processFlowStartBatch(rt: MessagingRuntime, startId: string, batchSize = 500): Promise<boolean> {
  const row = await first<StartRow>(rt.db, 'SELECT id, workspace_id, flow_id, targets, params, status, totals FROM flow_starts WHERE id = ?', [startId]);
  if (!row || (row.status !== 'pending' && row.status !== 'starting')) return false;
  const params = parseJson<FlowStartParams>(row.params, {});
  const totals = parseJson<BulkTotals>(row.totals, { recipients: 0, queued: 0, skipped: 0, failed: 0, cursor: null });
  const page = await nextRecipients(rt.db, row.workspace_id, parseTargets(row.targets), totals.cursor, batchSize);
  const assets = await rt.assets.get(rt.db, row.workspace_id, 'published');
  const flowUuid = await first<{ uuid: string }>(rt.db, 'SELECT uuid FROM flows WHERE id = ?', [row.flow_id]);
  const settings = await workspaceSettings(rt.db, row.workspace_id);
  const now = rt.now();
  const nowIso = now.toISOString();
  const holdUntil = quietHoursEnd(settings.quietHours, settings.timezone, now);
  if (!flowUuid || !assets.flowIdByUuid.has(flowUuid.uuid)) {
    await run(rt.db, `UPDATE flow_starts SET status = 'failed', updated_at = ? WHERE id = ?`, [nowIso, startId]);
    rt.logger.error('flow start failed: the flow has no published revision', { startId });
    return false;
  }
  const ids = page.filter((c) => c.status === 'active').map((c) => c.id);

  const inJsonList = `IN (${sqlFor(rt.db).jsonArrayValues})`;
  return rt.locks.run(ids, async () => {
    let eligible = ids;
    if (!params.restart_participants && eligible.length) {
      const ran = await all<{ contact_id: string }>(rt.db, `SELECT DISTINCT contact_id FROM runs WHERE flow_id = ? AND contact_id ${inJsonList}`, [row.flow_id, JSON.stringify(eligible)]);
      const skip = new Set(ran.map((r) => r.contact_id));
      eligible = eligible.filter((id) => !skip.has(id));
    }
    if (params.exclude_active && eligible.length) {
      const busy = await all<{ contact_id: string }>(rt.db, `SELECT DISTINCT contact_id FROM sessions WHERE simulated = 0 AND status = 'waiting' AND contact_id ${inJsonList}`, [JSON.stringify(eligible)]);
      const skip = new Set(busy.map((r) => r.contact_id));
      eligible = eligible.filter((id) => !skip.has(id));
    }
    const contacts = eligible.length
      ? await all<ContactRow>(rt.db, `SELECT ${CONTACT_COLUMNS} FROM contacts WHERE id ${inJsonList} ORDER BY id`, [JSON.stringify(eligible)])
      : [];
    const prepared: PreparedSprint[] = [];
    let failed = 0;
    for (const contact of contacts) {
      try {
        prepared.push(await rt.startSprint({ contact, flowUuid: flowUuid.uuid, trigger: { type: 'manual', params: params.params, batch: true } }));
      } catch (err) {
        failed++;
        rt.logger.error('flow start: engine failed for a contact', { startId, contactId: contact.id, error: String(err) });
      }
    }
    let applied = false;
    const more = await inTransaction(rt.db, async (trx) => {
      // Locked: another server process finishing the same page waits here, then sees the moved cursor.
      const current = await first<{ status: string; totals: string }>(trx, `SELECT status, totals FROM flow_starts WHERE id = ?${sqlFor(trx).forUpdate}`, [startId]);
      if (!current || (current.status !== 'pending' && current.status !== 'starting')) return false;
      const t = parseJson<BulkTotals>(current.totals, totals);
      if (t.cursor !== totals.cursor) return true; // another worker did this page; go on from its cursor
      for (const p of prepared) {
        await interruptWaitingSessions(trx, p.contact.id, false, nowIso);
        await applySprint(trx, { workspaceId: row.workspace_id, contact: p.contact, assets: p.assets, sprint: p.sprint, priority: 0, flowStartId: startId, now: nowIso, holdUntil });
      }
      t.recipients += page.length;
      t.queued += prepared.length;
      t.failed = (t.failed ?? 0) + failed;
      t.skipped += page.length - prepared.length - failed;
      if (page.length > 0) t.cursor = page[page.length - 1]!.id;
      const done = page.length < batchSize;
      await run(trx, 'UPDATE flow_starts SET status = ?, totals = ?, updated_at = ? WHERE id = ?', [done ? 'completed' : 'starting', JSON.stringify(t), nowIso, startId]);
      applied = true;
      return !done;
    });
    // After the commit (flows that end at once, e.g. a single kiunga_fhir_write step); never fails the batch.
    if (applied) for (const p of prepared) await rt.writeBack(p);
    return more;
  });
}

export async function cancelFlowStart(db: Kysely<Database>, workspaceId: string, startId: string): Promise<boolean> {
  return inTransaction(db, async (trx) => {
    const row = await first<{ status: string; schedule_id: string | null }>(trx, 'SELECT status, schedule_id FROM flow_starts WHERE id = ? AND workspace_id = ?', [startId, workspaceId]);
    if (!row) throw new Error(`flow start ${startId} not found`);
    if (row.status === 'completed' || row.status === 'cancelled' || row.status === 'failed') return false;
    const now = new Date().toISOString();
    await run(trx, `UPDATE flow_starts SET status = 'cancelled', updated_at = ? WHERE id = ?`, [now, startId]);
    await run(trx, `UPDATE messages SET status = 'failed', error = 'flow start cancelled', updated_at = ? WHERE flow_start_id = ? AND status IN ('queued', 'errored')`, [now, startId]);
    if (row.schedule_id && row.status === 'scheduled') await run(trx, 'UPDATE schedules SET active = 0, updated_at = ? WHERE id = ?', [now, row.schedule_id]);
    return true;
  });
}
