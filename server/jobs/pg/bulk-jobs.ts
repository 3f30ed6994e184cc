/**
 * Broadcasts and flow starts in PostgreSQL mode, spread over the worker processes through the job queue
 * (replaces the single-process BulkLoop there). One job = "work on broadcast X (or flow start Y) for a
 * while": the handler writes batches (server/messaging/broadcasts.ts, flow-starts.ts) for up to `sliceMs`,
 * then, if recipients remain, queues the next job for the same item and returns. So several broadcasts go
 * out in parallel on different workers, a long one moves between workers, and a stopping worker hands the
 * rest back (the next job) instead of finishing it.
 *
 * At most one job per item waits in the queue (policy "short", singleton key `broadcast:<id>`). Every
 * worker's sweep (every `sweepMs`, and at once when this process created bulk work) queues a job for each
 * pending item: that picks up broadcasts created by web processes and those of a worker that died
 * mid-batch (its transaction rolled back; the batch's locked cursor is where the next job starts). Two
 * jobs of one item running at once take turns on the item's row lock, so no recipient is written twice.
 *
 * Example:
 *   const bulk = new DistributedBulk(rt, jobs, { onQueued: () => sender.poke() });
 *   await bulk.start(); … await bulk.stop();
 */
import { completeFinishedBroadcasts, processBroadcastBatch } from '../../messaging/broadcasts.js';
import { processFlowStartBatch } from '../../messaging/flow-starts.js';
import type { MessagingRuntime } from '../../messaging/runtime.js';
import { all } from '../../messaging/sql.js';
import { Loop } from '../loop.js';
import type { PgJobQueue } from './job-queue.js';

/** The queue of bulk work. */
export const BULK_QUEUE = 'kiunga-bulk';

/** A job of BULK_QUEUE. Example: `{ kind: 'broadcast', id: '0193…' }`. */
export interface BulkJob {
  kind: 'broadcast' | 'flow_start';
  id: string;
}

/** Tuning. Example: `{ sweepMs: 1000, batchSize: 500, sliceMs: 2000 }`. */
export interface DistributedBulkOptions {
  sweepMs?: number;
  batchSize?: number;
  /** How long one job works on its item before handing the rest to the next job. */
  sliceMs?: number;
  /** Called after each batch (the server pokes the outbox sender). */
  onQueued?: () => void;
}

export class DistributedBulk {
  private readonly sweepLoop: Loop;
  private readonly batchSize: number;
  private readonly sliceMs: number;
  private lastCompletionCheck = 0;
  /** Batches this process wrote (for tests and /metrics). */
  batches = 0;

  constructor(private readonly rt: MessagingRuntime, private readonly jobs: PgJobQueue, private readonly options: DistributedBulkOptions = {}) {
    this.batchSize = options.batchSize ?? 500;
    this.sliceMs = options.sliceMs ?? 2_000;
    this.sweepLoop = new Loop('bulk-sweep', options.sweepMs ?? 1_000, async () => { await this.sweep(); return 0; }, rt.logger);
  }

  async start(): Promise<void> {
    await this.jobs.define(BULK_QUEUE, { policy: 'short', expireInSeconds: 300 });
    await this.jobs.work<BulkJob>(BULK_QUEUE, (job) => this.runJob(job));
    this.sweepLoop.start();
  }

  /** Sweeps now (new bulk work was created in this process). */
  poke(): void {
    this.sweepLoop.poke();
  }

  /** Stops sweeping. Running jobs stop after their current batch once `rt.stopping` is set; the queue's stop waits for them. */
  stop(): Promise<void> {
    return this.sweepLoop.stop();
  }

  /** Queues a job for every pending broadcast and flow start (one waiting job per item at most). Returns how many were queued. */
  async sweep(): Promise<number> {
    const items = [
      ...(await all<{ id: string }>(this.rt.db, `SELECT id FROM broadcasts WHERE status IN ('pending', 'sending') ORDER BY created_at LIMIT 100`)).map((r) => ({ kind: 'broadcast' as const, id: r.id })),
      ...(await all<{ id: string }>(this.rt.db, `SELECT id FROM flow_starts WHERE status IN ('pending', 'starting') ORDER BY created_at LIMIT 100`)).map((r) => ({ kind: 'flow_start' as const, id: r.id })),
    ];
    let queued = 0;
    for (const item of items) if (await this.jobs.send(BULK_QUEUE, item, { singletonKey: `${item.kind}:${item.id}` })) queued++;
    if (items.length === 0 && Date.now() - this.lastCompletionCheck > 2_000) {
      this.lastCompletionCheck = Date.now();
      await completeFinishedBroadcasts(this.rt.db);
    }
    return queued;
  }

  /** One job: batches of one item for up to `sliceMs`, then the rest handed to the next job. */
  async runJob(job: BulkJob): Promise<void> {
    if (job.kind !== 'broadcast' && job.kind !== 'flow_start') throw new Error(`bulk job: unknown kind "${String(job.kind)}" (expected broadcast or flow_start)`);
    const started = Date.now();
    let more = true;
    while (more && !this.rt.stopping && Date.now() - started < this.sliceMs) {
      more = job.kind === 'broadcast' ? await processBroadcastBatch(this.rt, job.id, this.batchSize) : await processFlowStartBatch(this.rt, job.id, this.batchSize);
      this.batches++;
      this.options.onQueued?.();
    }
    if (more) await this.jobs.send(BULK_QUEUE, job, { singletonKey: `${job.kind}:${job.id}` });
  }
}
