/**
 * Set-up for the messaging tests: a real SQLite file in a temp dir (or PostgreSQL, see
 * useMessagingDatabase), a workspace with a loopback
 * channel pointing at a local provider stub, the real engine, a real HTTP server on 127.0.0.1 that
 * dispatches /webhooks/ to a webhook registry, and a movable clock.
 *
 * Example:
 *   const env = await createMessagingEnv();
 *   const flowId = await seedFlow(env.db, env.workspaceId, twoQuestionFlow());
 *   await env.postInbound({ id: 'ext-1', from: 'tel:+254700000001', text: 'join' });
 *   await env.close();
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Kysely } from 'kysely';
import type { Database } from '../../server/db/schema.js';
import { openDatabase } from '../../server/db/open.js';
import { WebhookRegistry } from '../../server/http/webhooks.js';
import { registerLoopbackWebhooks } from '../../server/channels/loopback/webhook.js';
import { AssetCache } from '../../server/messaging/assets.js';
import { MessagingRuntime, setRuntimeFor } from '../../server/messaging/runtime.js';
import { invalidateWorkspaceSettings } from '../../server/messaging/workspace-settings.js';
import { invalidateChannels } from '../../server/messaging/channels-cache.js';
import { all, first } from '../../server/messaging/sql.js';
import type { TestDatabaseFactory } from '../server/helpers.js';
import { startProviderStub, type ProviderStub } from './provider-stub.js';
import { seedLoopbackChannel, seedWorkspace } from './seed.js';

/** A clock tests move by hand. Example: `clock.advance(60_000)`. */
export class TestClock {
  private offsetMs = 0;
  now = (): Date => new Date(Date.now() + this.offsetMs);
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

const sqliteMessagingDatabase: TestDatabaseFactory = async (dir) => {
  const db = await openDatabase({ file: path.join(dir, 'kiunga.sqlite') });
  return { db, dispose: () => db.destroy() };
};

let messagingDatabase: TestDatabaseFactory = sqliteMessagingDatabase;

/**
 * Makes every later `createMessagingEnv` of this test file use `factory` instead of a SQLite file
 * (test/postgres runs these same suites on PostgreSQL this way).
 */
export function useMessagingDatabase(factory: TestDatabaseFactory): void {
  messagingDatabase = factory;
}

export interface MessagingEnv {
  dir: string;
  db: Kysely<Database>;
  rt: MessagingRuntime;
  clock: TestClock;
  provider: ProviderStub;
  workspaceId: string;
  channel: { id: string; uuid: string };
  baseUrl: string;
  postInbound(body: Record<string, unknown>, channelUuid?: string): Promise<{ status: number; json: Record<string, unknown> }>;
  postJson(pathName: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }>;
  /** Waits until `predicate` holds (polling every 20 ms). */
  until(predicate: () => Promise<boolean> | boolean, timeoutMs?: number, what?: string): Promise<void>;
  messages(where?: string, params?: unknown[]): Promise<{ id: string; uuid: string; direction: string; text: string; status: string; priority: number; contact_id: string; session_id: string | null; attempts: number; next_attempt_at: string | null; error: string | null; sent_at: string | null }[]>;
  count(sqlText: string, params?: unknown[]): Promise<number>;
  close(): Promise<void>;
}

export async function createMessagingEnv(options: { timezone?: string; quietHours?: { start: string; end: string } | null; optOutWords?: unknown } = {}): Promise<MessagingEnv> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiunga-messaging-'));
  const { db, dispose } = await messagingDatabase(dir);
  invalidateWorkspaceSettings();
  invalidateChannels();
  const provider = await startProviderStub();
  const workspaceId = await seedWorkspace(db, options);
  const channel = await seedLoopbackChannel(db, workspaceId, `${provider.url}/send`);
  const clock = new TestClock();
  const rt = new MessagingRuntime({ db, clock: clock.now, assets: new AssetCache(0) });
  setRuntimeFor(db, rt);
  const registry = new WebhookRegistry();
  registerLoopbackWebhooks(registry, rt);

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const match = registry.match(url.pathname);
      if (!match) {
        res.writeHead(404).end();
        return;
      }
      Promise.resolve(
        match.handler({ method: req.method ?? 'GET', path: url.pathname, subPath: url.pathname.slice(match.prefix.length), query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks), ip: '127.0.0.1' }),
      ).then(
        (answer) => {
          res.writeHead(answer.status, { 'content-type': 'application/json', ...(answer.headers ?? {}) });
          res.end(answer.json !== undefined ? JSON.stringify(answer.json) : (answer.body ?? ''));
        },
        (err: unknown) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: String(err) }));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const postJson = async (pathName: string, body: unknown) => {
    const res = await fetch(`${baseUrl}${pathName}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: res.status, json: (await res.json().catch(() => ({}))) as Record<string, unknown> };
  };

  const env: MessagingEnv = {
    dir,
    db,
    rt,
    clock,
    provider,
    workspaceId,
    channel,
    baseUrl,
    postJson,
    postInbound: (body, channelUuid = channel.uuid) => postJson(`/webhooks/loopback/${channelUuid}`, body),
    async until(predicate, timeoutMs = 10_000, what = 'condition') {
      const deadline = Date.now() + timeoutMs;
      while (!(await predicate())) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    messages: (where = '1 = 1', params = []) =>
      all(db, `SELECT id, uuid, direction, text, status, priority, contact_id, session_id, attempts, next_attempt_at, error, sent_at FROM messages WHERE ${where} ORDER BY id`, params),
    async count(sqlText, params = []) {
      const row = await first<{ n: number }>(db, sqlText, params);
      return Number(row?.n ?? 0);
    },
    async close() {
      await rt.locks.idle();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await provider.close();
      await dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return env;
}
