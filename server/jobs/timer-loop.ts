/**
 * Fires due timers: a wait timeout resumes the session with `wait_timeout`, an expiration with
 * `wait_expiration` / `run_expiration`. Durable and idempotent: the timer row turns "fired" in the
 * same transaction that writes the resumed sprint, under the contact's lock; a timer whose session is
 * no longer waiting (the contact answered first) is cancelled instead.
 *
 * Example:
 *   const timers = new TimerLoop(rt, { pollMs: 1000 }); timers.start(); … await timers.stop();
 */
import type { SessionState } from '../../runtime/engine/api.js';
import { applySprint } from '../messaging/apply-sprint.js';
import { getContactRow } from '../messaging/contact-json.js';
import type { MessagingRuntime } from '../messaging/runtime.js';
import { all, first, run } from '../messaging/sql.js';
import { Loop } from './loop.js';

interface DueTimer {
  id: string;
  kind: 'wait_timeout' | 'wait_expiration' | 'run_expiration' | 'schedule';
  session_id: string | null;
  contact_id: string | null;
}

export class TimerLoop {
  private readonly loop: Loop;
  private readonly busy = new Set<string>();
  private readonly batchSize: number;

  constructor(private readonly rt: MessagingRuntime, options: { pollMs?: number; batchSize?: number } = {}) {
    this.batchSize = options.batchSize ?? 200;
    this.loop = new Loop('timers', options.pollMs ?? 1000, () => this.tick(), rt.logger);
  }

  start(): void {
    this.loop.start();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** Fires the timers due now; returns how many were fired or cancelled. */
  async tick(): Promise<number> {
    const due = await all<DueTimer>(
      this.rt.db,
      `SELECT t.id, t.kind, t.session_id, s.contact_id FROM timers t LEFT JOIN sessions s ON s.id = t.session_id
        WHERE t.status = 'pending' AND t.fire_at <= ? ORDER BY t.fire_at LIMIT ?`,
      [this.rt.nowIso(), this.batchSize],
    );
    const work = due.filter((t) => !this.busy.has(t.id));
    await Promise.all(
      work.map((timer) => {
        this.busy.add(timer.id);
        const task = timer.contact_id ? this.rt.locks.run([timer.contact_id], () => this.fire(timer)) : this.fire(timer);
        return task
          .catch((err: unknown) => this.rt.logger.error('timer failed', { timerId: timer.id, error: String(err) }))
          .finally(() => this.busy.delete(timer.id));
      }),
    );
    if (work.length > 0) this.rt.notify('outbox');
    return work.length;
  }

  /** Fires one timer. Must run under the session contact's lock. */
  async fire(timer: DueTimer): Promise<'fired' | 'cancelled'> {
    if (this.rt.stopping) return 'cancelled'; // still pending in the database
    const now = this.rt.nowIso();
    const session = timer.session_id
      ? await first<{ id: string; status: string; state: string; contact_id: string; simulated: number }>(this.rt.db, 'SELECT id, status, state, contact_id, simulated FROM sessions WHERE id = ?', [timer.session_id])
      : undefined;
    const current = await first<{ status: string }>(this.rt.db, 'SELECT status FROM timers WHERE id = ?', [timer.id]);
    if (!current || current.status !== 'pending') return 'cancelled';
    const contact = session ? await getContactRow(this.rt.db, session.contact_id) : undefined;
    if (!session || !contact || session.status !== 'waiting' || session.simulated || timer.kind === 'schedule') {
      await run(this.rt.db, `UPDATE timers SET status = 'cancelled', updated_at = ? WHERE id = ? AND status = 'pending'`, [now, timer.id]);
      return 'cancelled';
    }
    const prepared = await this.rt.resumeSprint({ contact, state: JSON.parse(session.state) as SessionState, resume: { type: timer.kind } });
    const outcome = await this.rt.commits.submit(async (trx) => {
      const claimed = await run(trx, `UPDATE timers SET status = 'fired', updated_at = ? WHERE id = ? AND status = 'pending'`, [now, timer.id]);
      if (claimed === 0) return 'cancelled' as const;
      // Messages sent by a timeout continue a conversation: replies' priority.
      await applySprint(trx, { workspaceId: contact.workspace_id, contact, assets: prepared.assets, sprint: prepared.sprint, sessionId: session.id, priority: 1, now });
      return 'fired' as const;
    });
    if (outcome === 'fired') await this.rt.writeBack(prepared); // committed; never fails the timer
    return outcome;
  }
}
