/**
 * The documented deployment on one PostgreSQL database: a `web` process (HTTP and webhooks, no background
 * workers) and two `worker` processes, as real child processes.
 *  - An inbound keyword message posted to the web process runs its flow there; the reply is sent by a worker
 *    (the web process claims nothing).
 *  - A worker stopped with SIGTERM mid-broadcast exits 0 having recorded every send it had in flight and
 *    handed its broadcast job back: the other worker finishes the broadcast without any crash reconciliation
 *    (the reconcile delay stays at its 5-minute default, longer than this test), exactly once per recipient.
 *  - Health, readiness and metrics answer on every role.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createBroadcast } from '../../server/messaging/broadcasts.js';
import { all } from '../../server/messaging/sql.js';
import { twoQuestionFlow } from '../messaging/flows.js';
import { startProviderStub, type ProviderStub } from '../messaging/provider-stub.js';
import { phoneOf, seedContacts, seedFlow, seedGroup, seedLoopbackChannel, seedTrigger, seedWorkspace } from '../messaging/seed.js';
import { freePort, metricValue, startKiungaProcess, type KiungaProcess } from './process-harness.js';
import { postgresForThisFile } from './pg-test-env.js';

const pg = postgresForThisFile();
const RECIPIENTS = 3000;
const TEXT = 'Polio round 2: teams leave the district office at 7:00';

const processes: KiungaProcess[] = [];
let provider: ProviderStub | undefined;

afterAll(async () => {
  for (const p of processes) p.kill('SIGKILL');
  await Promise.all(processes.map((p) => p.exited));
  for (const p of processes) p.cleanup();
  await provider?.close();
});

async function waitUntil(what: string, condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

if (pg) {
  describe('web and worker processes on PostgreSQL', () => {
    it('answers inbound in the web process, sends from workers, and hands work back on SIGTERM', async () => {
      const { db, url, dispose } = await pg.openFresh();
      try {
        provider = await startProviderStub();
        provider.setDelay(20);
        const ws = await seedWorkspace(db);
        const channel = await seedLoopbackChannel(db, ws, `${provider.url}/send`);
        const flowId = await seedFlow(db, ws, twoQuestionFlow({ initialWait: true }));
        await seedTrigger(db, ws, 'join', flowId);
        const { groupId, groupUuid } = await seedGroup(db, ws, 'Vaccination teams');
        await seedContacts(db, ws, RECIPIENTS, { groupId });

        const web = startKiungaProcess({ databaseUrl: url, role: 'web', port: await freePort(), name: 'web' });
        const a = startKiungaProcess({ databaseUrl: url, role: 'worker', port: await freePort(), name: 'worker A' });
        const b = startKiungaProcess({ databaseUrl: url, role: 'worker', port: await freePort(), name: 'worker B' });
        processes.push(web, a, b);
        await Promise.all([web.ready(), a.ready(), b.ready()]);
        for (const p of [web, a, b]) {
          expect((await fetch(`${p.url}/api/ready`)).status).toBe(200);
        }

        // Inbound through the web process: its flow asks the first question; a worker sends it.
        const res = await fetch(`${web.url}/webhooks/loopback/${channel.uuid}`, {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id: 'in-1', from: `tel:${phoneOf(7)}`, text: 'join' }),
        });
        expect(res.status).toBe(200);
        await waitUntil('the reply', () => provider!.log.some((m) => m.text === 'What is your name?' && m.to.endsWith(phoneOf(7))), 30_000).catch(async (error: Error) => {
          const rows = await all(db, `SELECT direction, status, text, error FROM messages ORDER BY id`);
          throw new Error(`${error.message}\nmessages: ${JSON.stringify(rows)}\n--- web ---\n${web.output.join('').slice(-3000)}\n--- worker A ---\n${a.output.join('').slice(-2000)}`);
        });
        const webMetrics = await (await fetch(`${web.url}/metrics`)).text();
        expect(webMetrics).toContain('kiunga_process_info{role="web",database="postgres"} 1');
        expect(metricValue(webMetrics, 'kiunga_outbox_claimed_total')).toBeNull(); // no sender in a web process

        // A broadcast; worker A is stopped gracefully once a fifth went out.
        await createBroadcast(db, { workspaceId: ws, translations: { eng: { text: TEXT } }, baseLanguage: 'eng', targets: { groups: [groupUuid] } });
        const sent = () => provider!.log.filter((m) => m.text === TEXT).length;
        await waitUntil('a fifth of the broadcast', () => sent() >= RECIPIENTS / 5, 90_000);
        const stopAt = Date.now();
        a.kill('SIGTERM');
        expect(await a.exited).toBe(0);
        const stopMs = Date.now() - stopAt;
        expect(a.output.join('')).toContain('SIGTERM received');

        // B finishes alone, well within the 5-minute reconcile delay: A left nothing "sending".
        await waitUntil('every recipient', () => new Set(provider!.log.filter((m) => m.text === TEXT).map((m) => m.to)).size >= RECIPIENTS, 120_000);
        await new Promise((r) => setTimeout(r, 500));
        expect(provider.duplicates).toEqual([]);
        expect(sent()).toBe(RECIPIENTS);
        const statuses = await all<{ status: string; n: number }>(db, `SELECT status, COUNT(*) AS n FROM messages WHERE broadcast_id IS NOT NULL GROUP BY status`);
        expect(statuses.map((r) => ({ ...r, n: Number(r.n) }))).toEqual([{ status: 'wired', n: RECIPIENTS }]);

        web.kill('SIGTERM');
        b.kill('SIGTERM');
        expect(await web.exited).toBe(0);
        expect(await b.exited).toBe(0);
        console.log(`web + workers: worker A stopped in ${stopMs} ms with ${sent()} of ${RECIPIENTS} sent at the end`);
      } finally {
        await dispose();
      }
    }, 300_000);
  });
}
