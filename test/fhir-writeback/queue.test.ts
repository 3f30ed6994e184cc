/**
 * The write-back queue's rules with a stand-in endpoint (no network): refusals fail at once and stay
 * visible, retries stop after the policy's attempts, failed writes can be requeued, and connections are
 * resolved by id, name or as the workspace's only one.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Resource } from '@medplum/fhirtypes';
import { FhirRequestError } from '../../server/fhir/client.js';
import { findOrCreateConnection } from '../../server/fhir/connections.js';
import { FhirEffects, type FhirEndpoint } from '../../server/fhir/effects.js';
import { ifNoneExistFor, listWrites, requeueWrite } from '../../server/fhir/writeback/queue.js';
import { nextAttemptDelay } from '../../server/fhir/writeback/backoff.js';
import { openTestDb } from '../fhir/helpers.js';

type TestDb = Awaited<ReturnType<typeof openTestDb>>;

/** An endpoint whose create answers from a script: an Error to throw, or a resource to return. */
function scriptedEndpoint(script: (Error | 'ok')[]): FhirEndpoint & { creates: { resource: Resource; ifNoneExist?: string }[] } {
  const creates: { resource: Resource; ifNoneExist?: string }[] = [];
  const next = () => script.shift() ?? 'ok';
  return {
    creates,
    async create<T extends Resource>(resource: T, ifNoneExist?: string): Promise<T> {
      creates.push({ resource, ifNoneExist });
      const step = next();
      if (step instanceof Error) throw step;
      return { ...resource, id: `srv-${creates.length}` };
    },
    async update<T extends Resource>(resource: T): Promise<T> {
      return resource;
    },
    read: () => Promise.reject(new Error('not used')),
    searchPage: () => Promise.reject(new Error('not used')),
  } as FhirEndpoint & { creates: { resource: Resource; ifNoneExist?: string }[] };
}

const FLAG = { resourceType: 'Flag', status: 'active', code: { text: 'fridge' }, subject: { reference: 'Location/F1' }, identifier: [{ system: 'urn:ietf:rfc:3986', value: 'urn:uuid:0196aaaa-0000-7000-8000-000000000001' }] };
const down = () => new FhirRequestError('POST Flag on http://moh/fhir failed: network error: connect ECONNREFUSED after 1 attempt', undefined);

describe('the write-back queue', () => {
  let t: TestDb;
  let now: Date;
  beforeEach(async () => {
    t = await openTestDb('CM');
    now = new Date('2026-11-25T10:00:00Z');
  });
  afterEach(async () => t.close());

  it('fails a refused resource at once, keeps it visible, and sends it again once requeued', async () => {
    await findOrCreateConnection(t.db, t.workspaceId, 'http://moh.example.org/fhir');
    const endpoint = scriptedEndpoint([new FhirRequestError('POST Flag failed: HTTP 400 (Flag.status is required)', 400), 'ok']);
    const effects = new FhirEffects({ db: t.db, workspaceId: t.workspaceId, now: () => now, clientFor: () => endpoint });
    await expect(effects.write(null, FLAG)).rejects.toThrow(/HTTP 400 \(Flag.status is required\) \(kept as failed write .+\)/);
    const [failed] = await listWrites(t.db, t.workspaceId, { status: 'failed' });
    expect(failed).toMatchObject({ resource_type: 'Flag', attempts: 1, next_attempt_at: null, last_error: 'POST Flag failed: HTTP 400 (Flag.status is required)' });
    expect(JSON.parse(failed.resource)).toEqual(FLAG);
    expect(await effects.retryDue()).toEqual({ written: 0, pending: 0, failed: 0 });

    await requeueWrite(t.db, t.workspaceId, failed.id, now);
    expect(await effects.retryDue()).toEqual({ written: 1, pending: 0, failed: 0 });
    expect((await listWrites(t.db, t.workspaceId))[0]).toMatchObject({ status: 'written', result_id: 'srv-2', last_error: null });
    // every attempt is conditional on the identifier, so a lost response never becomes a duplicate
    expect(endpoint.creates.map((c) => c.ifNoneExist)).toEqual([ifNoneExistFor(FLAG), ifNoneExistFor(FLAG)]);
    expect(ifNoneExistFor(FLAG)).toBe('identifier=urn%3Aietf%3Arfc%3A3986%7Curn%3Auuid%3A0196aaaa-0000-7000-8000-000000000001');
    await expect(requeueWrite(t.db, t.workspaceId, failed.id, now)).rejects.toThrow(`FHIR write ${failed.id} is not a failed write of workspace ${t.workspaceId}`);
  });

  it('backs off while the server is down and gives up after the last attempt, saying so', async () => {
    await findOrCreateConnection(t.db, t.workspaceId, 'http://moh.example.org/fhir');
    const backoff = { baseMs: 1000, maxMs: 4000, maxAttempts: 4 };
    const endpoint = scriptedEndpoint([down(), down(), down(), down()]);
    const effects = new FhirEffects({ db: t.db, workspaceId: t.workspaceId, now: () => now, clientFor: () => endpoint, backoff });
    expect(await effects.write(null, FLAG)).toMatchObject({ id: '', resourceType: 'Flag', queued: true });
    const delays: number[] = [];
    for (let i = 0; i < 3; i++) {
      const [row] = await listWrites(t.db, t.workspaceId);
      if (row.status !== 'pending') break;
      delays.push(new Date(row.next_attempt_at!).getTime() - now.getTime());
      now = new Date(row.next_attempt_at!);
      await effects.retryDue();
    }
    expect(delays).toEqual([1000, 2000, 4000]);
    const [row] = await listWrites(t.db, t.workspaceId);
    expect(row).toMatchObject({ status: 'failed', attempts: 4 });
    expect(row.last_error).toMatch(/ECONNREFUSED .*\(gave up after 4 attempts\)$/);
    expect(nextAttemptDelay(30, { baseMs: 1000, maxMs: 4000, maxAttempts: 100 })).toBe(4000);
  });

  it('resolves connections by id or name, or the only one; says which exist otherwise', async () => {
    const effects = new FhirEffects({ db: t.db, workspaceId: t.workspaceId, clientFor: () => scriptedEndpoint([]) });
    await expect(effects.write(null, FLAG)).rejects.toThrow('this workspace has no FHIR connection; add one in Settings → FHIR');
    const a = await findOrCreateConnection(t.db, t.workspaceId, 'http://hapi.moh.example.org/fhir');
    expect((await effects.connection(null)).id).toBe(a.id);
    await findOrCreateConnection(t.db, t.workspaceId, 'http://openmrs.example.org/fhir');
    await expect(effects.connection(null)).rejects.toThrow('this workspace has 2 FHIR connections (hapi.moh.example.org, openmrs.example.org); name one in the flow');
    expect((await effects.connection('openmrs.example.org')).base_url).toBe('http://openmrs.example.org/fhir');
    expect((await effects.connection(a.id)).id).toBe(a.id);
    await expect(effects.read('dhis2', 'Location/F1')).rejects.toThrow('no FHIR connection "dhis2" in this workspace (have: hapi.moh.example.org, openmrs.example.org)');
  });
});
