/**
 * Scale benchmark (`npm run bench -- scale [--contacts N] [--workers 1,2,4] [--no-sqlite] [--no-postgres]`):
 * a broadcast to N contacts (default 100,000) from "create" to "every message accepted by the provider",
 * with 1, 2 and 4 worker processes (KIUNGA_ROLE=worker, real child processes) on one PostgreSQL, and the
 * same on SQLite (one KIUNGA_ROLE=all process: a SQLite file belongs to one process, so 2 and 4 do not
 * apply), in one run. One JSON line per figure on stdout (/work/shared/BENCH.md); progress on stderr.
 *
 *   broadcast_postgres_<w>w_per_s   messages/s with w worker processes (detail: write/send split, CPU seconds
 *                                   per component and the bottleneck)
 *   broadcast_sqlite_1p_per_s       the same with the single SQLite process
 *   postgres_<w>w_vs_1w             scale-out ratio (w workers vs 1)
 *   postgres_1w_vs_sqlite           one PostgreSQL worker vs the SQLite process
 *
 * PostgreSQL: a throwaway server from Debian's packages (test/postgres/pg-cluster.ts) with production
 * durability (fsync and synchronous commit on; SQLite runs synchronous=FULL), or BENCH_DATABASE_URL's server
 * (a fresh database is created on it per run... only with the throwaway server; with BENCH_DATABASE_URL the
 * database is emptied of contacts and messages first). The provider is the loopback stub in this process
 * (no delay), so what is measured is Kiunga + its database. "Bottleneck" = the component that used the most
 * CPU seconds, and how many of the machine's cores were busy in all (os.cpus().length).
 *
 * Example: `npm run bench -- scale --contacts 5000` → `{"suite":"scale","name":"broadcast_postgres_2w_per_s","value":2150,…}`
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../server/db/schema.js';
import { openDatabase } from '../server/db/open.js';
import { createBroadcast } from '../server/messaging/broadcasts.js';
import { first } from '../server/messaging/sql.js';
import { startProviderStub, type ProviderStub } from '../test/messaging/provider-stub.js';
import { seedContacts, seedGroup, seedLoopbackChannel, seedWorkspace } from '../test/messaging/seed.js';
import { findPostgresBin, startTestCluster, type TestCluster } from '../test/postgres/pg-cluster.js';
import { freePort, startKiungaProcess, type KiungaProcess } from '../test/postgres/process-harness.js';

const TEXT = 'National immunisation week: report stock levels by Friday';
const CLOCK_TICKS = 100; // USER_HZ on Linux: /proc/<pid>/stat times are in 1/100 s

interface Options {
  contacts: number;
  workers: number[];
  sqlite: boolean;
  postgres: boolean;
}

/** Parses the command line. Example: `parseArgs(['--contacts', '5000'])` → `{ contacts: 5000, workers: [1, 2, 4], … }`. */
export function parseArgs(args: string[]): Options {
  const options: Options = { contacts: 100_000, workers: [1, 2, 4], sqlite: true, postgres: true };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--contacts') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1 || n > 10_000_000) throw new Error(`--contacts must be a whole number from 1 to 10000000 (got "${args[i]}")`);
      options.contacts = n;
    } else if (arg === '--workers') {
      const list = value().split(',').map((w) => Number(w.trim()));
      if (list.length === 0 || list.some((w) => !Number.isInteger(w) || w < 1 || w > 64)) throw new Error(`--workers must be a comma-separated list of counts from 1 to 64 (got "${args[i]}")`);
      options.workers = list;
    } else if (arg === '--no-sqlite') options.sqlite = false;
    else if (arg === '--no-postgres') options.postgres = false;
    else throw new Error(`unknown option "${arg}" (use --contacts N, --workers 1,2,4, --no-sqlite, --no-postgres)`);
  }
  return options;
}

function log(text: string): void {
  process.stderr.write(`[scale] ${text}\n`);
}

function emit(figure: { name: string; value: number; unit: string; target: string; ok: boolean; detail: Record<string, unknown> }): void {
  process.stdout.write(`${JSON.stringify({ suite: 'scale', ...figure })}\n`);
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** CPU seconds (user + system) a process used so far, or 0 when it is gone. */
function cpuSeconds(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime, stime
  } catch {
    return 0;
  }
}

/** CPU seconds of a PostgreSQL server: the postmaster and every backend it forked (live ones; a run keeps its connections). */
function postgresCpuSeconds(cluster: TestCluster | null): number {
  if (!cluster) return 0;
  const postmaster = Number(fs.readFileSync(path.join(cluster.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  let total = cpuSeconds(postmaster);
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === postmaster) total += cpuSeconds(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

interface RunResult {
  engine: 'postgres' | 'sqlite';
  workers: number;
  totalS: number;
  writeS: number;
  perS: number;
  cpu: Record<string, number>;
  bottleneck: string;
  /** PostgreSQL only: transactions committed during the run, and messages per commit. */
  commits?: number;
  /** Load average of the machine during the run (others share it). */
  load: number;
}

/** Transactions committed in the current database so far (PostgreSQL). */
async function commitCount(db: Kysely<Database>): Promise<number> {
  const row = await first<{ n: string | number }>(db, 'SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()');
  return Number(row?.n ?? 0);
}

/** One measured broadcast: start the processes, create the broadcast, wait until the provider has every message. */
async function measure(input: {
  engine: 'postgres' | 'sqlite';
  workers: number;
  contacts: number;
  db: Kysely<Database>;
  workspaceId: string;
  groupUuid: string;
  provider: ProviderStub;
  start: (port: number, i: number) => KiungaProcess;
  cluster: TestCluster | null;
}): Promise<RunResult> {
  const { db, provider } = input;
  const processes: KiungaProcess[] = [];
  try {
    for (let i = 0; i < input.workers; i++) processes.push(input.start(await freePort(), i));
    await Promise.all(processes.map((p) => p.ready(180_000)));
    const acceptedBefore = provider.accepted.size;
    const cpu0 = { workers: processes.reduce((s, p) => s + cpuSeconds(p.pid()), 0), postgres: postgresCpuSeconds(input.cluster), bench: process.cpuUsage() };
    const commits0 = input.engine === 'postgres' ? await commitCount(db) : 0;
    const t0 = performance.now();
    const id = await createBroadcast(db, { workspaceId: input.workspaceId, translations: { eng: { text: TEXT } }, baseLanguage: 'eng', targets: { groups: [input.groupUuid] } });
    let writeS = 0;
    let lastReport = t0;
    for (;;) {
      const done = provider.accepted.size - acceptedBefore;
      if (!writeS) {
        const row = await first<{ status: string }>(db, 'SELECT status FROM broadcasts WHERE id = ?', [id]);
        if (row && row.status !== 'pending' && row.status !== 'sending') writeS = (performance.now() - t0) / 1000;
      }
      if (done >= input.contacts) break;
      if (performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        log(`  ${input.engine} ${input.workers}w: ${done} of ${input.contacts} sent after ${round((lastReport - t0) / 1000, 1)} s`);
      }
      if (performance.now() - t0 > 30 * 60_000) throw new Error(`${input.engine} with ${input.workers} workers: only ${done} of ${input.contacts} sent after 30 minutes`);
      for (const p of processes) if (p.proc.exitCode !== null) throw new Error(`${p.name} exited during the run:\n${p.output.join('').slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
    const totalS = (performance.now() - t0) / 1000;
    // The bench's own polling commits too (one read per 25 ms), a small part of the count.
    const commits = input.engine === 'postgres' ? (await commitCount(db)) - commits0 : undefined;
    const benchCpu = process.cpuUsage(cpu0.bench);
    const cpu = {
      workers_s: round(processes.reduce((s, p) => s + cpuSeconds(p.pid()), 0) - cpu0.workers),
      postgres_s: round(postgresCpuSeconds(input.cluster) - cpu0.postgres),
      provider_stub_and_bench_s: round((benchCpu.user + benchCpu.system) / 1e6),
    };
    const busy = (cpu.workers_s + cpu.postgres_s + cpu.provider_stub_and_bench_s) / totalS;
    const [top] = Object.entries(cpu).sort((a, b) => b[1] - a[1]);
    const cores = os.cpus().length;
    const bottleneck = `${top![0].replace(/_s$/, '')} (${round(top![1] / totalS, 2)} cores); ${round(busy, 2)} of ${cores} cores busy in all${busy > cores * 0.85 ? ': CPU-bound machine' : ''}`;
    const load = os.loadavg()[0]!;
    const shared = load > cores ? ` on a shared machine (load ${round(load, 1)} on ${cores} cores: other work takes the rest)` : '';
    const idle = busy < cores * 0.6;
    const why = idle
      ? `latency-bound (${round(busy, 2)} of ${cores} cores used by this run${shared}): each send's outcome is committed through the process's serial group commit, statement by statement${commits ? `, ${round(input.contacts / commits, 1)} messages per commit` : ''}`
      : `${bottleneck}${shared}`;
    return { engine: input.engine, workers: input.workers, totalS, writeS: writeS || totalS, perS: input.contacts / totalS, cpu, bottleneck: why, commits, load };
  } finally {
    for (const p of processes) p.kill('SIGTERM');
    await Promise.all(processes.map((p) => p.exited));
    for (const p of processes) p.cleanup();
  }
}

async function seed(db: Kysely<Database>, contacts: number, provider: ProviderStub): Promise<{ workspaceId: string; groupUuid: string }> {
  const t0 = performance.now();
  const workspaceId = await seedWorkspace(db);
  await seedLoopbackChannel(db, workspaceId, `${provider.url}/send`);
  const { groupId, groupUuid } = await seedGroup(db, workspaceId, 'Health workers');
  await seedContacts(db, workspaceId, contacts, { groupId });
  log(`  seeded ${contacts} contacts in ${round((performance.now() - t0) / 1000, 1)} s`);
  return { workspaceId, groupUuid };
}

function report(r: RunResult, contacts: number): void {
  const name = r.engine === 'postgres' ? `broadcast_postgres_${r.workers}w_per_s` : 'broadcast_sqlite_1p_per_s';
  log(`${name}: ${round(r.perS, 0)} messages/s (${round(r.totalS, 1)} s; outbox written after ${round(r.writeS, 1)} s); bottleneck ${r.bottleneck}`);
  emit({
    name, value: round(r.perS, 1), unit: 'per_s', target: 'reported (issue #9: throughput and bottleneck)', ok: true,
    detail: {
      contacts, processes: r.workers, total_s: round(r.totalS), outbox_written_s: round(r.writeS), cpu: r.cpu, bottleneck: r.bottleneck,
      ...(r.commits !== undefined ? { commits: r.commits } : {}), cores: os.cpus().length, load_avg_1m: round(r.load),
    },
  });
}

export default async function main(args: string[]): Promise<void> {
  const options = parseArgs(args);
  const provider = await startProviderStub();
  const results: RunResult[] = [];
  try {
    if (options.postgres) {
      const bin = findPostgresBin();
      if (!bin) log('PostgreSQL binaries not found (bash scripts/install-test-deps.sh): PostgreSQL runs skipped');
      else {
        const cluster = await startTestCluster(bin, { durable: true, maxConnections: 200 });
        try {
          for (const workers of options.workers) {
            log(`PostgreSQL ${cluster.version}, ${workers} worker process(es), ${options.contacts} contacts`);
            const url = await cluster.createDatabase();
            const db = await openDatabase({ url, pool: { max: 4 } });
            try {
              const { workspaceId, groupUuid } = await seed(db, options.contacts, provider);
              await sql`VACUUM ANALYZE`.execute(db);
              const result = await measure({
                engine: 'postgres', workers, contacts: options.contacts, db, workspaceId, groupUuid, provider, cluster,
                start: (port, i) => startKiungaProcess({ databaseUrl: url, role: 'worker', port, name: `worker ${i + 1}`, env: { DATABASE_POOL_MAX: '10' } }),
              });
              results.push(result);
              report(result, options.contacts);
            } finally {
              await db.destroy();
              await cluster.dropDatabase(url);
            }
          }
        } finally {
          await cluster.stop();
        }
      }
    }
    if (options.sqlite) {
      log(`SQLite, 1 process, ${options.contacts} contacts`);
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiunga-scale-'));
      try {
        const db = await openDatabase({ file: path.join(dataDir, 'kiunga.sqlite') });
        try {
          const { workspaceId, groupUuid } = await seed(db, options.contacts, provider);
          const result = await measure({
            engine: 'sqlite', workers: 1, contacts: options.contacts, db, workspaceId, groupUuid, provider, cluster: null,
            start: (port) => startKiungaProcess({ role: 'all', port, dataDir, name: 'sqlite process' }),
          });
          results.push(result);
          report(result, options.contacts);
        } finally {
          await db.destroy();
        }
      } finally {
        fs.rmSync(dataDir, { recursive: true, force: true });
      }
    }
  } finally {
    await provider.close();
  }

  const pg1 = results.find((r) => r.engine === 'postgres' && r.workers === 1);
  for (const r of results.filter((x) => x.engine === 'postgres' && x.workers > 1)) {
    if (!pg1) break;
    emit({ name: `postgres_${r.workers}w_vs_1w`, value: round(r.perS / pg1.perS), unit: 'ratio', target: 'reported (scale-out with workers)', ok: true, detail: { per_s_1w: round(pg1.perS, 1), [`per_s_${r.workers}w`]: round(r.perS, 1), cores: os.cpus().length } });
  }
  const lite = results.find((r) => r.engine === 'sqlite');
  if (pg1 && lite) emit({ name: 'postgres_1w_vs_sqlite', value: round(pg1.perS / lite.perS), unit: 'ratio', target: 'reported', ok: true, detail: { postgres_1w_per_s: round(pg1.perS, 1), sqlite_per_s: round(lite.perS, 1) } });
}
