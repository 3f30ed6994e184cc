import type { IncomingMessage, ServerResponse } from 'node:http';
import { getStatus, isOperationOutcome, OperationOutcomeError } from '@medplum/core';
import type { FhirRequest, FhirRouter, MemoryRepository } from '@medplum/fhir-router';
import type { Bundle, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { capabilityStatement } from './capability.js';

/**
 * How the dev server pages search results. Real servers differ here, and the sync client must cope with
 * all of them, so tests can switch the behaviour.
 *
 * Example: `{ basePath: '/fhir', defaultCount: 20, maxCount: 500, pagingLinks: true }`.
 */
export interface FhirHttpOptions {
  /** URL path prefix the FHIR base lives under, e.g. "/fhir". */
  basePath: string;
  /** Page size when the client sends no `_count` (medplum alone would return everything). */
  defaultCount: number;
  /** Upper bound on `_count`. */
  maxCount: number;
  /** Add `self`/`next`/`previous` links to searchsets (medplum's MemoryRepository adds none). */
  pagingLinks: boolean;
  /** Drop `_offset` from searches, imitating servers that page only through their own links. */
  ignoreOffset?: boolean;
}

const FHIR_JSON = 'application/fhir+json; charset=utf-8';
const MAX_BODY_BYTES = 50 * 1024 * 1024;
const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** A request failure that becomes an OperationOutcome with this HTTP status. */
class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function outcome(code: string, diagnostics: string): OperationOutcome {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: code as 'exception', diagnostics }] };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpProblem(413, `request body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (!raw) return undefined;
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (type === 'application/x-www-form-urlencoded') {
    // POST Type/_search sends its parameters as a form.
    const form: Record<string, string | string[]> = {};
    for (const [k, v] of new URLSearchParams(raw)) form[k] = k in form ? ([] as string[]).concat(form[k], v) : v;
    return form;
  }
  if (type && !type.endsWith('json')) {
    throw new HttpProblem(415, `unsupported content type "${type}": send application/fhir+json or application/json`);
  }
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw new HttpProblem(400, `request body is not valid JSON: ${(err as Error).message}`);
  }
}

/**
 * The server owns `meta.versionId` and `meta.lastUpdated`. MemoryRepository.createResource keeps whatever the
 * client sent, which would break `_lastUpdated` searches (and therefore incremental sync), so drop them.
 */
function stripServerMeta(resource: unknown): void {
  if (!resource || typeof resource !== 'object') return;
  const r = resource as Resource & { entry?: { resource?: Resource }[] };
  if (r.meta) {
    delete r.meta.lastUpdated;
    delete r.meta.versionId;
  }
  if (r.resourceType === 'Bundle' && Array.isArray(r.entry)) for (const e of r.entry) stripServerMeta(e.resource);
}

function queryOf(url: URL): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? ([] as string[]).concat(query[k], v) : v;
  return query;
}

function singleInt(query: Record<string, string | string[]>, name: string): number | undefined {
  const raw = query[name];
  if (raw === undefined) return undefined;
  const text = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (!/^\d+$/.test(text)) throw new HttpProblem(400, `search parameter ${name} must be a non-negative integer, got "${text}"`);
  return Number(text);
}

/** Adds `self`, `next` and `previous` links computed from `_count`/`_offset` and the bundle's total. */
function addPagingLinks(bundle: Bundle, publicUrl: URL, count: number, offset: number): void {
  const at = (o: number): string => {
    const u = new URL(publicUrl);
    u.searchParams.set('_count', String(count));
    u.searchParams.set('_offset', String(o));
    return u.toString();
  };
  bundle.link = [{ relation: 'self', url: at(offset) }];
  if (count > 0 && bundle.total !== undefined && bundle.total > offset + count) bundle.link.push({ relation: 'next', url: at(offset + count) });
  if (offset > 0) bundle.link.push({ relation: 'previous', url: at(Math.max(0, offset - count)) });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': FHIR_JSON, 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

/**
 * Builds the node:http request handler that serves `router` over `repo` as a FHIR R4 REST API
 * (JSON only) under `options.basePath`.
 *
 * Example: `http.createServer(createFhirHttpHandler(new FhirRouter(), new MemoryRepository(), opts))`.
 */
export function createFhirHttpHandler(router: FhirRouter, repo: MemoryRepository, options: FhirHttpOptions) {
  const base = options.basePath.replace(/\/+$/, '');
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const host = req.headers.host ?? 'localhost';
      const url = new URL(req.url ?? '/', `http://${host}`);
      if (url.pathname !== base && !url.pathname.startsWith(`${base}/`)) {
        throw new HttpProblem(404, `not a FHIR path: the FHIR base is ${base}`);
      }
      const path = url.pathname.slice(base.length).replace(/^\/+/, '').replace(/\/+$/, '');
      const method = (req.method ?? 'GET').toUpperCase();
      if (path === 'metadata' && method === 'GET') {
        send(res, 200, capabilityStatement(`http://${host}${base}`));
        return;
      }
      const body = parseBody(await readBody(req), req.headers['content-type']);
      if (WRITE_METHODS.has(method)) stripServerMeta(body);

      const query = queryOf(url);
      const isTypeSearch = method === 'GET' && /^[A-Z][A-Za-z]+$/.test(path);
      let count = 0;
      let offset = 0;
      if (isTypeSearch) {
        count = Math.min(singleInt(query, '_count') ?? options.defaultCount, options.maxCount);
        offset = singleInt(query, '_offset') ?? 0;
        query._count = String(count);
        if (options.ignoreOffset) {
          delete query._offset;
          offset = 0;
        }
      }
      const search = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) for (const one of ([] as string[]).concat(v)) search.append(k, one);
      const fhirRequest: FhirRequest = {
        method: method as FhirRequest['method'],
        url: path + (search.size ? `?${search}` : ''),
        pathname: '',
        params: {},
        query,
        body,
        headers: req.headers,
        config: { transactions: false },
      };
      const [result, resource] = await router.handleRequest(fhirRequest, repo);
      const status = getStatus(result);
      const payload = (resource ?? result) as Resource;
      const headers: Record<string, string> = {};
      if (payload.resourceType === 'Bundle' && payload.type === 'searchset' && options.pagingLinks) {
        addPagingLinks(payload, url, count, offset);
      }
      if (payload.resourceType !== 'Bundle' && !isOperationOutcome(payload) && payload.meta?.versionId) {
        headers.etag = `W/"${payload.meta.versionId}"`;
        if (payload.meta.lastUpdated) headers['last-modified'] = new Date(payload.meta.lastUpdated).toUTCString();
        if (status === 201) headers.location = `http://${host}${base}/${payload.resourceType}/${payload.id}/_history/${payload.meta.versionId}`;
      }
      send(res, status, payload, headers);
    } catch (err) {
      if (err instanceof HttpProblem) send(res, err.status, outcome(err.status === 404 ? 'not-found' : 'invalid', err.message));
      else if (err instanceof OperationOutcomeError) send(res, getStatus(err.outcome), err.outcome);
      else send(res, 500, outcome('exception', `internal error: ${(err as Error)?.message ?? String(err)}`));
    }
  };
}
