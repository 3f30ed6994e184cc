import type { Bundle, Observation, Practitioner } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFhirDevServer, type FhirDevServer } from '../../server/dev/fhir-dev-server.js';
import { generateDevSeed } from '../../server/dev/seed/generate.js';
import { CIEL_SYSTEM, LOINC_SYSTEM } from '../../server/dev/seed/clinical.js';

const TODAY = new Date('2026-11-25T00:00:00Z');

async function get<T = Bundle>(url: string): Promise<{ status: number; body: T; type: string | null }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as T, type: res.headers.get('content-type') };
}

describe('generateDevSeed', () => {
  it('is deterministic for a seed and date, and differs for another seed', () => {
    const a = JSON.stringify(generateDevSeed({ seed: 7, today: TODAY }).bundle);
    expect(JSON.stringify(generateDevSeed({ seed: 7, today: TODAY }).bundle)).toBe(a);
    expect(JSON.stringify(generateDevSeed({ seed: 8, today: TODAY }).bundle)).not.toBe(a);
  });

  it('produces an iHRIS-shaped registry of the requested size', () => {
    const seed = generateDevSeed({ today: TODAY });
    const byType = (t: string) => seed.bundle.entry!.filter((e) => e.resource!.resourceType === t).map((e) => e.resource!);
    const locations = byType('Location') as { id: string; partOf?: { reference: string }; type?: { coding?: { code?: string }[] }[]; physicalType?: unknown }[];
    const level = (code: string) => locations.filter((l) => l.type?.some((t) => t.coding?.some((c) => c.code === code)));
    expect(level('country')).toHaveLength(1);
    expect(level('region')).toHaveLength(3);
    expect(level('district')).toHaveLength(8);
    const facilities = level('urn:ihe:iti:mcsd:2019:facility');
    expect(facilities).toHaveLength(25);
    const ids = new Set(locations.map((l) => l.id));
    for (const l of locations.filter((x) => x.id !== 'CM')) expect(ids.has(l.partOf!.reference.replace('Location/', ''))).toBe(true);
    for (const f of facilities) expect(f.physicalType).toBeDefined();
    expect(byType('Organization').length).toBe(26);
    expect(byType('Practitioner')).toHaveLength(50);
    expect(byType('PractitionerRole').length).toBeGreaterThanOrEqual(50);
    for (const t of ['Patient', 'Observation', 'Appointment', 'ServiceRequest', 'Task', 'DiagnosticReport']) expect(byType(t).length, t).toBeGreaterThan(0);
  });
});

describe('FHIR dev server over HTTP', () => {
  let server: FhirDevServer;
  beforeAll(async () => {
    server = await startFhirDevServer({ port: 0, seedOptions: { today: TODAY } });
  });
  afterAll(async () => server.close());

  it('serves metadata and reads with FHIR JSON', async () => {
    const meta = await get<{ resourceType: string; fhirVersion: string }>(`${server.url}/metadata`);
    expect(meta.body.resourceType).toBe('CapabilityStatement');
    expect(meta.body.fhirVersion).toBe('4.0.1');
    const p = await get<Practitioner>(`${server.url}/Practitioner/P1001`);
    expect(p.status).toBe(200);
    expect(p.type).toMatch(/^application\/fhir\+json/);
    expect(p.body.id).toBe('P1001');
    const missing = await get<{ resourceType: string }>(`${server.url}/Practitioner/nope`);
    expect(missing.status).toBe(404);
    expect(missing.body.resourceType).toBe('OperationOutcome');
  });

  it('pages searches with _count and next links, and filters by _lastUpdated', async () => {
    const page = await get(`${server.url}/Practitioner?_count=10`);
    expect(page.body.entry).toHaveLength(10);
    expect(page.body.total).toBe(50);
    const next = page.body.link!.find((l) => l.relation === 'next')!.url!;
    const page2 = await get(next);
    expect(page2.body.entry![0].resource!.id).toBe('P1011');
    const future = await get(`${server.url}/Practitioner?_lastUpdated=gt${encodeURIComponent('2100-01-01T00:00:00Z')}`);
    expect(future.body.total).toBe(0);
    const ciel = await get<Bundle<Observation>>(`${server.url}/Observation?code=${encodeURIComponent(`${CIEL_SYSTEM}|5096`)}`);
    expect(ciel.body.total).toBe(8);
    const vl = await get(`${server.url}/DiagnosticReport?code=${encodeURIComponent(`${LOINC_SYSTEM}|20447-9`)}`);
    expect(vl.body.total).toBeGreaterThan(0);
    const district = await get(`${server.url}/Location?partof=Location/CM`);
    expect(district.body.total).toBe(3);
  });

  it('sets server-side meta on create even if the client sends lastUpdated', async () => {
    const res = await fetch(`${server.url}/Practitioner`, {
      method: 'POST',
      headers: { 'content-type': 'application/fhir+json' },
      body: JSON.stringify({ resourceType: 'Practitioner', meta: { lastUpdated: '2000-01-01T00:00:00Z' } }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toMatch(/\/fhir\/Practitioner\/[\w-]+\/_history\//);
    const body = (await res.json()) as Practitioner;
    expect(Date.parse(body.meta!.lastUpdated!)).toBeGreaterThan(Date.parse('2026-01-01'));
  });

  it('processes a transaction with urn:uuid references and conditional create, idempotently', async () => {
    const tx: Bundle = {
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        {
          fullUrl: 'urn:uuid:0b7e1b8e-0000-4000-8000-000000000001',
          resource: { resourceType: 'Practitioner', identifier: [{ system: 'urn:t', value: 'tx-1' }] },
          request: { method: 'POST', url: 'Practitioner', ifNoneExist: 'identifier=urn:t|tx-1' },
        },
        {
          resource: { resourceType: 'PractitionerRole', practitioner: { reference: 'urn:uuid:0b7e1b8e-0000-4000-8000-000000000001' }, identifier: [{ system: 'urn:t', value: 'role-1' }] },
          request: { method: 'PUT', url: 'PractitionerRole?identifier=urn:t|role-1' },
        },
      ],
    };
    const post = async () =>
      (await (await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: JSON.stringify(tx) })).json()) as Bundle;
    const first = await post();
    const second = await post();
    expect(first.entry!.map((e) => e.response!.status.slice(0, 3))).toEqual(['201', '201']);
    expect(second.entry!.map((e) => e.response!.status.slice(0, 3))).toEqual(['200', '200']);
    const roles = await get(`${server.url}/PractitionerRole?identifier=${encodeURIComponent('urn:t|role-1')}`);
    expect(roles.body.total).toBe(1);
    const practitionerId = first.entry![0].response!.location!.split('/')[1];
    expect((roles.body.entry![0].resource as { practitioner: { reference: string } }).practitioner.reference).toBe(`Practitioner/${practitionerId}`);
  });

  it('answers bad requests with an OperationOutcome that says what is wrong', async () => {
    const badJson = await fetch(`${server.url}/Practitioner`, { method: 'POST', headers: { 'content-type': 'application/fhir+json' }, body: '{oops' });
    expect(badJson.status).toBe(400);
    expect(JSON.stringify(await badJson.json())).toMatch(/not valid JSON/);
    const xml = await fetch(`${server.url}/Practitioner`, { method: 'POST', headers: { 'content-type': 'application/fhir+xml' }, body: '<Practitioner/>' });
    expect(xml.status).toBe(415);
    const count = await get(`${server.url}/Practitioner?_count=ten`);
    expect(count.status).toBe(400);
    expect(JSON.stringify(count.body)).toMatch(/_count must be a non-negative integer/);
    const outside = await fetch(server.url.replace('/fhir', '/other'));
    expect(outside.status).toBe(404);
  });

  it('starts empty without the seed and reports a busy port clearly', async () => {
    const empty = await startFhirDevServer({ port: 0, seed: false });
    try {
      expect((await get(`${empty.url}/Practitioner`)).body.total).toBe(0);
      const port = Number(new URL(empty.url).port);
      await expect(startFhirDevServer({ port, seed: false })).rejects.toThrow(new RegExp(`cannot listen on 127.0.0.1:${port}: EADDRINUSE`));
    } finally {
      await empty.close();
    }
  });
});
