/**
 * Scheduled broadcasts and flow starts. A schedule row says when; the broadcast or flow start row
 * that points to it (status "scheduled") says what. When the schedule is due, one transaction
 * either turns a one-time template into a pending broadcast/start and deactivates the schedule, or,
 * for a recurring one, copies the template into a new pending row and moves `next_fire_at` forward.
 * The update is conditional on the `next_fire_at` it read, so a schedule fires exactly once per
 * occurrence even across crashes and restarts.
 *
 * Example:
 *   const scheduleId = await createSchedule(db, { workspaceId, kind: 'daily', repeat: { hour: 8, minute: 0 }, timezone: 'Africa/Nairobi' });
 *   await createBroadcast(db, { ..., scheduleId });
 */
import { v7 as uuidv7 } from 'uuid';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { nextFire, validateRepeat, type Repeat, type ScheduleKind } from './recurrence.js';
import { all, first, inTransaction, parseJson, run } from './sql.js';

export interface NewSchedule {
  workspaceId: string;
  kind: ScheduleKind;
  repeat: Repeat;
  /** Defaults to the workspace's time zone. */
  timezone?: string;
}

export async function createSchedule(db: Kysely<Database>, input: NewSchedule, now = new Date()): Promise<string> {
  const ws = await first<{ timezone: string }>(db, 'SELECT timezone FROM workspaces WHERE id = ?', [input.workspaceId]);
  if (!ws) throw new Error(`workspace ${input.workspaceId} not found`);
  const timezone = input.timezone ?? ws.timezone;
  validateRepeat(input.kind, input.repeat, timezone);
  const next = nextFire(input.kind, input.repeat, timezone, now);
  if (!next) throw new Error('schedule never fires: repeat.at is in the past');
  const id = uuidv7();
  const iso = now.toISOString();
  await run(db, `INSERT INTO schedules (id, workspace_id, kind, next_fire_at, repeat, timezone, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)`, [
    id, input.workspaceId, input.kind, next, JSON.stringify(input.repeat), timezone, iso, iso,
  ]);
  return id;
}

/** Fires every due schedule; returns the number of broadcasts/starts created. */
export async function fireDueSchedules(db: Kysely<Database>, now: Date): Promise<number> {
  const nowIso = now.toISOString();
  const due = await all<{ id: string; kind: ScheduleKind; next_fire_at: string; repeat: string; timezone: string }>(
    db,
    `SELECT id, kind, next_fire_at, repeat, timezone FROM schedules WHERE active = 1 AND next_fire_at IS NOT NULL AND next_fire_at <= ? ORDER BY next_fire_at LIMIT 100`,
    [nowIso],
  );
  let created = 0;
  for (const s of due) {
    created += await inTransaction(db, async (trx) => {
      const once = s.kind === 'once';
      const next = once ? null : nextFire(s.kind, parseJson<Repeat>(s.repeat, {}), s.timezone, now);
      const claimed = await run(trx, `UPDATE schedules SET next_fire_at = ?, active = ?, updated_at = ? WHERE id = ? AND active = 1 AND next_fire_at = ?`, [
        next, next ? 1 : 0, nowIso, s.id, s.next_fire_at,
      ]);
      if (claimed === 0) return 0;
      let n = 0;
      for (const table of ['broadcasts', 'flow_starts'] as const) {
        const templates = await all<Record<string, unknown>>(trx, `SELECT * FROM ${table} WHERE schedule_id = ? AND status = 'scheduled'`, [s.id]);
        for (const template of templates) {
          if (once) {
            await run(trx, `UPDATE ${table} SET status = 'pending', updated_at = ? WHERE id = ?`, [nowIso, template.id]);
          } else {
            const copy = { ...template, id: uuidv7(), status: 'pending', created_at: nowIso, updated_at: nowIso, totals: JSON.stringify({ recipients: 0, queued: 0, skipped: 0, failed: 0, cursor: null }) };
            const columns = Object.keys(copy);
            await run(trx, `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`, columns.map((c) => (copy as Record<string, unknown>)[c]));
          }
          n++;
        }
      }
      return n;
    });
  }
  return created;
}

/** Stops a schedule: it never fires again and its templates are cancelled. */
export async function cancelSchedule(db: Kysely<Database>, workspaceId: string, scheduleId: string): Promise<void> {
  const now = new Date().toISOString();
  await inTransaction(db, async (trx) => {
    const changed = await run(trx, 'UPDATE schedules SET active = 0, updated_at = ? WHERE id = ? AND workspace_id = ?', [now, scheduleId, workspaceId]);
    if (changed === 0) throw new Error(`schedule ${scheduleId} not found`);
    await run(trx, `UPDATE broadcasts SET status = 'cancelled', updated_at = ? WHERE schedule_id = ? AND status = 'scheduled'`, [now, scheduleId]);
    await run(trx, `UPDATE flow_starts SET status = 'cancelled', updated_at = ? WHERE schedule_id = ? AND status = 'scheduled'`, [now, scheduleId]);
  });
}
