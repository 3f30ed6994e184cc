/**
 * Making a webhook call on behalf of a run: builds the request, sends it through `services.http`,
 * and produces goflow's webhook_called trace (raw HTTP request/response text, sizes, status).
 *
 *   const call = await callWebhook(run, { method: 'POST', url, headers, body });
 *   call.event   // the webhook_called event fields; call.webhook // what @webhook shows
 */
import type { HttpRequest, HttpResponse } from '../services.js';
import type { ActionRuntime } from './runtime-types.js';

/** Largest response body kept for @webhook (goflow's default download limit). */
export const RESPONSE_LIMIT = 100_000;
/** Largest request a flow may send. */
export const REQUEST_LIMIT = 262_144;
/** How much of a response the event trace keeps. */
const TRACE_BODY_LIMIT = 10_000;

/** Hosts flows may not call directly (as goflow: messaging APIs that must go through channels). */
const BLOCKED_HOSTS = new Set(['graph.facebook.com']);

/** A response may say which HTTP version it came over (the trace's status line); defaults to HTTP/1.1. */
export interface TracedHttpResponse extends HttpResponse {
  protocol?: string;
}

export type CallStatus = 'success' | 'response_error' | 'connection_error' | 'subscriber_gone';

export interface WebhookCall {
  request: HttpRequest;
  response: HttpResponse | null;
  status: CallStatus;
  /** Parsed JSON body, or null when the body is not JSON (or too large). */
  json: unknown;
  /** The webhook_called event fields (without uuid/created_on). */
  event: Record<string, unknown>;
  /** @webhook as goflow exposes it. */
  webhook: Record<string, unknown>;
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found',
  304: 'Not Modified', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 408: 'Request Timeout', 409: 'Conflict', 410: 'Gone', 422: 'Unprocessable Entity',
  429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const utf8 = new TextEncoder();
const byteLength = (s: string): number => utf8.encode(s).length;

/** Checks an evaluated URL; returns an error message (and code) or null when usable. */
export function checkUrl(url: string): { text: string; code?: string; extra?: Record<string, unknown> } | null {
  if (url === '') return { text: 'Webhook URL evaluated to empty string' };
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    parsed = null;
  }
  if (!parsed || !/^https?:$/.test(parsed.protocol) || url.length > 2048) {
    const shown = url.length > 255 ? `${url.slice(0, 252)}...` : url;
    return { text: `Webhook URL evaluated to an invalid URL: '${shown}'`, code: 'url:invalid', extra: { url: shown } };
  }
  if (BLOCKED_HOSTS.has(parsed.hostname)) {
    return { text: `Webhook calls to ${parsed.hostname} are not allowed`, code: 'url:blocked', extra: { hostname: parsed.hostname } };
  }
  return null;
}

/** The raw HTTP/1.1 text of a request, as Go's request dump writes it. */
export function dumpRequest(request: HttpRequest): string {
  const url = new URL(request.url);
  const lines = [`${request.method} ${url.pathname}${url.search} HTTP/1.1`, `Host: ${url.host}`];
  const headers = { ...request.headers };
  const userAgent = takeHeader(headers, 'User-Agent');
  if (userAgent !== undefined) lines.push(`User-Agent: ${userAgent}`);
  if (request.body !== undefined && request.method !== 'GET') lines.push(`Content-Length: ${byteLength(request.body)}`);
  for (const name of Object.keys(headers).sort()) lines.push(`${name}: ${headers[name]}`);
  lines.push('Accept-Encoding: gzip');
  return `${lines.join('\r\n')}\r\n\r\n${request.body ?? ''}`;
}

/** The raw text of a response: status line, Content-Length, then its headers sorted. */
export function dumpResponse(response: TracedHttpResponse, body: string): string {
  const headers = { ...response.headers };
  takeHeader(headers, 'Content-Length');
  const lines = [
    `${response.protocol ?? 'HTTP/1.1'} ${response.status} ${STATUS_TEXT[response.status] ?? ''}`.trimEnd(),
    `Content-Length: ${byteLength(response.body)}`,
  ];
  for (const name of Object.keys(headers).sort()) lines.push(`${name}: ${headers[name]}`);
  return `${lines.join('\r\n')}\r\n\r\n${body}`;
}

function takeHeader(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase());
  if (key === undefined) return undefined;
  const value = headers[key];
  delete headers[key];
  return value;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return null;
  }
}

/**
 * Sends one request and builds its trace. Never throws: connection errors become status
 * `connection_error`. `gone` tells resthook subscribers apart (410 → subscriber_gone).
 */
export async function performCall(run: ActionRuntime, request: HttpRequest, options: { resthook?: boolean } = {}): Promise<WebhookCall> {
  const http = run.services.http;
  const requestTrace = dumpRequest(request);
  const started = run.services.clock.now().getTime();
  let response: TracedHttpResponse | null = null;
  if (http) {
    try {
      response = await http.fetch(request);
    } catch {
      response = null;
    }
  }
  const elapsed = run.services.clock.now().getTime() - started;
  if (response && response.status === 0) response = null;

  let status: CallStatus;
  let body = response?.body ?? '';
  let tooBig = false;
  if (!response) status = 'connection_error';
  else if (byteLength(response.body) > RESPONSE_LIMIT) {
    tooBig = true;
    status = 'connection_error';
    body = '';
    run.warning(`Webhook response exceeded the limit of ${RESPONSE_LIMIT} bytes`, { code: 'webhook:response_size', extra: { limit: String(RESPONSE_LIMIT) } });
  } else if (options.resthook && response.status === 410) status = 'subscriber_gone';
  else if (response.status >= 200 && response.status < 300) status = 'success';
  else status = 'response_error';

  const json = response && !tooBig ? parseJson(body) : null;
  const event: Record<string, unknown> = {
    type: 'webhook_called',
    url: request.url,
    ...(response ? { status_code: response.status } : {}),
    request: requestTrace,
    ...(response ? { response: truncate(dumpResponse(response, body)) } : {}),
    elapsed_ms: elapsed,
    retries: 0,
    sizes: { request: byteLength(requestTrace), response: response ? byteLength(dumpResponse(response, body)) + (tooBig ? byteLength(response.body) : 0) : 0 },
    status,
  };
  const webhook: Record<string, unknown> = {
    __default__: response ? String(response.status) : '0',
    method: request.method,
    url: request.url,
    status: response?.status ?? 0,
    headers: response ? { ...response.headers } : null,
    json,
  };
  return { request, response, status, json, event, webhook };
}

function truncate(trace: string): string {
  return trace.length > TRACE_BODY_LIMIT ? `${trace.slice(0, TRACE_BODY_LIMIT - 3)}...` : trace;
}

/** JSON text with object keys sorted at every level (as Go marshals maps). */
export function sortedJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) out[k] = sort((v as Record<string, unknown>)[k]);
      return out;
    }
    return v;
  };
  return JSON.stringify(sort(value));
}
