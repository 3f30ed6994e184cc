/**
 * Sends the FHIR writes that are due again (server/fhir/writeback): every `pollMs` (30 s by default),
 * for each workspace with due pending rows in `fhir_writeback_queue`, `FhirEffects.retryDue()` claims
 * them with a lease and sends them (written, pending again with backoff, or failed). A pass that found
 * rows runs again at once, so a backlog drains in batches of `batchSize`; `stop()` lets the pass in
 * flight finish.
 *
 * Example: `const retries = new FhirWritebackLoop(rt, { pollMs: 30_000 }); retries.start(); … await retries.stop();`
 */
import type { RetrySummary } from '../fhir/effects.js';
import { asWritebackDb } from '../fhir/writeback/queue-schema.js';
import type { MessagingRuntime } from '../messaging/runtime.js';
import { Loop } from './loop.js';

/** Options. Example: `{ pollMs: 30_000, batchSize: 100 }`. */
export interface FhirWritebackLoopOptions {
  pollMs?: number;
  /** Rows sent per workspace per pass. */
  batchSize?: number;
}

export class FhirWritebackLoop {
  private readonly loop: Loop;
  private readonly batchSize: number;

  constructor(private readonly rt: MessagingRuntime, options: FhirWritebackLoopOptions = {}) {
    this.batchSize = options.batchSize ?? 100;
    this.loop = new Loop('fhir-writeback', options.pollMs ?? 30_000, () => this.retryDueOnce(), rt.logger);
  }

  start(): void {
    this.loop.start();
  }

  poke(): void {
    this.loop.poke();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** One pass over every workspace with due writes; returns how many rows were attempted. */
  async retryDueOnce(): Promise<number> {
    if (this.rt.stopping) return 0;
    const due = await asWritebackDb(this.rt.db)
      .selectFrom('fhir_writeback_queue')
      .select('workspace_id')
      .distinct()
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', this.rt.nowIso())
      .execute();
    let attempted = 0;
    for (const { workspace_id: workspaceId } of due) {
      let summary: RetrySummary;
      try {
        summary = await this.rt.fhirFor(workspaceId).retryDue(this.batchSize);
      } catch (err) {
        // One workspace's trouble (e.g. a broken connection row) must not stop the others'.
        this.rt.logger.error('fhir-writeback: retry pass failed', { workspaceId, error: String((err as Error).message ?? err) });
        continue;
      }
      attempted += summary.written + summary.pending + summary.failed;
      if (summary.pending || summary.failed) this.rt.logger.warn('fhir-writeback: some writes are still not on the FHIR server', { workspaceId, ...summary });
    }
    return attempted;
  }
}
