/**
 * The loopback channel: a provider that lives on this machine, for tests and benchmarks.
 *
 * Send: `POST <config.send_url>` with JSON `{ id, to, from, text, attachments, quick_replies }` and the
 * header `Idempotency-Key: <message uuid>`. 2xx (optional JSON `{ "id": "<provider id>" }`) → wired;
 * 429/5xx or a connection error → retry; other 4xx → failed (403 with `{ "stopped": true }` stops the contact).
 * Lookup after a crash: `GET <config.send_url>/<message uuid>` → 200 = already accepted, 404 = not.
 *
 * Inbound webhook: `POST /webhooks/loopback/<channel uuid>` with JSON `{ "id": "ext-1", "from": "tel:+2547…", "text": "yes" }`
 * (see ./webhook.ts). Status callback: `POST /webhooks/loopback/<channel uuid>/status` with
 * `{ "id": "<message uuid or provider id>", "status": "delivered" | "failed" | "sent" }`.
 *
 * Example channel config: `{ "send_url": "http://127.0.0.1:9100/send", "timeout_ms": 10000, "token": "optional bearer" }`.
 * Inbound webhooks are not signed: like Africa's Talking, the unguessable channel uuid in the URL is the
 * only credential, which is acceptable for a channel meant for tests on 127.0.0.1.
 */
import http from 'node:http';
import https from 'node:https';
import { FinalError, RetryableError, type ChannelInfo, type ChannelType, type LookupResult, type OutgoingMessage, type SendResult } from '../types.js';

/** Parsed loopback config. Example: `{ sendUrl: "http://127.0.0.1:9100/send", timeoutMs: 10000 }`. */
export interface LoopbackConfig {
  sendUrl: string;
  timeoutMs: number;
  /** Sent as `Authorization: Bearer <token>` when set (a secret: never returned by the API). */
  token: string | null;
}

export function parseLoopbackConfig(config: Record<string, unknown>): LoopbackConfig {
  const url = config.send_url;
  if (typeof url !== 'string' || url === '') throw new Error('loopback channel config: "send_url" is required (a URL the messages are POSTed to)');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`loopback channel config: "send_url" is not a valid URL: ${url}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`loopback channel config: "send_url" must be http(s), got ${parsed.protocol}`);
  const timeout = config.timeout_ms ?? 10_000;
  if (typeof timeout !== 'number' || !(timeout > 0)) throw new Error('loopback channel config: "timeout_ms" must be a positive number');
  const token = config.token ?? null;
  if (token !== null && (typeof token !== 'string' || token === '')) throw new Error('loopback channel config: "token" must be a non-empty string when set');
  return { sendUrl: url.replace(/\/+$/, ''), timeoutMs: timeout, token };
}

/** A minimal HTTP answer: status, headers and body text. */
interface PlainResponse {
  status: number;
  retryAfter: string | null;
  text: string;
}

// node:http with keep-alive: the loopback channel is used for throughput benchmarks, where fetch's
// per-request overhead would be measured instead of the messaging loop's.
const agents = { 'http:': new http.Agent({ keepAlive: true, maxSockets: 64 }), 'https:': new https.Agent({ keepAlive: true, maxSockets: 64 }) };

function request(url: string, init: { method: string; headers?: Record<string, string>; body?: string }, timeoutMs: number): Promise<PlainResponse> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const lib = target.protocol === 'https:' ? https : http;
    const headers = { ...(init.headers ?? {}), ...(init.body !== undefined ? { 'content-length': String(Buffer.byteLength(init.body)) } : {}) };
    const req = lib.request(target, { method: init.method, headers, agent: agents[target.protocol as 'http:' | 'https:'], timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: (res.headers['retry-after'] as string | undefined) ?? null, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (err) => reject(new RetryableError(`loopback: ${url} broke off its answer: ${err.message}`)));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) => reject(new RetryableError(`loopback: cannot reach ${url}: ${err.message}`)));
    req.end(init.body);
  });
}

function readJson(res: PlainResponse): Record<string, unknown> {
  if (!res.text) return {};
  try {
    const value = JSON.parse(res.text) as unknown;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export const loopbackChannelType: ChannelType = {
  type: 'loopback',
  schemes: ['tel', 'ext', 'whatsapp', 'telegram'],
  secretConfigKeys: ['token'],
  idempotentSends: false,
  validateConfig(config) {
    parseLoopbackConfig(config);
  },
  async send(msg: OutgoingMessage, channel: ChannelInfo): Promise<SendResult> {
    const cfg = parseLoopbackConfig(channel.config);
    const res = await request(
      cfg.sendUrl,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': msg.idempotencyKey, ...(cfg.token ? { authorization: `Bearer ${cfg.token}` } : {}) },
        body: JSON.stringify({
          id: msg.uuid,
          to: msg.urn,
          from: channel.address,
          text: msg.text,
          attachments: msg.attachments,
          quick_replies: msg.quickReplies,
          priority: msg.priority,
        }),
      },
      cfg.timeoutMs,
    );
    const body = readJson(res);
    if (res.status >= 200 && res.status < 300) {
      return { status: 'wired', providerId: typeof body.id === 'string' ? body.id : msg.uuid };
    }
    if (res.status === 429 || res.status >= 500) {
      const retryAfter = Number(res.retryAfter);
      throw new RetryableError(`loopback: provider answered ${res.status}`, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null);
    }
    throw new FinalError(`loopback: provider rejected the message with ${res.status}${body.error ? `: ${String(body.error)}` : ''}`, {
      contactStopped: res.status === 403 && body.stopped === true,
    });
  },
  async lookup(msgUuid: string, channel: ChannelInfo): Promise<LookupResult> {
    const cfg = parseLoopbackConfig(channel.config);
    const res = await request(`${cfg.sendUrl}/${encodeURIComponent(msgUuid)}`, { method: 'GET', headers: cfg.token ? { authorization: `Bearer ${cfg.token}` } : {} }, cfg.timeoutMs);
    if (res.status === 404) return { found: false };
    if (res.status >= 200 && res.status < 300) {
      const body = readJson(res);
      return { found: true, status: 'wired', providerId: typeof body.id === 'string' ? body.id : msgUuid };
    }
    throw new RetryableError(`loopback: lookup answered ${res.status}`);
  },
};
