/**
 * Real Kiunga processes for the PostgreSQL scale tests and the scale benchmark: `node --import tsx
 * server/main.ts` with `DATABASE_URL`, a role (`KIUNGA_ROLE`), its own port and data dir. `node --import tsx`
 * keeps tsx in the one process, so SIGKILL reaches the server itself (the tsx CLI would fork a grandchild).
 *
 * Example:
 *   const worker = startKiungaProcess({ databaseUrl: url, role: 'worker', port: await freePort() });
 *   await worker.ready();   // /api/health answers and the workers started
 *   worker.kill('SIGKILL'); await worker.exited;
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

/** A running child server. */
export interface KiungaProcess {
  name: string;
  port: number;
  url: string;
  proc: ChildProcess;
  /** Everything it printed (stdout and stderr). */
  output: string[];
  exited: Promise<number | null>;
  /** Resolves when /api/health answers and the start-up log says the workers (or webhooks) are up. */
  ready(timeoutMs?: number): Promise<void>;
  kill(signal: NodeJS.Signals): void;
  pid(): number | undefined;
  /** Removes its data dir if the harness made it (after it exited). */
  cleanup(): void;
}

/** Options of a child. Example: `{ databaseUrl, role: 'worker', port: 41234, env: { KIUNGA_RECONCILE_AFTER_S: '8' } }`. */
export interface KiungaProcessOptions {
  /** PostgreSQL URL; absent: the SQLite file kiunga.sqlite in `dataDir` (role must then be 'all'). */
  databaseUrl?: string;
  /** Data dir (default: a new temp dir, removed by cleanup()). */
  dataDir?: string;
  role: 'all' | 'web' | 'worker';
  port: number;
  name?: string;
  env?: Record<string, string>;
}

export function startKiungaProcess(options: KiungaProcessOptions): KiungaProcess {
  const ownDir = !options.dataDir;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kiunga-proc-'));
  const output: string[] = [];
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl ?? '', DATABASE_POOL_MAX: '6', KIUNGA_ROLE: options.role, DATA_DIR: dataDir,
      PORT: String(options.port), HOST: '127.0.0.1', FHIR_DEV_SERVER: '0', WORKERS: '1', ADMIN_PASSWORD: 'scale-test-password-123',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  proc.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${options.port}`;
  const name = options.name ?? `${options.role}:${options.port}`;
  return {
    name, port: options.port, url, proc, output, exited,
    async ready(timeoutMs = 90_000) {
      const deadline = Date.now() + timeoutMs;
      const marker = options.role === 'web' ? 'Messaging webhooks mounted' : 'Messaging workers started';
      while (Date.now() < deadline) {
        if (proc.exitCode !== null) throw new Error(`${name} exited early (${proc.exitCode}):\n${output.join('')}`);
        try {
          const res = await fetch(`${url}/api/health`);
          if (res.ok && output.join('').includes(marker)) return;
        } catch {
          // not listening yet
        }
        await new Promise((r) => setTimeout(r, 150));
      }
      throw new Error(`${name} not ready after ${timeoutMs} ms:\n${output.join('')}`);
    },
    pid: () => proc.pid,
    kill(signal) {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
    },
    cleanup() {
      if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/** Reads one sample of a Prometheus text answer. Example: `metricValue(text, 'kiunga_bulk_batches_total')` → 4. */
export function metricValue(text: string, name: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : null;
}
