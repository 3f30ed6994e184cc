/**
 * Per-contact order across server processes on one PostgreSQL database: two runtimes with their own pools
 * and lock connections (as two processes have) never run work for the same contact at the same time, a
 * multi-contact task (a flow-start batch) and single-contact tasks do not deadlock, and a process that dies
 * while holding a contact frees it at once (PostgreSQL ends its session).
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openDatabase } from '../../server/db/open.js';
import { AssetCache } from '../../server/messaging/assets.js';
import { MessagingRuntime } from '../../server/messaging/runtime.js';
import { postgresForThisFile } from './pg-test-env.js';

const pg = postgresForThisFile();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `rounds` tasks per runtime for `contact`, interleaved, and returns the [start, end] of each. */
async function interleave(runtimes: MessagingRuntime[], contacts: string[][], rounds: number): Promise<{ rt: number; contacts: string[]; start: number; end: number }[]> {
  const spans: { rt: number; contacts: string[]; start: number; end: number }[] = [];
  const tasks: Promise<void>[] = [];
  for (let round = 0; round < rounds; round++) {
    runtimes.forEach((rt, i) => {
      const ids = contacts[(round + i) % contacts.length]!;
      tasks.push(rt.locks.run(ids, async () => {
        const start = performance.now();
        await sleep(3);
        spans.push({ rt: i, contacts: ids, start, end: performance.now() });
      }));
    });
  }
  await Promise.all(tasks);
  return spans;
}

/** Pairs of spans of different runtimes that share a contact and overlap in time. */
function overlaps(spans: { rt: number; contacts: string[]; start: number; end: number }[]): number {
  let n = 0;
  for (let i = 0; i < spans.length; i++) {
    for (let j = i + 1; j < spans.length; j++) {
      const a = spans[i]!;
      const b = spans[j]!;
      if (a.rt === b.rt || !a.contacts.some((c) => b.contacts.includes(c))) continue;
      if (a.start < b.end && b.start < a.end) n++;
    }
  }
  return n;
}

if (pg) {
  describe('per-contact locks across processes (PostgreSQL)', () => {
    it('never lets two processes work on one contact at once, including batches of many contacts', async () => {
      const { db, url, dispose } = await pg.openFresh();
      const second = await openDatabase({ url, migrate: false, pool: { max: 5 } });
      const a = new MessagingRuntime({ db, assets: new AssetCache(0) });
      const b = new MessagingRuntime({ db: second, assets: new AssetCache(0) });
      try {
        expect(a.locks.distributed).not.toBeNull();
        // Single contacts and a "batch" that holds several of them, as a flow-start batch does.
        const contacts = [['c-1'], ['c-2'], ['c-1', 'c-2', 'c-3'], ['c-3']];
        const spans = await interleave([a, b], contacts, 40);
        expect(spans).toHaveLength(80);
        expect(overlaps(spans)).toBe(0);
        expect(a.locks.distributed!.contended + b.locks.distributed!.contended).toBeGreaterThan(0);

        // The same schedule with the cross-process locks switched off overlaps: the check above can fail.
        const [da, dbb] = [a.locks.distributed, b.locks.distributed];
        a.locks.distributed = null;
        b.locks.distributed = null;
        expect(overlaps(await interleave([a, b], contacts, 40))).toBeGreaterThan(0);
        a.locks.distributed = da;
        b.locks.distributed = dbb;
      } finally {
        await a.locks.close();
        await b.locks.close();
        await second.destroy();
        await dispose();
      }
    });

    it('frees a contact at once when the process holding it dies', async () => {
      const { db, url, dispose } = await pg.openFresh();
      const second = await openDatabase({ url, migrate: false, pool: { max: 5 } });
      const a = new MessagingRuntime({ db, assets: new AssetCache(0) });
      const b = new MessagingRuntime({ db: second, assets: new AssetCache(0) });
      try {
        let releaseA!: () => void;
        let aHolds!: () => void;
        const holding = new Promise<void>((resolve) => (aHolds = resolve));
        const aTask = a.locks.run(['c-9'], async () => {
          aHolds();
          await new Promise<void>((resolve) => (releaseA = resolve));
        });
        await holding;
        let bRan = false;
        const bTask = b.locks.run(['c-9'], async () => { bRan = true; });
        await sleep(300);
        expect(bRan).toBe(false);
        // "Process A dies": its lock session is terminated by the server, as when its process is killed.
        await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'kiunga contact locks' AND pid <> pg_backend_pid()
                    AND pid IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted)`.execute(second);
        await bTask;
        expect(bRan).toBe(true);
        releaseA();
        await aTask;
      } finally {
        await a.locks.close();
        await b.locks.close();
        await second.destroy();
        await dispose();
      }
    });
  });
}
