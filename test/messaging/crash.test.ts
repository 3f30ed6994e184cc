/**
 * Crash safety with the real server as a child process (`node --import tsx server/main.ts`, temp DATA_DIR, free
 * port): a broadcast to 3,000 contacts goes out through a loopback channel to a provider stub in this
 * process, while inbound webhooks (some starting a keyword flow that replies) arrive concurrently.
 * The child is SIGKILLed mid-way and restarted. Then:
 *   - every inbound message acknowledged with 2xx is in the database exactly once (provider retries included);
 *   - every recipient got the broadcast;
 *   - no message the provider accepted was sent twice.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/db/open.js';
import { createBroadcast } from '../../server/messaging/broadcasts.js';
import { all } from '../../server/messaging/sql.js';
import { startProviderStub, type ProviderStub } from './provider-stub.js';
import { twoQuestionFlow } from './flows.js';
import { phoneOf, seedContacts, seedFlow, seedGroup, seedLoopbackChannel, seedTrigger, seedWorkspace } from './seed.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const RECIPIENTS = 3000;
const BROADCAST_TEXT = 'Cholera alert: report suspected cases today';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

interface Child {
  proc: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

function startChild(dataDir: string, port: number): Child {
  const output: string[] = [];
  // `node --import tsx` runs tsx in this one process (the tsx CLI would fork a grandchild that SIGKILL misses).
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', FHIR_DEV_SERVER: '0', WORKERS: '1', ADMIN_PASSWORD: 'crash-test-password-123' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  proc.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, output, exited };
}

async function waitReady(base: string, child: Child, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.proc.exitCode !== null) throw new Error(`server exited early:\n${child.output.join('')}`);
    try {
      const res = await fetch(`${base}/api/health`);
      if (res.ok && child.output.join('').includes('Messaging workers started')) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server not ready after ${timeoutMs} ms:\n${child.output.join('')}`);
}

let provider: ProviderStub | undefined;
let children: Child[] = [];
let dataDir: string | undefined;

afterAll(async () => {
  for (const c of children) if (c.proc.exitCode === null) c.proc.kill('SIGKILL');
  await provider?.close();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('crash safety', () => {
  it('loses no acknowledged inbound message and sends nothing twice across a SIGKILL', async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiunga-crash-'));
    provider = await startProviderStub();
    provider.setDelay(5); // slow enough that the kill lands mid-broadcast

    // Seed before the first start: workspace, channel, keyword flow, 3,000 contacts, a pending broadcast.
    const db = await openDatabase({ file: path.join(dataDir, 'kiunga.sqlite') });
    const ws = await seedWorkspace(db);
    const channel = await seedLoopbackChannel(db, ws, `${provider.url}/send`);
    const flowId = await seedFlow(db, ws, twoQuestionFlow({ initialWait: true }));
    await seedTrigger(db, ws, 'join', flowId);
    const { groupId, groupUuid } = await seedGroup(db, ws, 'Health workers');
    await seedContacts(db, ws, RECIPIENTS, { groupId });
    await createBroadcast(db, { workspaceId: ws, translations: { eng: { text: BROADCAST_TEXT } }, baseLanguage: 'eng', targets: { groups: [groupUuid] } });
    await db.destroy();

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const acked = new Set<string>();
    const unacked = new Set<string>();
    let seq = 0;
    const postInbound = async (id: string): Promise<void> => {
      const n = Number(id.split('-')[1]);
      const text = n % 4 === 0 ? 'join' : `report ${n}`;
      try {
        const res = await fetch(`${base}/webhooks/loopback/${channel.uuid}`, {
          method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ id, from: `tel:${phoneOf(n % RECIPIENTS)}`, text }),
        });
        if (res.status >= 200 && res.status < 300) {
          acked.add(id);
          unacked.delete(id);
        } else unacked.add(id);
      } catch {
        unacked.add(id);
      }
    };
    // First life: killed once a third of the broadcast went out.
    children.push(startChild(dataDir, port));
    await waitReady(base, children[0]!);
    // The provider keeps delivering inbound messages, backing off while the server is down.
    let feeding = true;
    const feeder = (async () => {
      while (feeding) {
        const before = unacked.size;
        await Promise.all(Array.from({ length: 8 }, () => postInbound(`in-${seq++}`)));
        await new Promise((r) => setTimeout(r, unacked.size > before ? 200 : 5));
      }
    })();
    await provider.waitFor(RECIPIENTS / 3, 60_000);
    children[0]!.proc.kill('SIGKILL');
    await children[0]!.exited;
    const acceptedAtKill = provider.accepted.size;
    expect(acceptedAtKill).toBeLessThan(RECIPIENTS);

    // Second life: finishes the work; the provider retries every webhook it had no 2xx for, and a few it had.
    children.push(startChild(dataDir, port));
    await waitReady(base, children[1]!);
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      const sentBroadcast = provider.log.filter((m) => m.text === BROADCAST_TEXT).length;
      if (sentBroadcast >= RECIPIENTS && seq > 400) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    feeding = false;
    await feeder;
    const retries = [...unacked, ...[...acked].slice(0, 50)]; // the unacknowledged ones, and some acknowledged ones again
    await Promise.all(Array.from({ length: 16 }, async () => {
      for (let id = retries.shift(); id !== undefined; id = retries.shift()) await postInbound(id);
    }));
    expect(unacked.size).toBe(0);
    // Let the replies to the last keyword messages go out, then stop cleanly.
    await new Promise((r) => setTimeout(r, 1500));
    children[1]!.proc.kill('SIGTERM');
    expect(await children[1]!.exited).toBe(0);

    const check = await openDatabase({ file: path.join(dataDir, 'kiunga.sqlite') });
    try {
      const inbound = await all<{ external_id: string; n: number }>(check, `SELECT external_id, COUNT(*) AS n FROM messages WHERE direction = 'in' GROUP BY external_id`);
      const counts = new Map(inbound.map((r) => [r.external_id, r.n]));
      const missing = [...acked].filter((id) => counts.get(id) !== 1);
      expect(missing).toEqual([]);
      expect(await all(check, `SELECT id FROM messages WHERE direction = 'in' AND status = 'pending'`)).toEqual([]);

      const recipients = new Set(provider.log.filter((m) => m.text === BROADCAST_TEXT).map((m) => m.to));
      expect(recipients.size).toBe(RECIPIENTS);
      expect(provider.duplicates).toEqual([]);
      const stuck = await all<{ status: string; n: number }>(check, `SELECT status, COUNT(*) AS n FROM messages WHERE broadcast_id IS NOT NULL GROUP BY status`);
      expect(stuck).toEqual([{ status: 'wired', n: RECIPIENTS }]);
      // The keyword flows replied to each "join" exactly once per session.
      const replies = provider.log.filter((m) => m.text === 'What is your name?').length;
      const sessions = await all<{ n: number }>(check, `SELECT COUNT(*) AS n FROM sessions WHERE simulated = 0`);
      expect(replies).toBeGreaterThan(0);
      expect(replies).toBeLessThanOrEqual(sessions[0]!.n);
      console.log(`crash test: ${acked.size} inbound acknowledged, ${acceptedAtKill} sends before the kill, ${provider.accepted.size} sends in all, ${replies} flow replies`);
    } finally {
      await check.destroy();
    }
  }, 180_000);
});
