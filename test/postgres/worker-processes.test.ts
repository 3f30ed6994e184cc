/**
 * Two worker processes (real child processes, KIUNGA_ROLE=worker) on one real PostgreSQL database:
 *  - a broadcast to 4,000 contacts is sent by both (its batches go through the PostgreSQL job queue to
 *    whichever worker takes them), while health workers
 *    answer a keyword flow through both processes' webhooks and their wait timeouts fire (timers);
 *  - one worker is SIGKILLed mid-broadcast and restarted (as systemd would) a few seconds later;
 *  - then every recipient got the broadcast exactly once (the provider stub sees each uuid and each number
 *    once), every acknowledged inbound message was handled once, each keyword contact got its question and
 *    its timeout message exactly once, and both processes stop cleanly on SIGTERM (exit 0).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/open.js';
import { createBroadcast } from '../../server/messaging/broadcasts.js';
import { all } from '../../server/messaging/sql.js';
import { twoQuestionFlow } from '../messaging/flows.js';
import { startProviderStub, type ProviderStub } from '../messaging/provider-stub.js';
import { phoneOf, seedContacts, seedFlow, seedGroup, seedLoopbackChannel, seedTrigger, seedWorkspace } from '../messaging/seed.js';
import { freePort, metricValue, startKiungaProcess, type KiungaProcess } from './process-harness.js';
import { postgresForThisFile } from './pg-test-env.js';

const pg = postgresForThisFile();
const RECIPIENTS = 4000;
const KEYWORD_CONTACTS = 60;
const TEXT = 'Measles campaign starts Monday: collect vaccines at the district store';
const QUESTION = 'What is your name?';
const TIMEOUT_TEXT = 'We will ask again later.';

const processes: KiungaProcess[] = [];
let provider: ProviderStub | undefined;

afterAll(async () => {
  for (const p of processes) p.kill('SIGKILL');
  await Promise.all(processes.map((p) => p.exited));
  for (const p of processes) p.cleanup();
  await provider?.close();
});

async function metrics(p: KiungaProcess): Promise<string> {
  const res = await fetch(`${p.url}/metrics`);
  expect(res.status).toBe(200);
  return res.text();
}

async function waitUntil(what: string, condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

if (pg) {
  describe('two worker processes on PostgreSQL', () => {
    it('delivers a broadcast exactly once to every recipient when one worker is SIGKILLed mid-way, with inbound flows and timers running', async () => {
      const { db, url, dispose } = await pg.openFresh();
      try {
        provider = await startProviderStub();
        provider.setDelay(20); // sends take a moment, so the kill lands with sends in flight
        const ws = await seedWorkspace(db);
        const channel = await seedLoopbackChannel(db, ws, `${provider.url}/send`);
        const flowId = await seedFlow(db, ws, twoQuestionFlow({ initialWait: true, timeoutSeconds: 3 }));
        await seedTrigger(db, ws, 'join', flowId);
        const { groupId, groupUuid } = await seedGroup(db, ws, 'Vaccinators');
        await seedContacts(db, ws, RECIPIENTS, { groupId });

        // A "sending" row is a crash leftover after 8 s here (5 min by default), so the test need not wait long.
        const env = { KIUNGA_RECONCILE_AFTER_S: '8' };
        const [portA, portB] = [await freePort(), await freePort()];
        const a = startKiungaProcess({ databaseUrl: url, role: 'worker', port: portA, name: 'worker A', env });
        const b = startKiungaProcess({ databaseUrl: url, role: 'worker', port: portB, name: 'worker B', env });
        processes.push(a, b);
        await Promise.all([a.ready(), b.ready()]);

        // Keyword messages through both processes' webhooks (acknowledged = stored).
        const acked: string[] = [];
        const postJoin = async (i: number, to: KiungaProcess) => {
          const res = await fetch(`${to.url}/webhooks/loopback/${channel.uuid}`, {
            method: 'POST', headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ id: `join-${i}`, from: `tel:${phoneOf(i)}`, text: 'join' }),
          });
          if (res.ok) acked.push(`join-${i}`);
        };
        await createBroadcast(db, { workspaceId: ws, translations: { eng: { text: TEXT } }, baseLanguage: 'eng', targets: { groups: [groupUuid] } });
        await Promise.all(Array.from({ length: KEYWORD_CONTACTS / 2 }, (_, i) => postJoin(i, i % 2 ? b : a)));

        const broadcastSent = () => provider!.log.filter((m) => m.text === TEXT).length;
        await waitUntil('a quarter of the broadcast', () => broadcastSent() >= RECIPIENTS / 4, 90_000);
        // Both workers took part before the kill: each claimed sends.
        const [ma, mb] = [await metrics(a), await metrics(b)];
        const claimed = [metricValue(ma, 'kiunga_outbox_claimed_total')!, metricValue(mb, 'kiunga_outbox_claimed_total')!];
        expect(claimed.every((n) => n > 0)).toBe(true);
        // Broadcast batches go through the PostgreSQL job queue (pg-boss) in worker processes.
        expect(metricValue(ma, 'kiunga_job_queue_waiting')).not.toBeNull();
        const batches = [metricValue(ma, 'kiunga_bulk_batches_total')!, metricValue(mb, 'kiunga_bulk_batches_total')!];
        expect(batches[0] + batches[1]).toBeGreaterThanOrEqual(RECIPIENTS / 500);
        const inFlightAtKill = await all<{ n: number }>(db, `SELECT COUNT(*) AS n FROM messages WHERE status = 'sending'`);

        a.kill('SIGKILL');
        await a.exited;
        const sentAtKill = broadcastSent();
        expect(sentAtKill).toBeLessThan(RECIPIENTS);
        // More keyword messages while A is down: B alone takes them.
        await Promise.all(Array.from({ length: KEYWORD_CONTACTS / 2 }, (_, i) => postJoin(KEYWORD_CONTACTS / 2 + i, b)));

        // A restarts (a service manager would); rows A left "sending" are reconciled with the provider.
        await new Promise((r) => setTimeout(r, 8_500));
        const a2 = startKiungaProcess({ databaseUrl: url, role: 'worker', port: portA, name: 'worker A (restarted)', env });
        processes.push(a2);
        await a2.ready();

        await waitUntil('every recipient', () => new Set(provider!.log.filter((m) => m.text === TEXT).map((m) => m.to)).size >= RECIPIENTS, 120_000);
        await waitUntil('every keyword contact\'s timeout message', () => provider!.log.filter((m) => m.text === TIMEOUT_TEXT).length >= KEYWORD_CONTACTS, 60_000);
        await new Promise((r) => setTimeout(r, 1_000)); // anything still going would show as a duplicate

        b.kill('SIGTERM');
        a2.kill('SIGTERM');
        expect(await b.exited).toBe(0);
        expect(await a2.exited).toBe(0);

        // Exactly once, as the provider saw it: no uuid twice, no number twice for the broadcast.
        expect(provider.duplicates).toEqual([]);
        const perNumber = new Map<string, number>();
        for (const m of provider.log.filter((x) => x.text === TEXT)) perNumber.set(m.to, (perNumber.get(m.to) ?? 0) + 1);
        expect(perNumber.size).toBe(RECIPIENTS);
        expect([...perNumber.values()].filter((n) => n !== 1)).toEqual([]);
        const statuses = await all<{ status: string; n: number }>(db, `SELECT status, COUNT(*) AS n FROM messages WHERE broadcast_id IS NOT NULL GROUP BY status`);
        expect(statuses.map((r) => ({ ...r, n: Number(r.n) }))).toEqual([{ status: 'wired', n: RECIPIENTS }]);

        // The messaging loop and timers across the two processes: one question, one timeout message per contact.
        expect(acked).toHaveLength(KEYWORD_CONTACTS);
        const inbound = await all<{ status: string; n: number }>(db, `SELECT status, COUNT(*) AS n FROM messages WHERE direction = 'in' GROUP BY status`);
        expect(inbound.map((r) => ({ ...r, n: Number(r.n) }))).toEqual([{ status: 'handled', n: KEYWORD_CONTACTS }]);
        for (const text of [QUESTION, TIMEOUT_TEXT]) {
          const to = provider.log.filter((m) => m.text === text).map((m) => m.to);
          expect(to).toHaveLength(KEYWORD_CONTACTS);
          expect(new Set(to).size).toBe(KEYWORD_CONTACTS);
        }
        const timers = await all<{ kind: string; status: string; n: number }>(db, `SELECT kind, status, COUNT(*) AS n FROM timers WHERE kind = 'wait_timeout' GROUP BY kind, status`);
        expect(timers.map((r) => ({ ...r, n: Number(r.n) }))).toEqual([{ kind: 'wait_timeout', status: 'fired', n: KEYWORD_CONTACTS }]);
        console.log(`two workers: ${sentAtKill} of ${RECIPIENTS} broadcast messages sent at the kill; claims before it A=${claimed[0]} B=${claimed[1]}, batches A=${batches[0]} B=${batches[1]}, ${inFlightAtKill[0]!.n} rows "sending" just before the kill`);
      } finally {
        await dispose();
      }
    }, 300_000);
  });
}
