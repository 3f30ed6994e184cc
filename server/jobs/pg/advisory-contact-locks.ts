/**
 * Per-contact locks that hold across server processes on one PostgreSQL database: PostgreSQL session-level
 * advisory locks, all taken on one dedicated connection of this process (outside the Kysely pool, so a
 * waiting lock never starves the queries of the task that holds it).
 *
 * Locks are only ever *tried* (`pg_try_advisory_lock`), all-or-nothing for a task's contacts: when one of
 * them is held by another process, the ones just taken are released and the whole set is tried again a
 * moment later. Nothing ever blocks on the connection, and no two tasks can deadlock (a flow-start batch
 * locks hundreds of contacts at once). Within this process, ContactLocks' FIFO already orders the tasks of
 * one contact, so the reentrancy of session locks is harmless.
 *
 * If this process dies, PostgreSQL ends its session and frees its locks: another process takes over at once.
 * If the lock connection drops while the process lives, the locks are lost; that is logged, and tasks
 * already running finish unprotected (the database claims still keep each message and timer handled once).
 *
 * Keys: the two-int form `(CONTACT_LOCK_SPACE, hashtext(contact id))`, which never conflicts with one-key
 * advisory locks (the first-start lock). Two contacts whose ids hash alike merely take turns.
 *
 * Example:
 *   const locks = new AdvisoryContactLocks('postgres://kiunga:pw@db:5432/kiunga');
 *   await locks.hold(['0193…'], async () => resumeSession());   // no other process resumes this contact meanwhile
 *   await locks.close();
 */
import pg from 'pg';
import type { Logger } from '../../messaging/logger.js';
import { silentLogger } from '../../messaging/logger.js';

/** First key of every contact lock ("KC" for Kiunga contact), the second is hashtext(contact id). */
export const CONTACT_LOCK_SPACE = 0x4b43;

/** How long the lock connection stays open without any lock held before it is closed. */
const IDLE_CLOSE_MS = 5_000;

export class AdvisoryContactLocks {
  private client: pg.Client | null = null;
  private connecting: Promise<pg.Client> | null = null;
  private held = 0;
  /** Statements on the lock connection go one after another (pg deprecates overlapping client.query calls). */
  private queue: Promise<unknown> = Promise.resolve();
  private idleTimer: NodeJS.Timeout | null = null;
  /** Times a lock set had to be tried again because another process held one of its contacts (for metrics/tests). */
  contended = 0;

  constructor(private readonly url: string, private readonly logger: Logger = silentLogger) {}

  /** Runs `task` while this process holds the advisory lock of every contact in `contactIds`. */
  async hold<T>(contactIds: readonly string[], task: () => Promise<T>): Promise<T> {
    const ids = [...new Set(contactIds)];
    if (ids.length === 0) return task();
    this.held++;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    try {
      const client = await this.acquire(ids);
      try {
        return await task();
      } finally {
        await this.release(client, ids);
      }
    } finally {
      this.held--;
      if (this.held === 0) this.scheduleIdleClose();
    }
  }

  /** Closes the lock connection (after the tasks holding locks finished). */
  async close(): Promise<void> {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    const client = this.client ?? (this.connecting ? await this.connecting.catch(() => null) : null);
    this.client = null;
    this.connecting = null;
    await client?.end().catch(() => undefined);
  }

  private async acquire(ids: string[]): Promise<pg.Client> {
    let delayMs = 2;
    for (;;) {
      const client = await this.connection();
      const { rows } = await this.query<{ k: number; ok: boolean }>(
        client,
        `SELECT k, pg_try_advisory_lock($1::int, k) AS ok FROM (SELECT DISTINCT hashtext(id) AS k FROM unnest($2::text[]) AS id) AS wanted`,
        [CONTACT_LOCK_SPACE, ids],
      );
      if (rows.every((r) => r.ok)) return client;
      // All or nothing: give back what we got, so two tasks wanting overlapping sets never wait on each other.
      const got = rows.filter((r) => r.ok).map((r) => r.k);
      if (got.length > 0) await this.query(client, `SELECT pg_advisory_unlock($1::int, k) FROM unnest($2::int[]) AS k`, [CONTACT_LOCK_SPACE, got]);
      this.contended++;
      await new Promise((resolve) => setTimeout(resolve, delayMs + Math.random() * delayMs));
      delayMs = Math.min(delayMs * 2, 100);
    }
  }

  private async release(client: pg.Client, ids: string[]): Promise<void> {
    if (client !== this.client) return; // that connection is gone, and its locks with it
    try {
      await this.query(client, `SELECT pg_advisory_unlock($1::int, k) FROM (SELECT DISTINCT hashtext(id) AS k FROM unnest($2::text[]) AS id) AS held`, [CONTACT_LOCK_SPACE, ids]);
    } catch (error) {
      this.logger.error('contact locks: unlock failed (the lock connection is reset)', { error: String(error) });
      this.drop(client);
    }
  }

  private query<R extends pg.QueryResultRow>(client: pg.Client, text: string, values: unknown[]): Promise<pg.QueryResult<R>> {
    const result = this.queue.then(() => client.query<R>(text, values));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private connection(): Promise<pg.Client> {
    if (this.client) return Promise.resolve(this.client);
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.url, application_name: 'kiunga contact locks' });
      client.on('error', (error) => {
        this.logger.error('contact locks: the lock connection failed; locks held by this process are lost', { error: String(error) });
        this.drop(client);
      });
      try {
        await client.connect();
      } finally {
        this.connecting = null;
      }
      this.client = client;
      return client;
    })();
    return this.connecting;
  }

  private drop(client: pg.Client): void {
    if (this.client === client) this.client = null;
    void client.end().catch(() => undefined);
  }

  private scheduleIdleClose(): void {
    if (this.idleTimer || !this.client) return;
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      if (this.held === 0 && this.client) {
        const client = this.client;
        this.client = null;
        void client.end().catch(() => undefined);
      }
    }, IDLE_CLOSE_MS);
    this.idleTimer.unref();
  }
}
