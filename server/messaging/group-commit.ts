/**
 * Group commit: many small writes (one per webhook, per sprint, per send outcome) share one
 * transaction, so one fsync makes them all durable. With `synchronous=FULL` a commit costs a disk
 * flush (milliseconds on modest hardware); sharing it is what lets the loop keep up without giving
 * up power-loss safety.
 *
 * Each submitted piece of work runs inside its own SAVEPOINT: if it throws, only its own writes are
 * rolled back and only its promise rejects. Every promise resolves only after the COMMIT, so a
 * webhook that awaits `submit` answers 2xx only once its message is on disk. Work arriving while a
 * commit is in progress waits for the next one (at most `maxBatch` pieces per transaction).
 *
 * Example:
 *   const commits = new GroupCommitter(db);
 *   const id = await commits.submit(async (trx) => { await run(trx, 'INSERT …', […]); return 'ok'; });
 */
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../db/schema.js';

interface Pending {
  work: (trx: Transaction<Database>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export class GroupCommitter {
  private queue: Pending[] = [];
  private flushing = false;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly db: Kysely<Database>,
    private readonly maxBatch = 500,
  ) {}

  /** Runs `work` inside the next shared transaction; resolves with its result after COMMIT. Inside, use only `trx`. */
  submit<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.flushing) {
        this.flushing = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  /** Resolves when nothing is queued or being committed. */
  idle(): Promise<void> {
    if (!this.flushing && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
      try {
        await this.db.transaction().execute(async (trx) => {
          if (batch.length === 1) {
            // Alone in its transaction: no savepoint needed, a throw rolls the whole transaction back.
            try {
              outcomes.push({ ok: true, value: await batch[0]!.work(trx) });
            } catch (error) {
              outcomes.push({ ok: false, error });
              throw error;
            }
            return;
          }
          for (const item of batch) {
            await trx.executeQuery(CompiledQuery.raw('SAVEPOINT group_item'));
            try {
              const value = await item.work(trx);
              await trx.executeQuery(CompiledQuery.raw('RELEASE group_item'));
              outcomes.push({ ok: true, value });
            } catch (error) {
              await trx.executeQuery(CompiledQuery.raw('ROLLBACK TO group_item'));
              await trx.executeQuery(CompiledQuery.raw('RELEASE group_item'));
              outcomes.push({ ok: false, error });
            }
          }
        });
      } catch (error) {
        // The COMMIT failed (or the single piece threw): nothing of this batch is durable.
        for (const [i, item] of batch.entries()) {
          const outcome = outcomes[i];
          item.reject(outcome && !outcome.ok ? outcome.error : error);
        }
        continue;
      }
      batch.forEach((item, i) => {
        const outcome = outcomes[i]!;
        if (outcome.ok) item.resolve(outcome.value);
        else item.reject(outcome.error);
      });
    }
    this.flushing = false;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
