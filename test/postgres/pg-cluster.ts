/**
 * A throwaway PostgreSQL server for tests: `initdb` into a temp dir, `pg_ctl start` on 127.0.0.1 and a free
 * port, one fresh database per test env, `pg_ctl stop` and the dir removed at the end. Uses Debian's binaries
 * (/usr/lib/postgresql/<version>/bin, installed by scripts/install-test-deps.sh) or $KIUNGA_PG_BIN.
 * PostgreSQL refuses to run as root, so under root the server runs as the `postgres` system user.
 *
 * Example:
 *   const bin = findPostgresBin();            // null → skip the suite
 *   const cluster = await startTestCluster(bin!);
 *   const url = await cluster.createDatabase(); // postgres://kiunga:…@127.0.0.1:<port>/kiunga_test_1
 *   await cluster.stop();
 */
import { execFile, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const SUPERUSER = 'kiunga';
const REQUIRED = ['initdb', 'pg_ctl', 'postgres'];

/** Why the PostgreSQL suites skip when `findPostgresBin()` is null. */
export const NO_POSTGRES_MESSAGE =
  'PostgreSQL binaries not found (looked in $KIUNGA_PG_BIN, else /usr/lib/postgresql/*/bin): PostgreSQL tests skipped. ' +
  'Install them with `bash scripts/install-test-deps.sh` (Debian package "postgresql").';

/** The bin dir of the newest installed PostgreSQL that has initdb, pg_ctl and postgres, or null. */
export function findPostgresBin(): string | null {
  const candidates: string[] = [];
  // KIUNGA_PG_BIN, when set, is the only place looked at (KIUNGA_PG_BIN=none shows the skip).
  if (process.env.KIUNGA_PG_BIN) candidates.push(process.env.KIUNGA_PG_BIN);
  const root = '/usr/lib/postgresql';
  if (!process.env.KIUNGA_PG_BIN && fs.existsSync(root)) {
    const versions = fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(root, v, 'bin')));
  }
  return candidates.find((dir) => REQUIRED.every((name) => fs.existsSync(path.join(dir, name)))) ?? null;
}

/** A running throwaway server. */
export interface TestCluster {
  port: number;
  /** The server's major version, e.g. 15. */
  version: number;
  /** Its data directory (postmaster.pid holds the server's pid: the benchmark measures its CPU time). */
  dataDir: string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  /** Drops a database made by createDatabase (closing its connections first). */
  dropDatabase(url: string): Promise<void>;
  /** Connection URL of an existing database on this server. */
  url(database: string): string;
  stop(): Promise<void>;
}

/**
 * Starts a server; rejects with the server log when it does not come up. `durable: true` keeps PostgreSQL's
 * default durability (fsync, synchronous commit: what production runs, and what benchmarks compare);
 * by default it is switched off for fast tests.
 */
export async function startTestCluster(bin: string, options: { durable?: boolean; maxConnections?: number } = {}): Promise<TestCluster> {
  const asRoot = process.getuid?.() === 0;
  // Under root the server runs as `postgres`, which must be able to reach the dir: /tmp is world-traversable,
  // a TMPDIR under /root would not be.
  const dir = fs.mkdtempSync(path.join(asRoot ? '/tmp' : os.tmpdir(), 'kiunga-pg-'));
  const dataDir = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  const password = crypto.randomBytes(18).toString('base64url');
  const pwFile = path.join(dir, 'pwfile');
  fs.writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
  if (asRoot) {
    const owner = systemUser('postgres');
    fs.chownSync(dir, owner.uid, owner.gid);
    fs.chownSync(pwFile, owner.uid, owner.gid);
  }
  // Under root, every server-side command runs as `postgres` (runuser, part of util-linux).
  const exec = (name: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, name), ...args]) : run(path.join(bin, name), args);

  let started = false;
  const stopNow = () => {
    if (!started) return;
    started = false;
    const cmd = asRoot ? 'runuser' : path.join(bin, 'pg_ctl');
    const args = ['-D', dataDir, 'stop', '-m', 'immediate', '-w'];
    spawnSync(cmd, asRoot ? ['-u', 'postgres', '--', path.join(bin, 'pg_ctl'), ...args] : args, { stdio: 'ignore' });
  };
  // A crashed test run must not leave a server behind.
  process.once('exit', stopNow);

  try {
    // --no-locale: byte-order text comparison, the same as SQLite's (and what docs/deployment.md recommends).
    await exec('initdb', ['-D', dataDir, '-U', SUPERUSER, `--pwfile=${pwFile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--no-locale', '--no-sync']);
    const port = await freePort();
    // Settings for a disposable test server: local TCP only, no Unix socket, durability off for speed.
    fs.appendFileSync(path.join(dataDir, 'postgresql.conf'), [
      '', '# kiunga test cluster',
      "listen_addresses = '127.0.0.1'", `port = ${port}`, "unix_socket_directories = ''",
      ...(options.durable ? [] : ['fsync = off', 'synchronous_commit = off', 'full_page_writes = off']), `max_connections = ${options.maxConnections ?? 100}`,
      '',
    ].join('\n'));
    await exec('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '60', 'start']);
    started = true;
    const url = (database: string) => `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
    const admin = async <T>(fn: (client: pg.Client) => Promise<T>): Promise<T> => {
      const client = new pg.Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        return await fn(client);
      } finally {
        await client.end();
      }
    };
    const versionNum = await admin(async (c) => (await c.query<{ v: string }>("SELECT current_setting('server_version_num') AS v")).rows[0]!.v);
    const version = Math.floor(Number(versionNum) / 10000);
    let counter = 0;
    return {
      port,
      version,
      dataDir,
      url,
      async createDatabase(name = `kiunga_test_${++counter}`) {
        if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name "${name}": use lower-case letters, digits and _`);
        await admin((c) => c.query(`CREATE DATABASE ${name}`));
        return url(name);
      },
      async dropDatabase(databaseUrl) {
        const name = new URL(databaseUrl).pathname.slice(1);
        await admin((c) => c.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`));
      },
      async stop() {
        if (started) {
          started = false;
          process.removeListener('exit', stopNow);
          await exec('pg_ctl', ['-D', dataDir, 'stop', '-m', 'fast', '-w']);
        }
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-2000) : '(no server log)';
    stopNow();
    process.removeListener('exit', stopNow);
    fs.rmSync(dir, { recursive: true, force: true });
    const detail = (error as { stderr?: string }).stderr || (error as Error).message;
    throw new Error(`Could not start a test PostgreSQL from ${bin}: ${detail}\n--- server log ---\n${log}`);
  }
}

function systemUser(name: string): { uid: number; gid: number } {
  const line = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${name}:`));
  if (!line) throw new Error(`Running as root, but there is no "${name}" system user to run PostgreSQL as (the Debian package creates it)`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
