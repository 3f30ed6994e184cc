/**
 * Group commit: many small writes (one per webhook, per sprint, per send outcome) share one
 * transaction, so one fsync makes them all durable. With `synchronous=FULL` a commit costs a disk
 * flush (milliseconds on modest hardware); sharing it is what lets the loop keep up without giving
 * up power-loss safety.
 *
 * If a piece throws, the shared transaction rolls back and every piece of the batch is run again in
 * its own transaction, so only the failing one rejects (pieces must only touch the database and
 * build their result, which makes running them again safe). Every promise resolves only after the
 * COMMIT, so a webhook that awaits `submit` answers 2xx only once its message is on disk. Work
 * arriving while a commit is in progress waits for the next one (at most `maxBatch` per transaction).
 *
 * Example:
 *   const commits = new GroupCommitter(db);
 *   const id = await commits.submit(async (trx) => { await run(trx, 'INSERT …', […]); return 'ok'; });
 */
import type { Kysely, Transaction } from 'kysely';
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

  /**
   * @param maxBatch most pieces per transaction
   * @param gatherMs how long the first piece waits for company before the commit starts (under load,
   *   a few milliseconds gather many webhooks and sprints into one disk flush)
   */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly maxBatch = 500,
    private readonly gatherMs = 2,
  ) {}

  /** Runs `work` inside the next shared transaction; resolves with its result after COMMIT. Inside, use only `trx`. */
  submit<T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.flushing) {
        this.flushing = true;
        setTimeout(() => void this.flush(), this.gatherMs);
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
      let values: unknown[] = [];
      try {
        // The common case: every piece succeeds, one transaction, one disk flush.
        await this.db.transaction().execute(async (trx) => {
          values = [];
          for (const item of batch) values.push(await item.work(trx));
        });
        batch.forEach((item, i) => item.resolve(values[i]));
      } catch {
        // Something failed and the whole transaction rolled back: run each piece again in its own
        // transaction, so only the failing one fails. (Pieces only touch the database and build their
        // result, so running one again after a rollback is safe.)
        for (const item of batch) {
          try {
            let value: unknown;
            await this.db.transaction().execute(async (trx) => {
              value = await item.work(trx);
            });
            item.resolve(value);
          } catch (error) {
            item.reject(error);
          }
        }
      }
    }
    this.flushing = false;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
