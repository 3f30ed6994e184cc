/**
 * A process's sign of life for the outbox: a row in worker_heartbeats refreshed every second on its own
 * timer (not the send loop's, which a long send can hold up). Crash recovery only reconciles "sending"
 * rows whose claimer has not refreshed its heartbeat for a while: a live process's slow send is never
 * taken for a crash leftover, which would send it twice.
 *
 * Example:
 *   const heartbeat = new WorkerHeartbeat(db, uuidv7());  heartbeat.start();  …  await heartbeat.stop();
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { run } from '../messaging/sql.js';
import type { Logger } from '../messaging/logger.js';

export const HEARTBEAT_INTERVAL_MS = 1000;

export class WorkerHeartbeat {
  private timer: NodeJS.Timeout | null = null;
  private beating: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Kysely<Database>,
    readonly id: string,
    private readonly logger?: Logger,
  ) {}

  /** Records the first heartbeat, then one per second until `stop()`. */
  start(): void {
    if (this.timer) return;
    this.beat();
    this.timer = setInterval(() => this.beat(), HEARTBEAT_INTERVAL_MS);
    this.timer.unref();
  }

  /** Stops beating and removes the row (a graceful stop leaves nothing in flight to recover). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.beating;
    await run(this.db, 'DELETE FROM worker_heartbeats WHERE id = ?', [this.id]).catch(() => undefined);
  }

  private beat(): void {
    const now = new Date().toISOString();
    this.beating = run(
      this.db,
      `INSERT INTO worker_heartbeats (id, started_at, heartbeat_at) VALUES (?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET heartbeat_at = excluded.heartbeat_at`,
      [this.id, now, now],
    ).then(
      () => undefined,
      (error: unknown) => this.logger?.warn('outbox heartbeat not recorded', { error: String(error) }),
    );
  }
}
