/**
 * Works through pending broadcasts and flow starts one batch at a time (oldest first), so a large
 * broadcast never blocks replies for long, and marks broadcasts completed once their messages left.
 *
 * Example: `const bulk = new BulkLoop(rt, { onQueued: () => sender.poke() }); bulk.start();`
 */
import { completeFinishedBroadcasts, processBroadcastBatch } from '../messaging/broadcasts.js';
import { processFlowStartBatch } from '../messaging/flow-starts.js';
import type { MessagingRuntime } from '../messaging/runtime.js';
import { all } from '../messaging/sql.js';
import { Loop } from './loop.js';

export class BulkLoop {
  private readonly loop: Loop;
  private readonly batchSize: number;
  private lastCompletionCheck = 0;

  constructor(private readonly rt: MessagingRuntime, private readonly options: { pollMs?: number; batchSize?: number; onQueued?: () => void } = {}) {
    this.batchSize = options.batchSize ?? 500;
    this.loop = new Loop('bulk', options.pollMs ?? 500, () => this.tick(), rt.logger);
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  poke(): void {
    this.loop.poke();
  }

  /** One batch of the oldest pending broadcast and of the oldest pending start. Returns batches done. */
  async tick(): Promise<number> {
    let done = 0;
    const [broadcast] = await all<{ id: string }>(this.rt.db, `SELECT id FROM broadcasts WHERE status IN ('pending', 'sending') ORDER BY created_at LIMIT 1`);
    if (broadcast) {
      await processBroadcastBatch(this.rt, broadcast.id, this.batchSize);
      done++;
    }
    const [start] = await all<{ id: string }>(this.rt.db, `SELECT id FROM flow_starts WHERE status IN ('pending', 'starting') ORDER BY created_at LIMIT 1`);
    if (start) {
      await processFlowStartBatch(this.rt, start.id, this.batchSize);
      done++;
    }
    if (done > 0) this.options.onQueued?.();
    if (done === 0 && Date.now() - this.lastCompletionCheck > 2_000) {
      this.lastCompletionCheck = Date.now();
      await completeFinishedBroadcasts(this.rt.db);
    }
    return done;
  }
}
