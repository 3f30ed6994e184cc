import type { Bundle, BundleEntry, CapabilityStatement, OperationOutcome, Resource } from '@medplum/fhirtypes';
import { Client, type FhirResource, type RequestOptions, type SearchParams } from 'fhir-kit-client';
import { AuthHeaderProvider, type FhirAuth } from './auth.js';

/**
 * Settings of one FHIR connection.
 *
 * Example: `{ baseUrl: 'http://127.0.0.1:8090/fhir', auth: { type: 'none' }, timeoutMs: 30_000, retries: 3, pageSize: 100 }`.
 */
export interface FhirClientOptions {
  baseUrl: string;
  auth?: FhirAuth;
  /** Per attempt. Default 30 000 ms. */
  timeoutMs?: number;
  /** Extra attempts after a 5xx, 429, timeout or network error. Default 3. */
  retries?: number;
  /** First backoff delay; doubles each retry (plus jitter), capped at 30 s. Default 500 ms. */
  retryBaseDelayMs?: number;
  /** `_count` for searches that give none. Default 100. */
  pageSize?: number;
  /** Largest `_count` the client will ask for when it must grow pages (see `searchAll`). Default 1000. */
  maxPageSize?: number;
  /** Name of the offset parameter used when a server returns no `next` link. Default "_offset". */
  offsetParam?: '_offset' | '_getpagesoffset';
}

/** How `searchAll` moved from one page to the next. */
export type PagingStrategy = 'next-link' | 'offset' | 'last-updated-window';

/** Reported after each page. Example: `{ page: 2, strategy: 'offset', received: 100, total: 250 }`. */
export interface PageInfo {
  page: number;
  strategy: PagingStrategy | 'first';
  received: number;
  total?: number;
}

/**
 * A FHIR request that failed after all retries. `status` is undefined for network errors and timeouts.
 *
 * Example: `err.message === 'GET Practitioner?_count=100 failed: HTTP 503 (service unavailable) after 4 attempts'`.
 */
export class FhirRequestError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly outcome?: OperationOutcome,
  ) {
    super(message);
    this.name = 'FhirRequestError';
  }
}

interface FhirKitError extends Error {
  response?: { status?: number; data?: unknown };
  config?: { headers?: Headers };
}

const RETRYABLE_STATUS = (status: number) => status === 429 || status === 408 || status >= 500;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function diagnosticsOf(data: unknown): string | undefined {
  const outcome = data as OperationOutcome | undefined;
  if (outcome?.resourceType !== 'OperationOutcome') return typeof data === 'string' ? data.slice(0, 200) : undefined;
  return outcome.issue?.map((i) => i.diagnostics ?? i.details?.text ?? i.code).join('; ');
}

/** Retry-After as seconds or an HTTP date, in ms; undefined if absent or unparseable. */
function retryAfterMs(err: FhirKitError): number | undefined {
  const value = err.config?.headers?.get?.('retry-after');
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function lastUpdatedOf(resource: Resource): string | undefined {
  return resource.meta?.lastUpdated;
}

/**
 * Kiunga's FHIR connection client, built on fhir-kit-client: authentication (none, basic, bearer, OAuth2
 * client credentials), a timeout per attempt, retries with exponential backoff on 5xx/429/network errors,
 * and `searchAll`, which pages through every match even on servers that omit `next` links.
 *
 * Example:
 *   const fhir = new FhirClient({ baseUrl: 'http://127.0.0.1:8090/fhir' });
 *   const workers = await fhir.searchAll<Practitioner>('Practitioner', { active: 'true' });
 */
export class FhirClient {
  readonly baseUrl: string;
  private readonly kit: Client;
  private readonly auth: AuthHeaderProvider;
  private readonly timeoutMs: number;
  private readonly retries: number;
  private readonly retryBaseDelayMs: number;
  private readonly pageSize: number;
  private readonly maxPageSize: number;
  private readonly offsetParam: string;

  constructor(options: FhirClientOptions) {
    let url: URL;
    try {
      url = new URL(options.baseUrl);
    } catch {
      throw new Error(`FHIR base URL "${options.baseUrl}" is not a valid URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`FHIR base URL must be http(s), got "${url.protocol}"`);
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.kit = new Client({ baseUrl: this.baseUrl });
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.auth = new AuthHeaderProvider(options.auth ?? { type: 'none' }, this.timeoutMs);
    this.retries = options.retries ?? 3;
    this.retryBaseDelayMs = options.retryBaseDelayMs ?? 500;
    this.pageSize = options.pageSize ?? 100;
    this.maxPageSize = options.maxPageSize ?? 1000;
    this.offsetParam = options.offsetParam ?? '_offset';
    if (this.pageSize < 1 || this.maxPageSize < this.pageSize) throw new Error('FHIR client: need 1 <= pageSize <= maxPageSize');
  }

  /**
   * Runs one fhir-kit-client call with auth headers, timeout and retries. `label` names the request in errors.
   */
  private async call<T>(label: string, run: (options: RequestOptions) => Promise<FhirResource>): Promise<T> {
    let refreshedAuth = false;
    for (let attempt = 0; ; attempt++) {
      const header = await this.auth.header();
      const options: RequestOptions = { signal: AbortSignal.timeout(this.timeoutMs), headers: header ? { authorization: header } : {} };
      try {
        return (await run(options)) as unknown as T;
      } catch (raw) {
        const err = raw as FhirKitError;
        const status = err.response?.status;
        if (status === 401 && this.auth.refreshable && !refreshedAuth) {
          refreshedAuth = true;
          this.auth.invalidate();
          attempt--;
          continue;
        }
        const timedOut = err.name === 'TimeoutError' || err.name === 'AbortError';
        const network = status === undefined && !timedOut && (err instanceof TypeError || 'cause' in err);
        const retryable = status !== undefined ? RETRYABLE_STATUS(status) : timedOut || network;
        if (retryable && attempt < this.retries) {
          const backoff = Math.min(30_000, this.retryBaseDelayMs * 2 ** attempt) * (0.75 + Math.random() * 0.5);
          await sleep(Math.min(60_000, retryAfterMs(err) ?? backoff));
          continue;
        }
        const attempts = `${attempt + 1} attempt${attempt ? 's' : ''}`;
        const what =
          status !== undefined
            ? `HTTP ${status}${diagnosticsOf(err.response?.data) ? ` (${diagnosticsOf(err.response?.data)})` : ''}`
            : timedOut
              ? `timed out after ${this.timeoutMs} ms`
              : `network error: ${(err.cause as Error | undefined)?.message ?? err.message}`;
        const outcome = (err.response?.data as OperationOutcome | undefined)?.resourceType === 'OperationOutcome' ? (err.response?.data as OperationOutcome) : undefined;
        throw new FhirRequestError(`${label} on ${this.baseUrl} failed: ${what} after ${attempts}`, status, outcome);
      }
    }
  }

  /** The server's CapabilityStatement (`GET metadata`): FHIR version, software, supported resources. */
  capabilities(): Promise<CapabilityStatement> {
    return this.call('GET metadata', (options) => this.kit.capabilityStatement(options));
  }

  read<T extends Resource>(resourceType: T['resourceType'], id: string): Promise<T> {
    return this.call(`GET ${resourceType}/${id}`, (options) => this.kit.read({ resourceType, id, options }));
  }

  create<T extends Resource>(resource: T, ifNoneExist?: string): Promise<T> {
    return this.call(`POST ${resource.resourceType}`, (options) =>
      this.kit.create({
        resourceType: resource.resourceType,
        body: resource as unknown as FhirResource,
        options: ifNoneExist ? { ...options, headers: { ...options.headers, 'if-none-exist': ifNoneExist } } : options,
      }),
    );
  }

  update<T extends Resource>(resource: T): Promise<T> {
    if (!resource.id) throw new Error(`update needs an id on the ${resource.resourceType}`);
    return this.call(`PUT ${resource.resourceType}/${resource.id}`, (options) =>
      this.kit.update({ resourceType: resource.resourceType, id: resource.id!, body: resource as unknown as FhirResource, options }),
    );
  }

  /** Posts a batch or transaction Bundle (its `type` decides). */
  bundle(bundle: Bundle): Promise<Bundle> {
    if (bundle.type !== 'batch' && bundle.type !== 'transaction') throw new Error(`bundle() needs type batch or transaction, got "${bundle.type}"`);
    return this.call(`POST ${bundle.type} (${bundle.entry?.length ?? 0} entries)`, (options) =>
      bundle.type === 'batch'
        ? this.kit.batch({ body: bundle as unknown as FhirResource, options })
        : this.kit.transaction({ body: bundle as unknown as FhirResource, options }),
    );
  }

  /** One search page (no paging). */
  searchPage<T extends Resource>(resourceType: T['resourceType'], params: SearchParams = {}): Promise<Bundle<T>> {
    const searchParams = { _count: this.pageSize, ...params };
    return this.call(`GET ${resourceType}?${new URLSearchParams(Object.entries(searchParams).flatMap(([k, v]) => ([] as unknown[]).concat(v).map((x) => [k, String(x)])))}`, (options) =>
      this.kit.search({ resourceType, searchParams, options }),
    );
  }

  private fetchUrl<T extends Resource>(url: string): Promise<Bundle<T>> {
    return this.call(`GET ${url}`, (options) => this.kit.request(url, { options }));
  }

  /**
   * Every resource matching a search, across all pages, deduplicated by id, `include` entries dropped.
   *
   * Paging, in order of preference:
   * 1. follow `Bundle.link[next]` (HAPI, iHRIS, OpenMRS);
   * 2. when a full page comes back without a `next` link (medplum's MemoryRepository), ask for
   *    `_offset`/`_getpagesoffset` = resources seen so far;
   * 3. when the server ignores the offset (the page repeats), restart sorted by `_lastUpdated` and walk
   *    windows `_lastUpdated=ge<last seen>`, doubling `_count` if one instant holds a whole page.
   *
   * Example: `await fhir.searchAll('PractitionerRole', { practitioner: 'Practitioner/1,Practitioner/2' })`.
   */
  async searchAll<T extends Resource>(
    resourceType: T['resourceType'],
    params: SearchParams = {},
    onPage?: (info: PageInfo) => void,
  ): Promise<T[]> {
    const seen = new Map<string, T>();
    let count = Number(params._count ?? this.pageSize);
    const take = (bundle: Bundle<T>): { fresh: number; received: number } => {
      let fresh = 0;
      const entries = (bundle.entry ?? []).filter((e: BundleEntry<T>) => e.resource && e.search?.mode !== 'include' && e.resource.resourceType === resourceType);
      for (const entry of entries) {
        const key = entry.resource!.id ?? JSON.stringify(entry.resource);
        if (!seen.has(key)) {
          seen.set(key, entry.resource!);
          fresh++;
        }
      }
      return { fresh, received: entries.length };
    };
    const nextLink = (bundle: Bundle) => bundle.link?.find((l) => l.relation === 'next')?.url;
    const report = (strategy: PageInfo['strategy'], bundle: Bundle, received: number) =>
      onPage?.({ page: ++page, strategy, received, total: bundle.total });

    let page = 0;
    let bundle = await this.searchPage<T>(resourceType, { ...params, _count: count });
    let got = take(bundle);
    report('first', bundle, got.received);
    let mode: PagingStrategy | 'first' = 'first';
    const visited = new Set<string>();
    let offset = got.received;
    let windowStart: string | undefined;

    for (;;) {
      const link = nextLink(bundle);
      if ((mode === 'first' || mode === 'next-link') && link) {
        if (visited.has(link)) throw new FhirRequestError(`${resourceType} search: the server's next link repeats (${link})`, undefined);
        visited.add(link);
        mode = 'next-link';
        bundle = await this.fetchUrl<T>(link);
        got = take(bundle);
        report(mode, bundle, got.received);
        continue;
      }
      if (mode === 'next-link') break;
      if (mode === 'first' || mode === 'offset') {
        const more = bundle.total !== undefined ? seen.size < bundle.total : got.received >= count;
        if (!more || got.received === 0) break;
        bundle = await this.searchPage<T>(resourceType, { ...params, _count: count, [this.offsetParam]: offset });
        got = take(bundle);
        if (got.fresh === 0 && got.received > 0) {
          // The server ignored the offset (the page repeats): walk _lastUpdated windows from the start instead.
          mode = 'last-updated-window';
          continue;
        }
        mode = 'offset';
        offset += got.received;
        report(mode, bundle, got.received);
        continue;
      }
      // mode === 'last-updated-window'
      const windowParams: SearchParams = { ...params, _count: count, _sort: '_lastUpdated' };
      if (windowStart) windowParams._lastUpdated = ([] as (string | number | boolean)[]).concat(params._lastUpdated ?? [], `ge${windowStart}`);
      bundle = await this.searchPage<T>(resourceType, windowParams);
      got = take(bundle);
      report(mode, bundle, got.received);
      const stamp = this.lastStamp(bundle);
      if (got.received === 0) break;
      if (stamp === undefined) {
        throw new FhirRequestError(`${resourceType} search: resources without meta.lastUpdated cannot be paged by time window`, undefined);
      }
      if (got.fresh === 0 && stamp === windowStart) {
        if (got.received < count) break;
        // A whole page shares one instant: grow the page, or give up with the reason.
        if (count >= this.maxPageSize) {
          throw new FhirRequestError(
            `${resourceType} search: more than ${count} resources share lastUpdated ${windowStart}; the server ignores ${this.offsetParam} and gives no next link, so they cannot be paged`,
            undefined,
          );
        }
        count = Math.min(this.maxPageSize, count * 2);
        continue;
      }
      windowStart = stamp;
      if (got.received < count) break;
    }
    return [...seen.values()];
  }

  private lastStamp(bundle: Bundle): string | undefined {
    const entries = bundle.entry ?? [];
    for (let i = entries.length - 1; i >= 0; i--) {
      const stamp = entries[i].resource && lastUpdatedOf(entries[i].resource!);
      if (stamp) return stamp;
    }
    return undefined;
  }
}
