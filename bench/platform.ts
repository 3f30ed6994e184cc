/**
 * Platform benchmark (`npm run bench -- platform`): prints one JSON line per figure on stdout (see
 * /work/shared/BENCH.md); progress goes to stderr.
 *
 *   broadcast_100k_vs_raw_sqlite   API call → every outbox row durable, vs raw better-sqlite3 inserting the
 *                                  same rows in batched transactions (ratio, target ≤ 3)
 *   inbound_resume_vs_raw_http     inbound messages/s through the loopback webhook, each resuming a waiting
 *                                  two-question session, vs a minimal node:http handler doing one SQLite
 *                                  insert per request (ratio, target ≥ 0.25)
 *   peak_rss_100k_sessions         peak RSS of the server process with 100,000 contacts and 100,000 waiting
 *                                  sessions, while it broadcasts to all of them and resumes sessions (MB, ≤ 1024)
 *
 * Both sides of a ratio use the same database settings (WAL, synchronous=FULL) on the same disk, and
 * are measured alternately; the median of the repetitions is reported.
 * Environment: BENCH_CONTACTS (default 100000), BENCH_INBOUND (2000), BENCH_REPEAT (3).
 *
 * Example: `npx tsx bench/platform.ts` → `{"suite":"platform","name":"broadcast_100k_vs_raw_sqlite","value":1.8,…}`
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { openDatabase } from '../server/db/open.js';
import { appRouter } from '../server/api/router.js';
import { createApiContext, type ServerServices } from '../server/api/context.js';
import type { RequestAuth } from '../server/auth/request-auth.js';
import { FlowEvents } from '../server/flows/flow-events.js';
import { BulkLoop } from '../server/jobs/bulk-loop.js';
import { MessagingRuntime, setRuntimeFor } from '../server/messaging/runtime.js';
import { applySprint } from '../server/messaging/apply-sprint.js';
import { getContactRow } from '../server/messaging/contact-json.js';
import { all, first, run } from '../server/messaging/sql.js';
import { countSegments } from '../server/messaging/segments.js';
import { startProviderStub } from '../test/messaging/provider-stub.js';
import { twoQuestionFlow } from '../test/messaging/flows.js';
import { phoneOf, seedContacts, seedFlow, seedGroup, seedLoopbackChannel, seedWorkspace } from '../test/messaging/seed.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 100_000);
const INBOUND = Number(process.env.BENCH_INBOUND ?? 2000);
const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);

function log(text: string): void {
  process.stderr.write(`[platform] ${text}\n`);
}

function emit(figure: { name: string; value: number; unit: string; target: string; ok: boolean; detail: Record<string, unknown> }): void {
  process.stdout.write(`${JSON.stringify({ suite: 'platform', ...figure })}\n`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kiunga-bench-'));
}

/** Copies a closed SQLite database file (no WAL left behind after a clean close). */
function copyDb(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
}

function rawSqlite(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  return db;
}

/** A database with a workspace, a loopback channel and `contacts` contacts in one group. */
async function seedTemplate(file: string, contacts: number, sendUrl: string): Promise<{ workspaceId: string; groupUuid: string; channel: { id: string; uuid: string }; flowId: string }> {
  const db = await openDatabase({ file });
  const workspaceId = await seedWorkspace(db);
  const channel = await seedLoopbackChannel(db, workspaceId, sendUrl);
  const flowId = await seedFlow(db, workspaceId, twoQuestionFlow());
  const { groupId, groupUuid } = await seedGroup(db, workspaceId, 'Health workers');
  await seedContacts(db, workspaceId, contacts, { groupId });
  await db.destroy();
  return { workspaceId, groupUuid, channel, flowId };
}

// ---------------------------------------------------------------------------------------------- (a)

async function kiungaBroadcast(file: string, workspaceId: string, groupUuid: string): Promise<number> {
  const db = await openDatabase({ file });
  const rt = new MessagingRuntime({ db });
  setRuntimeFor(db, rt);
  const workspace = await db.selectFrom('workspaces').selectAll().where('id', '=', workspaceId).executeTakeFirstOrThrow();
  const auth: RequestAuth = { kind: 'api_token', user: null, workspace, role: 'editor', loginSessionId: null, apiTokenId: 'bench' };
  const api = appRouter.createCaller(createApiContext({ db, services: { flowEvents: new FlowEvents() } as unknown as ServerServices, auth }));
  const bulk = new BulkLoop(rt, { batchSize: 500 });
  const t0 = performance.now();
  const { id } = await api.messaging.broadcasts.create({ text: 'Cholera alert: report suspected cases today', targets: { groups: [groupUuid] } });
  while ((await bulk.tick()) > 0);
  const seconds = (performance.now() - t0) / 1000;
  const queued = await first<{ n: number }>(db, `SELECT COUNT(*) AS n FROM messages WHERE broadcast_id = ? AND status = 'queued'`, [id]);
  if (queued?.n !== CONTACTS) throw new Error(`broadcast queued ${queued?.n} of ${CONTACTS} messages`);
  await db.destroy();
  return seconds;
}

/** The same 100,000 rows, written by hand: one prepared INSERT per row, 500 rows per transaction. */
function rawBroadcast(file: string, workspaceId: string, channelId: string): number {
  const db = rawSqlite(file);
  const recipients = db.prepare(`SELECT c.id AS contact_id, u.id AS urn_id FROM contacts c JOIN contact_urns u ON u.contact_id = c.id ORDER BY c.id`).all() as { contact_id: string; urn_id: string }[];
  const text = 'Cholera alert: report suspected cases today';
  const broadcastId = uuidv7();
  const now = new Date().toISOString();
  db.prepare(`INSERT INTO broadcasts (id, workspace_id, translations, base_language, targets, status, schedule_id, totals, created_by, created_at, updated_at) VALUES (?, ?, '{}', 'eng', '{}', 'queued', NULL, '{}', NULL, ?, ?)`).run(broadcastId, workspaceId, now, now);
  const insert = db.prepare(`INSERT INTO messages (id, workspace_id, uuid, contact_id, contact_urn_id, channel_id, direction, text, attachments, quick_replies, status, broadcast_id, priority, segments, attempts, next_attempt_at, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, 'out', ?, '[]', '[]', 'queued', ?, 0, ?, 0, ?, ?, ?)`);
  const batch = db.transaction((rows: { contact_id: string; urn_id: string }[]) => {
    for (const r of rows) insert.run(uuidv7(), workspaceId, uuidv7(), r.contact_id, r.urn_id, channelId, text, broadcastId, countSegments(text), now, now, now);
  });
  const t0 = performance.now();
  for (let i = 0; i < recipients.length; i += 500) batch(recipients.slice(i, i + 500));
  const seconds = (performance.now() - t0) / 1000;
  db.close();
  return seconds;
}

async function benchBroadcast(): Promise<void> {
  const dir = tempDir();
  try {
    const template = path.join(dir, 'template.sqlite');
    log(`(a) seeding ${CONTACTS} contacts…`);
    const seeded = await seedTemplate(template, CONTACTS, 'http://127.0.0.1:9/send');
    const kiunga: number[] = [];
    const raw: number[] = [];
    for (let rep = 0; rep < REPEAT; rep++) {
      const k = path.join(dir, `k${rep}`, 'db.sqlite');
      copyDb(template, k);
      kiunga.push(await kiungaBroadcast(k, seeded.workspaceId, seeded.groupUuid));
      const r = path.join(dir, `r${rep}`, 'db.sqlite');
      copyDb(template, r);
      raw.push(rawBroadcast(r, seeded.workspaceId, seeded.channel.id));
      log(`(a) rep ${rep + 1}: kiunga ${kiunga[rep]!.toFixed(2)} s, raw ${raw[rep]!.toFixed(2)} s`);
      fs.rmSync(path.dirname(k), { recursive: true, force: true });
      fs.rmSync(path.dirname(r), { recursive: true, force: true });
    }
    const ratios = kiunga.map((k, i) => k / raw[i]!);
    const value = round(median(ratios));
    emit({ name: 'broadcast_100k_vs_raw_sqlite', value, unit: 'ratio', target: '<=3', ok: value <= 3, detail: { kiunga_s: round(median(kiunga)), raw_sqlite_s: round(median(raw)), contacts: CONTACTS, repeats: REPEAT, batch: 500 } });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------- (b)

/** POSTs `bodies` to `url` with `concurrency` clients; returns the seconds until all were answered 2xx. */
async function drive(url: string, bodies: unknown[], concurrency: number): Promise<number> {
  let next = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const post = (body: unknown) =>
    new Promise<void>((resolve, reject) => {
      const data = JSON.stringify(body);
      const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } }, (res) => {
        res.resume();
        res.on('end', () => (res.statusCode && res.statusCode < 300 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`))));
      });
      req.on('error', reject);
      req.end(data);
    });
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < bodies.length) await post(bodies[next++]);
    }),
  );
  agent.destroy();
  return (performance.now() - t0) / 1000;
}

/** Minimal baseline: node:http + one INSERT per request, same pragmas. */
async function rawInbound(dir: string, bodies: { id: string; from: string; text: string }[], concurrency: number): Promise<number> {
  const db = rawSqlite(path.join(dir, 'raw-inbound.sqlite'));
  db.exec('CREATE TABLE IF NOT EXISTS inbound (id INTEGER PRIMARY KEY, external_id TEXT UNIQUE, urn TEXT, text TEXT, received_at TEXT)');
  const insert = db.prepare('INSERT INTO inbound (external_id, urn, text, received_at) VALUES (?, ?, ?, ?)');
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string; from: string; text: string };
      insert.run(body.id, body.from, body.text, new Date().toISOString());
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const seconds = await drive(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, bodies, concurrency);
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  db.close();
  return seconds;
}

/** Puts every contact of the database in a waiting session of the two-question flow, engine-made. */
async function startWaitingSessions(file: string, workspaceId: string, flowId: string, count: number): Promise<void> {
  const db = await openDatabase({ file });
  const rt = new MessagingRuntime({ db });
  const flow = await first<{ uuid: string }>(db, 'SELECT uuid FROM flows WHERE id = ?', [flowId]);
  const contacts = await all<{ id: string }>(db, 'SELECT id FROM contacts ORDER BY id LIMIT ?', [count]);
  // One engine run gives the session shape; each contact gets its own copy (uuids and contact swapped).
  const sample = await rt.startSprint({ contact: (await getContactRow(db, contacts[0]!.id))!, flowUuid: flow!.uuid, trigger: { type: 'manual' } });
  const template = JSON.stringify(sample.sprint);
  const now = new Date().toISOString();
  for (let i = 0; i < contacts.length; i += 500) {
    const slice = contacts.slice(i, i + 500);
    const rows = await Promise.all(slice.map((c) => getContactRow(db, c.id)));
    await rt.commits.submit(async (trx) => {
      for (const contact of rows) {
        const sprint = JSON.parse(template.replaceAll(sample.contact.uuid, contact!.uuid).replaceAll((sample.sprint.session as { uuid: string }).uuid, uuidv7()).replaceAll(
          ((sample.sprint.session.runs as { uuid: string }[])[0]!).uuid, uuidv7())) as typeof sample.sprint;
        sprint.session.contact = { ...sprint.session.contact, uuid: contact!.uuid, name: contact!.name ?? undefined, urns: [`tel:${phoneOf(Number(contact!.name!.split(' ')[1]))}`] };
        await applySprint(trx, { workspaceId, contact: contact!, assets: sample.assets, sprint, priority: 0, now });
      }
      // The questions count as sent: the provider of this benchmark only receives the replies to answers.
      await run(trx, `UPDATE messages SET status = 'wired', sent_at = ? WHERE status = 'queued'`, [now]);
    });
  }
  await db.destroy();
}

/** Starts `server/main.ts` on a free port (retrying if another process grabs it first) and waits until it serves. */
async function startServerChild(dataDir: string): Promise<{ pid: number; port: number; stop(): Promise<void>; output: string[] }> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      return await startServerOnce(dataDir, port);
    } catch (err) {
      lastError = err;
      log(`server start failed on port ${port} (${String(err).split('\n')[0]}), retrying`);
    }
  }
  throw lastError;
}

async function startServerOnce(dataDir: string, port: number): Promise<{ pid: number; port: number; stop(): Promise<void>; output: string[] }> {
  const output: string[] = [];
  const child = spawn(process.execPath, [...(process.env.BENCH_CHILD_NODE_FLAGS ?? '').split(' ').filter(Boolean), '--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', FHIR_DEV_SERVER: '0', WORKERS: '1', ADMIN_PASSWORD: 'bench-password-12345' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${output.join('')}`);
    if (output.join('').includes('Messaging workers started')) {
      const healthy = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
      if (healthy) break;
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready:\n${output.join('')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    pid: child.pid!,
    port,
    output,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function freePort(): Promise<number> {
  const srv = http.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

async function kiungaInbound(dir: string, template: string, seeded: { workspaceId: string; flowId: string; channel: { uuid: string } }, bodies: { id: string; from: string; text: string }[], concurrency: number) {
  const dataDir = path.join(dir, `k-${uuidv7()}`);
  copyDb(template, path.join(dataDir, 'kiunga.sqlite'));
  const server = await startServerChild(dataDir);
  const url = `http://127.0.0.1:${server.port}/webhooks/loopback/${seeded.channel.uuid}`;
  const t0 = performance.now();
  await drive(url, bodies, concurrency);
  const acked = (performance.now() - t0) / 1000;
  // Done when every answer resumed its session (the sprint, with its reply, is committed).
  const db = rawSqlite(path.join(dataDir, 'kiunga.sqlite'));
  const pending = db.prepare(`SELECT COUNT(*) AS n FROM messages WHERE direction = 'in' AND status = 'pending'`);
  while ((pending.get() as { n: number }).n > 0) await new Promise((r) => setTimeout(r, 10));
  const seconds = (performance.now() - t0) / 1000;
  const resumed = (db.prepare(`SELECT COUNT(*) AS n FROM run_results WHERE key = 'name'`).get() as { n: number }).n;
  db.close();
  await server.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (resumed !== bodies.length) throw new Error(`only ${resumed} of ${bodies.length} sessions were resumed`);
  return { seconds, acked };
}

async function benchInbound(): Promise<void> {
  const dir = tempDir();
  const provider = await startProviderStub();
  try {
    const template = path.join(dir, 'template', 'kiunga.sqlite');
    log(`(b) seeding ${INBOUND} contacts with waiting sessions…`);
    const seeded = await seedTemplate(template, INBOUND, `${provider.url}/send`);
    await startWaitingSessions(template, seeded.workspaceId, seeded.flowId, INBOUND);
    const concurrency = 32;
    const kiunga: number[] = [];
    const raw: number[] = [];
    for (let rep = 0; rep < REPEAT; rep++) {
      const bodies = Array.from({ length: INBOUND }, (_, i) => ({ id: `b-${rep}-${i}`, from: `tel:${phoneOf(i)}`, text: `Name ${i}` }));
      const k = await kiungaInbound(dir, template, seeded, bodies, concurrency);
      kiunga.push(INBOUND / k.seconds);
      const rdir = path.join(dir, `r${rep}`);
      fs.mkdirSync(rdir);
      raw.push(INBOUND / (await rawInbound(rdir, bodies, concurrency)));
      log(`(b) rep ${rep + 1}: kiunga ${kiunga[rep]!.toFixed(0)}/s (acked in ${k.acked.toFixed(2)} s, resumed in ${k.seconds.toFixed(2)} s), raw ${raw[rep]!.toFixed(0)}/s`);
    }
    const value = round(median(kiunga.map((k, i) => k / raw[i]!)));
    emit({ name: 'inbound_resume_vs_raw_http', value, unit: 'ratio', target: '>=0.25', ok: value >= 0.25, detail: { kiunga_per_s: round(median(kiunga), 0), raw_http_sqlite_per_s: round(median(raw), 0), messages: INBOUND, concurrency, repeats: REPEAT } });
  } finally {
    await provider.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------- (c)

function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmHWM:\s+(\d+) kB/.exec(status);
  return m ? Number(m[1]) / 1024 : NaN;
}

async function benchRss(): Promise<void> {
  const dir = tempDir();
  const provider = await startProviderStub();
  try {
    const dataDir = path.join(dir, 'data');
    const file = path.join(dataDir, 'kiunga.sqlite');
    log(`(c) seeding ${CONTACTS} contacts and waiting sessions…`);
    const seeded = await seedTemplate(file, CONTACTS, `${provider.url}/send`);
    await startWaitingSessions(file, seeded.workspaceId, seeded.flowId, CONTACTS);
    const server = await startServerChild(dataDir);
    const port = server.port;
    const startRss = peakRssMb(server.pid);
    // Load: a broadcast to every contact, and 2,000 answers resuming sessions, at the same time.
    const db = await openDatabase({ file, migrate: false });
    const { createBroadcast } = await import('../server/messaging/broadcasts.js');
    await createBroadcast(db, { workspaceId: seeded.workspaceId, translations: { eng: { text: 'Stock count due Friday' } }, baseLanguage: 'eng', targets: { groups: [seeded.groupUuid] } });
    const answers = Array.from({ length: Math.min(2000, CONTACTS) }, (_, i) => ({ id: `c-${i}`, from: `tel:${phoneOf(i)}`, text: `Name ${i}` }));
    await drive(`http://127.0.0.1:${port}/webhooks/loopback/${seeded.channel.uuid}`, answers, 16);
    let peak = peakRssMb(server.pid);
    const deadline = Date.now() + 600_000;
    while (Date.now() < deadline) {
      peak = Math.max(peak, peakRssMb(server.pid));
      const left = await first<{ n: number }>(db, `SELECT COUNT(*) AS n FROM messages WHERE status IN ('queued', 'sending', 'pending') OR (direction = 'out' AND status = 'errored')`);
      const b = await first<{ status: string }>(db, `SELECT status FROM broadcasts LIMIT 1`);
      if (left?.n === 0 && b?.status !== 'pending' && b?.status !== 'sending') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    peak = Math.max(peak, peakRssMb(server.pid));
    const sent = provider.accepted.size;
    await db.destroy();
    await server.stop();
    const value = round(peak, 0);
    emit({ name: 'peak_rss_100k_sessions', value, unit: 'MB', target: '<=1024', ok: value <= 1024, detail: { contacts: CONTACTS, waiting_sessions: CONTACTS, idle_rss_mb: round(startRss, 0), messages_sent: sent, answers: answers.length } });
  } finally {
    await provider.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export default async function main(args: string[] = process.argv.slice(2)): Promise<void> {
  const only = args.filter((a) => !a.startsWith('-'));
  const want = (key: string) => only.length === 0 || only.includes(key);
  if (want('broadcast')) await benchBroadcast();
  if (want('inbound')) await benchInbound();
  if (want('rss')) await benchRss();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}

