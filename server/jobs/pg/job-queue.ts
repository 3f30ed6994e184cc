/**
 * The PostgreSQL job queue Kiunga's worker processes share: pg-boss 10 (its tables live in the schema
 * `kiunga_jobs` of the same database; it creates and migrates them itself on start). Chosen because it is
 * plain PostgreSQL (`SELECT … FOR UPDATE SKIP LOCKED`), maintained, small (3 dependencies), runs on Node 20
 * (pg-boss 11+ needs Node 22), and has the queue policies a wake-up layer needs (at most one waiting job per
 * key). See docs/deployment.md, "Work distribution".
 *
 * The queue distributes and wakes; it is not what makes work happen once: the database claims are (a bulk
 * batch locks its broadcast row, a message is claimed `sending` by one UPDATE, …). A job that runs twice
 * therefore costs a little time, never a duplicate message.
 *
 * Example:
 *   const jobs = await PgJobQueue.start({ url: process.env.DATABASE_URL!, logger: console });
 *   await jobs.define('kiunga-bulk', { policy: 'short', expireInSeconds: 300 });
 *   await jobs.work('kiunga-bulk', async (data) => { … });
 *   await jobs.send('kiunga-bulk', { kind: 'broadcast', id }, { singletonKey: `broadcast:${id}` });
 *   await jobs.stop();   // waits for running handlers
 */
import PgBoss from 'pg-boss';
import type { Logger } from '../../messaging/logger.js';

/** Schema of pg-boss's tables in the Kiunga database. */
export const JOBS_SCHEMA = 'kiunga_jobs';

/** Options of `PgJobQueue.start`. Example: `{ url: 'postgres://kiunga:pw@db/kiunga', pollMs: 500 }`. */
export interface PgJobQueueOptions {
  url: string;
  logger: Logger;
  /** How often an idle worker looks for jobs (pg-boss's minimum is 500 ms; local sends wake it at once). */
  pollMs?: number;
  /** Connections of the queue's own pool (default 3). */
  poolMax?: number;
}

/** Policy and timing of one queue. Example: `{ policy: 'short', expireInSeconds: 300, retryLimit: 5 }`. */
export interface QueueDefinition {
  /** 'short': at most one waiting job per singleton key (any number running). */
  policy: 'standard' | 'short' | 'singleton' | 'stately';
  /** A job running longer is taken for lost (its worker died) and retried. */
  expireInSeconds: number;
  retryLimit?: number;
}

export class PgJobQueue {
  private readonly workerIds = new Map<string, string>();
  private stopped = false;
  private closed = false;

  private constructor(private readonly boss: PgBoss, private readonly options: PgJobQueueOptions) {}

  static async start(options: PgJobQueueOptions): Promise<PgJobQueue> {
    const boss = new PgBoss({
      connectionString: options.url,
      schema: JOBS_SCHEMA,
      max: options.poolMax ?? 3,
      application_name: 'kiunga jobs',
      schedule: false, // Kiunga's schedules live in its own tables (server/messaging/schedules.ts)
      supervise: true, // expire jobs of dead workers, delete old ones
      maintenanceIntervalSeconds: 60,
      deleteAfterHours: 24,
    });
    boss.on('error', (error) => options.logger.error('job queue error', { error: String(error) }));
    await boss.start();
    return new PgJobQueue(boss, options);
  }

  /** Creates the queue if needed (idempotent; several processes may do it at once). */
  async define(name: string, definition: QueueDefinition): Promise<void> {
    const existing = await this.boss.getQueue(name);
    const settings: PgBoss.Queue = { name, policy: definition.policy, expireInSeconds: definition.expireInSeconds, retryLimit: definition.retryLimit ?? 5, retryDelay: 1 };
    if (!existing) {
      try {
        await this.boss.createQueue(name, settings);
      } catch (error) {
        if (!(await this.boss.getQueue(name))) throw error; // else another process created it first
      }
    }
  }

  /** Queues a job; returns its id, or null when the queue's policy kept it out (one is already waiting). */
  async send(name: string, data: object, options: { singletonKey?: string } = {}): Promise<string | null> {
    if (this.closed) return null; // handlers finishing during a graceful stop may still hand work back
    const id = await this.boss.send(name, data, options);
    // A job sent by this process is picked up here at once rather than at the next poll.
    const workerId = this.workerIds.get(name);
    if (id && workerId) this.boss.notifyWorker(workerId);
    return id;
  }

  /** Runs `handler` for each job of the queue, one at a time in this process. A handler that throws fails the job (retried). */
  async work<T extends object>(name: string, handler: (data: T) => Promise<void>): Promise<void> {
    const pollingIntervalSeconds = Math.max(0.5, (this.options.pollMs ?? 500) / 1000);
    const id = await this.boss.work<T>(name, { batchSize: 1, pollingIntervalSeconds }, async (jobs) => {
      for (const job of jobs) await handler(job.data);
    });
    this.workerIds.set(name, id);
  }

  /** Jobs waiting (created or retrying) in a queue, for /metrics. */
  async waiting(name: string): Promise<number> {
    return this.boss.getQueueSize(name);
  }

  /** Stops fetching jobs and waits (up to `timeoutMs`) for the running handlers; closes the queue's pool. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: true });
    this.closed = true;
  }
}
