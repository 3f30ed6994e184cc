/**
 * Per-contact serial execution: two sprints for the same contact never overlap, and work for one
 * contact runs in the order it was submitted (FIFO) in this process. A task may lock several
 * contacts at once (a flow-start batch); registration on every contact's queue is synchronous, so a
 * task only ever waits for tasks submitted before it and there is no deadlock.
 *
 * On PostgreSQL (`distributeOver(db)`, done by the runtime), a task also holds the contacts' advisory
 * locks (../jobs/pg/advisory-contact-locks.ts) while it runs, so no other server process resumes the
 * same contact's session at the same time.
 *
 * The database claim (message status, timer status) is what survives a restart; this only orders
 * work while the processes live.
 *
 * Example:
 *   const locks = new ContactLocks();
 *   await locks.run(['c1'], async () => handleMessage(m1));   // m2 for c1 waits for m1
 */
import type { Kysely } from 'kysely';
import { isPostgres, postgresUrlOf } from '../db/dialect.js';
import { AdvisoryContactLocks } from '../jobs/pg/advisory-contact-locks.js';
import type { Logger } from './logger.js';

export class ContactLocks {
  private readonly tails = new Map<string, Promise<void>>();
  /** Cross-process locks (PostgreSQL), or null: this process is the only one. */
  distributed: AdvisoryContactLocks | null = null;

  /**
   * On a PostgreSQL handle opened by openDatabase, makes every task also hold its contacts' advisory
   * locks. A no-op on SQLite (one process per database file).
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  distributeOver(db: Kysely<any>, logger?: Logger): void {
    if (this.distributed || !isPostgres(db)) return;
    const url = postgresUrlOf(db);
    if (!url) {
      logger?.warn('contact locks: PostgreSQL handle not opened by openDatabase; per-contact order holds within this process only');
      return;
    }
    this.distributed = new AdvisoryContactLocks(url, logger);
  }

  /** Closes the cross-process lock connection, if any (graceful stop). */
  async close(): Promise<void> {
    await this.distributed?.close();
  }

  /** Number of contacts with queued or running work (for graceful stop and tests). */
  get busyContacts(): number {
    return this.tails.size;
  }

  run<T>(contactIds: readonly string[], task: () => Promise<T>): Promise<T> {
    const ids = [...new Set(contactIds)];
    const before = ids.map((id) => this.tails.get(id)).filter((p): p is Promise<void> => p !== undefined);
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    for (const id of ids) this.tails.set(id, done);
    const distributed = this.distributed;
    const result = Promise.all(before).then(() => (distributed ? distributed.hold(ids, task) : task()));
    result.then(
      () => this.finish(ids, done, release),
      () => this.finish(ids, done, release),
    );
    return result;
  }

  /** True when some task holds or waits for this contact. */
  isBusy(contactId: string): boolean {
    return this.tails.has(contactId);
  }

  /** Resolves when every task submitted so far has finished. */
  async idle(): Promise<void> {
    while (this.tails.size > 0) await Promise.all([...this.tails.values()]);
  }

  private finish(ids: string[], done: Promise<void>, release: () => void): void {
    for (const id of ids) if (this.tails.get(id) === done) this.tails.delete(id);
    release();
  }
}
