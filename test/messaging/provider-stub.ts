/**
 * A local SMS provider for tests and benchmarks, speaking the loopback channel's protocol
 * (server/channels/loopback/index.ts): `POST /send` accepts a message (JSON with our message uuid as
 * `id`), `GET /send/<uuid>` says whether it was accepted. It records every accepted message by uuid
 * and every second POST of an already accepted uuid as a duplicate, so tests can prove nothing was
 * sent twice. Failures can be injected.
 *
 * Example:
 *   const provider = await startProviderStub();
 *   // channel config: { send_url: `${provider.url}/send` }
 *   provider.failNext(2, 500);  …  expect(provider.duplicates).toEqual([]);
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One accepted message. */
export interface AcceptedMessage {
  id: string;
  to: string;
  text: string;
  priority: number;
  at: number;
}

export interface ProviderStub {
  url: string;
  accepted: Map<string, AcceptedMessage>;
  /** Accepted messages in arrival order. */
  log: AcceptedMessage[];
  duplicates: string[];
  /** POSTs received, including failed ones. */
  attempts: number;
  /** Answer the next `n` sends with `status` (and body `body`). */
  failNext(n: number, status: number, body?: Record<string, unknown>): void;
  /** Delay every answer by `ms` (after recording). */
  setDelay(ms: number): void;
  /** Resolves when `count` messages have been accepted. */
  waitFor(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startProviderStub(port = 0): Promise<ProviderStub> {
  const accepted = new Map<string, AcceptedMessage>();
  const log: AcceptedMessage[] = [];
  const duplicates: string[] = [];
  let failures: { left: number; status: number; body: Record<string, unknown> } = { left: 0, status: 500, body: {} };
  let delay = 0;
  let attempts = 0;
  const waiters: { count: number; resolve: () => void }[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = (status: number, body: unknown) => {
        const send = () => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        };
        if (delay > 0) setTimeout(send, delay);
        else send();
      };
      const url = req.url ?? '/';
      if (req.method === 'GET' && url.startsWith('/send/')) {
        const id = decodeURIComponent(url.slice('/send/'.length));
        const found = accepted.get(id);
        return found ? answer(200, { id: `p-${id}`, status: 'accepted' }) : answer(404, { error: 'unknown message' });
      }
      if (req.method !== 'POST' || url !== '/send') return answer(404, { error: 'not found' });
      attempts++;
      let body: { id?: string; to?: string; text?: string; priority?: number };
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof body;
      } catch {
        return answer(400, { error: 'bad json' });
      }
      if (failures.left > 0) {
        failures.left--;
        return answer(failures.status, failures.body);
      }
      const id = String(body.id ?? '');
      if (!id) return answer(400, { error: 'id missing' });
      if (accepted.has(id)) {
        duplicates.push(id);
        return answer(200, { id: `p-${id}`, duplicate: true });
      }
      const msg: AcceptedMessage = { id, to: String(body.to), text: String(body.text), priority: Number(body.priority ?? 0), at: Date.now() };
      accepted.set(id, msg);
      log.push(msg);
      for (const w of [...waiters]) if (accepted.size >= w.count) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
      answer(200, { id: `p-${id}` });
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    accepted,
    log,
    duplicates,
    get attempts() {
      return attempts;
    },
    failNext(n, status, body = {}) {
      failures = { left: n, status, body };
    },
    setDelay(ms) {
      delay = ms;
    },
    waitFor(count, timeoutMs = 20_000) {
      if (accepted.size >= count) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`provider stub: ${accepted.size} of ${count} messages after ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
