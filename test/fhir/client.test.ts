import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Practitioner } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFhirDevServer, type FhirDevServer } from '../../server/dev/fhir-dev-server.js';
import { FhirClient, FhirRequestError, type PageInfo } from '../../server/fhir/client.js';

const TODAY = new Date('2026-11-25T00:00:00Z');
const SIZE = { regions: 3, districtsPerRegion: [3, 3, 2], facilities: 25, practitioners: 130 };

describe('FhirClient paging against the dev server', () => {
  const servers: FhirDevServer[] = [];
  let withLinks: FhirDevServer;
  let noLinks: FhirDevServer;
  let noLinksNoOffset: FhirDevServer;

  beforeAll(async () => {
    withLinks = await startFhirDevServer({ port: 0, seedOptions: { today: TODAY, size: SIZE } });
    noLinks = await startFhirDevServer({ port: 0, pagingLinks: false, seedOptions: { today: TODAY, size: SIZE } });
    noLinksNoOffset = await startFhirDevServer({ port: 0, pagingLinks: false, ignoreOffset: true, seedOptions: { today: TODAY, size: SIZE } });
    servers.push(withLinks, noLinks, noLinksNoOffset);
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  const cases = [
    ['next links', () => withLinks, 'next-link'],
    ['no links: _offset', () => noLinks, 'offset'],
    ['no links, _offset ignored: _lastUpdated windows', () => noLinksNoOffset, 'last-updated-window'],
  ] as const;

  for (const [name, server, strategy] of cases) {
    it(`reads all 130 practitioners in pages of 25 (${name})`, async () => {
      const pages: PageInfo[] = [];
      const client = new FhirClient({ baseUrl: server().url, pageSize: 25 });
      const all = await client.searchAll<Practitioner>('Practitioner', {}, (p) => pages.push(p));
      expect(all).toHaveLength(130);
      expect(new Set(all.map((p) => p.id)).size).toBe(130);
      expect(pages.length).toBeGreaterThanOrEqual(6);
      expect(pages.slice(1).every((p) => p.strategy === strategy)).toBe(true);
    });
  }

  it('grows the page when one _lastUpdated instant holds more than a page', async () => {
    // The seed loads in one batch, so many resources share a millisecond; pages of 2 must grow.
    const client = new FhirClient({ baseUrl: noLinksNoOffset.url, pageSize: 2, maxPageSize: 1000 });
    const all = await client.searchAll<Practitioner>('Practitioner');
    expect(all).toHaveLength(130);
  });

  it('combines a caller _lastUpdated filter with paging', async () => {
    const client = new FhirClient({ baseUrl: noLinks.url, pageSize: 10 });
    const before = new Date().toISOString();
    await new Promise((r) => setTimeout(r, 5));
    const p = await client.read<Practitioner>('Practitioner', 'P1010');
    await client.update({ ...p, name: [{ text: 'Renamed Person', family: 'Person', given: ['Renamed'] }] });
    const changed = await client.searchAll<Practitioner>('Practitioner', { _lastUpdated: `gt${before}` });
    expect(changed.map((x) => x.id)).toEqual(['P1010']);
  });

  it('reports a 404 as FhirRequestError with the status and diagnostics, without retrying', async () => {
    const client = new FhirClient({ baseUrl: withLinks.url, retryBaseDelayMs: 1 });
    const err = await client.read('Practitioner', 'does-not-exist').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FhirRequestError);
    expect((err as FhirRequestError).status).toBe(404);
    expect((err as Error).message).toMatch(/GET Practitioner\/does-not-exist .* HTTP 404 .* after 1 attempt$/);
  });

  it('creates conditionally (If-None-Exist) without duplicating', async () => {
    const client = new FhirClient({ baseUrl: withLinks.url });
    const body: Practitioner = { resourceType: 'Practitioner', identifier: [{ system: 'urn:test', value: 'cond-1' }] };
    const a = await client.create(body, 'identifier=urn:test|cond-1');
    const b = await client.create(body, 'identifier=urn:test|cond-1');
    expect(b.id).toBe(a.id);
    expect(await client.searchAll('Practitioner', { identifier: 'urn:test|cond-1' })).toHaveLength(1);
  });
});

/** A tiny HTTP server whose answers are scripted per request, for retry and auth behaviour. */
async function scriptedServer(handler: (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void) {
  let n = 0;
  const server = http.createServer((req, res) => handler(req, res, n++));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/fhir`, calls: () => n, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const patient = JSON.stringify({ resourceType: 'Patient', id: '1' });

describe('FhirClient retries and auth', () => {
  it('retries 503 and 429 with backoff, then succeeds', async () => {
    const s = await scriptedServer((_req, res, n) => {
      if (n === 0) res.writeHead(503).end('{}');
      else if (n === 1) res.writeHead(429, { 'retry-after': '0' }).end('{}');
      else res.writeHead(200, { 'content-type': 'application/fhir+json' }).end(patient);
    });
    const client = new FhirClient({ baseUrl: s.url, retries: 3, retryBaseDelayMs: 5 });
    expect((await client.read('Patient', '1')).id).toBe('1');
    expect(s.calls()).toBe(3);
    await s.close();
  });

  it('gives up after the configured retries and says how many attempts were made', async () => {
    const s = await scriptedServer((_req, res) => res.writeHead(500, { 'content-type': 'application/fhir+json' }).end(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception', diagnostics: 'db down' }] })));
    const client = new FhirClient({ baseUrl: s.url, retries: 2, retryBaseDelayMs: 1 });
    await expect(client.read('Patient', '1')).rejects.toThrow(/HTTP 500 \(db down\) after 3 attempts/);
    expect(s.calls()).toBe(3);
    await s.close();
  });

  it('retries network errors (connection refused) and reports them', async () => {
    const s = await scriptedServer(() => undefined);
    const url = s.url;
    await s.close();
    const client = new FhirClient({ baseUrl: url, retries: 1, retryBaseDelayMs: 1 });
    await expect(client.read('Patient', '1')).rejects.toThrow(/network error: .*after 2 attempts/);
  });

  it('times out a hanging request', async () => {
    const s = await scriptedServer(() => undefined); // never answers
    const client = new FhirClient({ baseUrl: s.url, timeoutMs: 100, retries: 0 });
    await expect(client.read('Patient', '1')).rejects.toThrow(/timed out after 100 ms/);
    await s.close();
  });

  it('sends basic and bearer credentials', async () => {
    const seen: (string | undefined)[] = [];
    const s = await scriptedServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(200, { 'content-type': 'application/fhir+json' }).end(patient);
    });
    await new FhirClient({ baseUrl: s.url, auth: { type: 'basic', username: 'ihris', password: 'pw' } }).read('Patient', '1');
    await new FhirClient({ baseUrl: s.url, auth: { type: 'bearer', token: 'tok' } }).read('Patient', '1');
    expect(seen).toEqual([`Basic ${Buffer.from('ihris:pw').toString('base64')}`, 'Bearer tok']);
    await s.close();
  });

  it('gets an OAuth2 client-credentials token, caches it, and refreshes it once on 401', async () => {
    let issued = 0;
    const fhirAuth: (string | undefined)[] = [];
    const s = await scriptedServer((req, res) => {
      if (req.url === '/token') {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          const ok = req.headers.authorization === `Basic ${Buffer.from('kiunga:secret').toString('base64')}` && body.includes('grant_type=client_credentials');
          if (!ok) return void res.writeHead(401).end('{}');
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: `t${++issued}`, expires_in: 3600 }));
        });
        return;
      }
      fhirAuth.push(req.headers.authorization);
      // The first token is "revoked" after two uses.
      if (req.headers.authorization === 'Bearer t1' && fhirAuth.length > 2) return void res.writeHead(401).end('{}');
      res.writeHead(200, { 'content-type': 'application/fhir+json' }).end(patient);
    });
    const tokenUrl = s.url.replace('/fhir', '/token');
    const client = new FhirClient({ baseUrl: s.url, auth: { type: 'oauth2_client_credentials', tokenUrl, clientId: 'kiunga', clientSecret: 'secret' } });
    await client.read('Patient', '1');
    await client.read('Patient', '1');
    await client.read('Patient', '1');
    expect(fhirAuth).toEqual(['Bearer t1', 'Bearer t1', 'Bearer t1', 'Bearer t2']);
    expect(issued).toBe(2);
    await s.close();
  });

  it('rejects a base URL that is not http(s)', () => {
    expect(() => new FhirClient({ baseUrl: 'ftp://x/fhir' })).toThrow(/must be http\(s\)/);
    expect(() => new FhirClient({ baseUrl: 'not a url' })).toThrow(/not a valid URL/);
  });
});
