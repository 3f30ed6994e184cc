/**
 * Per-contact serial execution inside this process: two sprints for the same contact never overlap,
 * and work for one contact runs in the order it was submitted (FIFO). A task may lock several
 * contacts at once (a flow-start batch); registration on every contact's queue is synchronous, so a
 * task only ever waits for tasks submitted before it and there is no deadlock.
 *
 * The database claim (message status, timer status) is what survives a restart; this only orders
 * work while the process lives.
 *
 * Example:
 *   const locks = new ContactLocks();
 *   await locks.run(['c1'], async () => handleMessage(m1));   // m2 for c1 waits for m1
 */
export class ContactLocks {
  private readonly tails = new Map<string, Promise<void>>();

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
    const result = Promise.all(before).then(task);
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
