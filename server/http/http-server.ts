/**
 * The one HTTP server: /trpc/* (API), /api/health and /api/ready, /webhooks/* (registered handlers), and the
 * built web UI for everything else. Adds security headers everywhere, refuses bodies over the limit (413),
 * malformed JSON (400) and cross-site cookie calls (403).
 *
 * Example:
 *   const server = await startHttpServer({ db, services, webhooks, webRoot: 'dist/web', host: '127.0.0.1', port: 0,
 *     maxBodyBytes: 1 << 20, trustProxy: false, https: false });
 *   console.log(server.url); await server.close();
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import type { Database } from '../db/schema.js';
import { appRouter } from '../api/router.js';
import { createApiContext, type ServerServices } from '../api/context.js';
import { resolveRequestAuth } from '../auth/request-auth.js';
import { applySecurityHeaders } from './security-headers.js';
import { csrfRefusal } from './csrf.js';
import { BodyTooLargeError, declaredTooLarge, readBody } from './body.js';
import { serveStatic } from './static-files.js';
import { WEBHOOK_ROOT, type WebhookRegistry } from './webhooks.js';

export interface HttpServerOptions {
  db: Kysely<Database>;
  services: ServerServices;
  webhooks: WebhookRegistry;
  /** Folder of the built web UI (index.html + assets/). */
  webRoot: string;
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  maxBodyBytes: number;
  /** Larger limit for flow imports (whole RapidPro workspace exports can be several MB). Default: maxBodyBytes. */
  importMaxBodyBytes?: number;
  /** Trust X-Forwarded-For / X-Forwarded-Proto (only behind your own reverse proxy). */
  trustProxy: boolean;
  /** Served over HTTPS (adds HSTS). */
  https: boolean;
  version?: string;
  /** GET /metrics (Prometheus text; server/jobs/pg/metrics.ts checks who may read it). Absent: 404. */
  metrics?: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

export interface RunningHttpServer {
  url: string;
  port: number;
  server: http.Server;
  close(): Promise<void>;
}

function clientIp(req: IncomingMessage, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = req.headers['x-forwarded-for'];
    const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
    if (first) return first;
  }
  return req.socket.remoteAddress ?? 'unknown';
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(text);
}

/** Error body in the same envelope shape tRPC clients understand for single calls. */
function sendJsonError(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { message, code, data: { code, httpStatus: status } } });
}

export function createRequestHandler(options: HttpServerOptions): http.RequestListener {
  const { db, services, webhooks } = options;

  const createContext = async ({ req, res }: { req: IncomingMessage; res: ServerResponse }) => {
    const auth = await resolveRequestAuth(db, {
      cookieHeader: req.headers.cookie,
      authorizationHeader: req.headers.authorization,
      now: services.clock.now(),
      policy: services.sessionPolicy,
    });
    return createApiContext({
      db, services, auth,
      request: { ip: clientIp(req, options.trustProxy), userAgent: req.headers['user-agent'] ?? null },
      setCookie: (value) => res.appendHeader('Set-Cookie', value),
    });
  };
  const onError = ({ error, path }: { error: { code: string; cause?: unknown }; path?: string }) => {
    if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${path ?? '?'} failed:`, error.cause ?? error);
  };
  const trpcHandler = (maxBodySize: number) => createHTTPHandler({ router: appRouter, basePath: '/trpc/', maxBodySize, createContext, onError });
  const trpc = trpcHandler(options.maxBodyBytes);
  const importLimit = Math.max(options.importMaxBodyBytes ?? options.maxBodyBytes, options.maxBodyBytes);
  const trpcImport = trpcHandler(importLimit);

  return async (req, res) => {
    try {
      applySecurityHeaders(res, { https: options.https });
      const url = new URL(req.url ?? '/', 'http://localhost');
      const pathname = url.pathname;

      if (pathname === '/api/health') return sendJson(res, 200, { status: 'ok', version: options.version ?? null });
      if (pathname === '/api/ready') {
        try {
          await sql`select 1 as ok`.execute(db);
          return sendJson(res, 200, { status: 'ready' });
        } catch (error) {
          return sendJson(res, 503, { status: 'not_ready', reason: error instanceof Error ? error.message : String(error) });
        }
      }

      if (pathname === '/metrics' && options.metrics) return await options.metrics(req, res);

      if (pathname.startsWith('/trpc/')) {
        res.setHeader('Cache-Control', 'no-store');
        const refusal = csrfRefusal(req, options.trustProxy);
        if (refusal) return sendJsonError(res, 403, 'FORBIDDEN', refusal);
        // Only a single (unbatched) flows.import or media.upload call gets the larger limit.
        const isImport = pathname === '/trpc/flows.import' || pathname === '/trpc/media.upload';
        const limit = isImport ? importLimit : options.maxBodyBytes;
        if (declaredTooLarge(req, limit)) {
          return sendJsonError(res, 413, 'PAYLOAD_TOO_LARGE', `Request body is larger than the ${limit}-byte limit.`);
        }
        return void (await (isImport ? trpcImport : trpc)(req, res));
      }

      if (pathname.startsWith(WEBHOOK_ROOT)) return await handleWebhook(req, res, url, options);
      if (pathname.startsWith('/api/')) return sendJsonError(res, 404, 'NOT_FOUND', `No API endpoint ${pathname}`);

      if (!serveStatic(req, res, options.webRoot, pathname)) {
        res.setHeader('Allow', 'GET, HEAD');
        sendJsonError(res, 405, 'METHOD_NOT_SUPPORTED', `${req.method} is not allowed on ${pathname}`);
      }
    } catch (error) {
      console.error('HTTP handler failed:', error);
      if (!res.headersSent) sendJsonError(res, 500, 'INTERNAL_SERVER_ERROR', 'Internal server error');
      else res.destroy();
    }
  };
}

async function handleWebhook(req: IncomingMessage, res: ServerResponse, url: URL, options: HttpServerOptions): Promise<void> {
  const match = options.webhooks.match(url.pathname);
  if (!match) return sendJsonError(res, 404, 'NOT_FOUND', `No webhook handler for ${url.pathname}`);
  let body: Buffer;
  try {
    body = await readBody(req, options.maxBodyBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      res.setHeader('Connection', 'close');
      return sendJsonError(res, 413, 'PAYLOAD_TOO_LARGE', error.message);
    }
    throw error;
  }
  const reply = await match.handler({
    method: req.method ?? 'GET',
    path: url.pathname,
    subPath: url.pathname.slice(match.prefix.length),
    query: url.searchParams,
    headers: req.headers,
    body,
    ip: clientIp(req, options.trustProxy),
  });
  res.statusCode = reply.status;
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  if (reply.json !== undefined) {
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.end(JSON.stringify(reply.json));
  } else {
    res.end(reply.body ?? '');
  }
}

export async function startHttpServer(options: HttpServerOptions): Promise<RunningHttpServer> {
  const server = http.createServer(createRequestHandler(options));
  server.requestTimeout = 60_000;
  server.headersTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    server,
    // Graceful: stop accepting, drop idle keep-alive sockets, give in-flight requests 5 s to finish.
    close: () => new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeIdleConnections();
      setTimeout(() => server.closeAllConnections(), 5_000).unref();
    }),
  };
}
