import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Patient } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFhirDevServer, type FhirDevServer } from '../../server/dev/fhir-dev-server.js';
import { FhirClient } from '../../server/fhir/client.js';
import { runConnectionSync } from '../../server/fhir/run-connection-sync.js';
import { syncPatients, syncRegistry } from '../../server/fhir/sync.js';
import { contactByRef, openTestDb } from './helpers.js';

const TODAY = new Date('2026-11-25T00:00:00Z');

describe('syncPatients (OpenMRS FHIR2 shape)', () => {
  let server: FhirDevServer;
  let t: Awaited<ReturnType<typeof openTestDb>>;
  let client: FhirClient;

  beforeAll(async () => {
    server = await startFhirDevServer({ port: 0, seedOptions: { today: TODAY } });
    t = await openTestDb('CM');
    client = new FhirClient({ baseUrl: server.url, pageSize: 3 });
  });
  afterAll(async () => {
    await server.close();
    await t.close();
  });

  it('puts active patients with a phone into the "Patients" group, normalizing system-less local numbers', async () => {
    const intents = server.seed!.patients;
    const result = await syncPatients({ client, db: t.db, workspaceId: t.workspaceId, now: () => TODAY });
    const good = intents.filter((p) => p.active && p.phone.kind === 'valid');
    expect(result.created).toBe(good.length);
    expect(result.skipped).toHaveLength(intents.length - good.length);
    for (const p of good) {
      const contact = await contactByRef(t.db, t.workspaceId, `Patient/${p.id}`);
      expect(contact!.phones).toEqual([p.phone.e164]);
      expect(contact!.groupNames).toEqual(['Patients']);
      expect(contact!.name).toBe(p.name);
      expect(contact!.fieldValues.patient_id).toMatch(/^10\d{4}[A-Z]$/);
      // Written locally, without `system`, as OpenMRS does.
      const raw = (await client.read<Patient>('Patient', p.id)).telecom![0];
      expect(raw.system).toBeUndefined();
      expect(raw.value!.startsWith('+')).toBe(false);
    }
    const reasons = new Map(result.skipped.map((s) => [s.reference, s.reason]));
    for (const p of intents.filter((i) => !(i.active && i.phone.kind === 'valid'))) {
      const reason = reasons.get(`Patient/${p.id}`);
      if (!p.active) expect(reason).toBe('inactive (Patient.active is false); no contact to archive');
      else if (p.phone.kind === 'missing') expect(reason).toBe('no phone number in telecom');
      else expect(reason).toMatch(/^invalid phone number "0\d{9}" for CM/);
    }
  });

  it('archives a patient who died, incrementally, without touching health workers', async () => {
    await syncRegistry({ client, db: t.db, workspaceId: t.workspaceId, now: () => TODAY });
    const workersBefore = await t.db.selectFrom('contacts').select('id').where('fhir_ref', 'like', 'Practitioner/%').where('status', '=', 'active').execute();
    const target = server.seed!.patients.find((p) => p.active && p.phone.kind === 'valid')!;
    const patient = await client.read<Patient>('Patient', target.id);
    await new Promise((r) => setTimeout(r, 5));
    await client.update<Patient>({ ...patient, deceasedDateTime: '2026-11-20' });
    const result = await syncPatients({ client, db: t.db, workspaceId: t.workspaceId, now: () => TODAY });
    expect(result.mode).toBe('incremental');
    expect(result.deactivated).toBe(1);
    const contact = await contactByRef(t.db, t.workspaceId, `Patient/${target.id}`);
    expect(contact!.status).toBe('archived');
    expect(contact!.groupNames).toEqual([]);
    const workersAfter = await t.db.selectFrom('contacts').select('id').where('fhir_ref', 'like', 'Practitioner/%').where('status', '=', 'active').execute();
    expect(workersAfter).toHaveLength(workersBefore.length);
  });
});

describe('runConnectionSync', () => {
  it('syncs a stored connection with its basic auth header', async () => {
    const server = await startFhirDevServer({ port: 0, seedOptions: { today: TODAY } });
    const seen = new Set<string | undefined>();
    // A proxy in front of the dev server that demands basic auth, like an iHRIS behind nginx.
    const proxy = http.createServer(async (req, res) => {
      seen.add(req.headers.authorization);
      if (req.headers.authorization !== `Basic ${Buffer.from('ihris:pw').toString('base64')}`) return void res.writeHead(401).end('{}');
      const upstream = await fetch(server.url.replace('/fhir', '') + req.url);
      res.writeHead(upstream.status, { 'content-type': 'application/fhir+json' }).end(await upstream.text());
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
    const t = await openTestDb('CM');
    try {
      const port = (proxy.address() as AddressInfo).port;
      const now = new Date().toISOString();
      await t.db
        .insertInto('fhir_connections')
        .values({ id: 'conn-1', workspace_id: t.workspaceId, name: 'iHRIS', base_url: `http://127.0.0.1:${port}/fhir`, auth: JSON.stringify({ type: 'basic', username: 'ihris', password: 'pw' }), created_at: now, updated_at: now })
        .execute();
      const { registry, patients } = await runConnectionSync({ db: t.db, workspaceId: t.workspaceId, connectionId: 'conn-1', patients: true });
      expect(registry!.created).toBeGreaterThan(0);
      expect(patients!.created).toBeGreaterThan(0);
      expect(registry!.connectionId).toBe('conn-1');
      expect([...seen]).toEqual([`Basic ${Buffer.from('ihris:pw').toString('base64')}`]);
      await t.db.updateTable('fhir_connections').set({ auth: '{"type":"basic"}' }).where('id', '=', 'conn-1').execute();
      await expect(runConnectionSync({ db: t.db, workspaceId: t.workspaceId, connectionId: 'conn-1' })).rejects.toThrow(/fhir_connections.auth is invalid at "username"/);
    } finally {
      proxy.close();
      await server.close();
      await t.close();
    }
  });
});
