/**
 * The shared core of the provider emulators: a node:http server on 127.0.0.1 (port 0), a queue of
 * injected faults for the next sends, hosted media files, and a helper to POST webhooks to our server.
 * Each provider's emulator (./africastalking.ts, ./twilio.ts, …) adds its API on top.
 *
 * Example:
 *   const server = await startEmulatorServer(async (req) => ({ status: 200, json: { ok: true } }));
 *   server.failNext(2, { kind: 'throttle', retryAfter: 7 });
 *   const url = server.hostMedia('image/jpeg', jpegBytes); // → "http://127.0.0.1:PORT/media/1.jpg"
 *   await server.close();
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the next sends should suffer. `blocked` = the provider's "recipient opted out / blocked us" answer. */
export type Fault =
  | { kind: 'throttle'; retryAfter?: number }
  | { kind: 'server-error'; status?: number }
  | { kind: 'blocked' }
  | { kind: 'rejected' }
  | { kind: 'timeout'; ms?: number };

/** A request as the emulator's handler sees it. */
export interface EmulatorRequest {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** What the handler answers. */
export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
  body?: string | Buffer;
}

export interface EmulatorServer {
  url: string;
  failNext(count: number, fault: Fault): void;
  /** The next queued fault, consumed (null when none). */
  takeFault(): Fault | null;
  /** Serves `bytes` at a fresh URL on this server. `requireHeader` makes the URL answer 401 without that header value. */
  hostMedia(contentType: string, bytes: Buffer, options?: { requireHeader?: [string, string] }): string;
  close(): Promise<void>;
}

export async function startEmulatorServer(handle: (req: EmulatorRequest, server: EmulatorServer) => Promise<EmulatorResponse>): Promise<EmulatorServer> {
  const faults: Fault[] = [];
  const media = new Map<string, { contentType: string; bytes: Buffer; requireHeader?: [string, string] }>();
  let mediaCount = 0;
  let self: EmulatorServer;

  const listener = await serveOnLoopback(async (req) => {
    const hosted = media.get(req.url.pathname);
    if (hosted && req.method === 'GET') {
      const [name, value] = hosted.requireHeader ?? [];
      if (name && req.headers[name.toLowerCase()] !== value) {
        return { status: 401, headers: { 'content-type': 'application/json' }, body: '{"error":"unauthorized"}' };
      }
      return { status: 200, headers: { 'content-type': hosted.contentType, 'content-length': String(hosted.bytes.length) }, body: hosted.bytes };
    }
    return handle(req, self);
  });
  const base = listener.url;

  self = {
    url: base,
    failNext(count, fault) {
      for (let i = 0; i < count; i++) faults.push(fault);
    },
    takeFault() {
      return faults.shift() ?? null;
    },
    hostMedia(contentType, bytes, options = {}) {
      const ext = contentType.split('/')[1]?.replace(/[^a-z0-9]/g, '') || 'bin';
      const path = `/media/${++mediaCount}.${ext}`;
      media.set(path, { contentType, bytes, requireHeader: options.requireHeader });
      return `${base}${path}`;
    },
    close: listener.close,
  };
  return self;
}

/** A node:http server on 127.0.0.1 (a free port) answering every request with `handle`; its base URL and a close that drops open connections. */
export interface LoopbackServer {
  /** e.g. "http://127.0.0.1:41234" */
  url: string;
  close(): Promise<void>;
}

/**
 * Starts a server on 127.0.0.1 that reads each request body whole, asks `handle` for the answer and writes
 * it (`json` serialized with a JSON content type, else `body` as is); a failing handler answers 500 with the error.
 * Example: `const s = await serveOnLoopback(async () => ({ status: 200, json: { ok: true } }));`
 */
export async function serveOnLoopback(handle: (req: EmulatorRequest) => EmulatorResponse | Promise<EmulatorResponse>): Promise<LoopbackServer> {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      Promise.resolve(handle({ method: req.method ?? 'GET', url, headers: req.headers, body: Buffer.concat(chunks) })).then(
        (answer) => {
          res.writeHead(answer.status, { ...(answer.json !== undefined ? { 'content-type': 'application/json' } : {}), ...(answer.headers ?? {}) });
          res.end(answer.json !== undefined ? JSON.stringify(answer.json) : (answer.body ?? ''));
        },
        (err: unknown) => {
          res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(err) }));
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Waits `ms` (used by the "timeout" fault: the answer comes after our client gave up). */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** What our server answered a webhook the emulator delivered. */
export interface WebhookAnswer {
  status: number;
  text: string;
  json: Record<string, unknown> | null;
}

/** POSTs (or GETs) a webhook to our server and reads the answer. */
export async function deliverWebhook(url: string, init: { method?: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<WebhookAnswer> {
  const body = init.body === undefined || typeof init.body === 'string' ? init.body : new Uint8Array(init.body);
  const res = await fetch(url, { method: init.method ?? 'POST', headers: init.headers, body });
  const text = await res.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = null;
  }
  return { status: res.status, text, json };
}
