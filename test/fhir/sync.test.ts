import { sql } from 'kysely';
import type { Location, Practitioner, PractitionerRole } from '@medplum/fhirtypes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFhirDevServer, type FhirDevServer } from '../../server/dev/fhir-dev-server.js';
import type { PractitionerIntent } from '../../server/dev/seed/registry.js';
import { FhirClient } from '../../server/fhir/client.js';
import { FhirSyncError, syncRegistry } from '../../server/fhir/sync.js';
import { contactByRef, openTestDb } from './helpers.js';

const TODAY = new Date('2026-11-25T00:00:00Z');

type TestDb = Awaited<ReturnType<typeof openTestDb>>;

/** What the generator meant each practitioner to become, independent of the sync's code. */
function expectedOutcome(i: PractitionerIntent): 'contact' | 'inactive' | 'no-phone' | 'invalid' | 'duplicate' {
  if (!i.active || i.activeRoles.length === 0) return 'inactive';
  if (i.phone.kind === 'missing') return 'no-phone';
  if (i.phone.kind === 'invalid') return 'invalid';
  if (i.duplicatesPhoneOf) return 'duplicate';
  return 'contact';
}

describe('syncRegistry against the dev server', () => {
  let server: FhirDevServer;
  let t: TestDb;
  let client: FhirClient;

  beforeEach(async () => {
    server = await startFhirDevServer({ port: 0, seedOptions: { today: TODAY } });
    t = await openTestDb('CM');
    client = new FhirClient({ baseUrl: server.url, pageSize: 20 });
  });
  afterEach(async () => {
    await server.close();
    await t.close();
  });

  const sync = (extra: Partial<Parameters<typeof syncRegistry>[0]> = {}) =>
    syncRegistry({ client, db: t.db, workspaceId: t.workspaceId, defaultCountry: 'CM', now: () => TODAY, ...extra });

  it('creates one contact per active practitioner with a usable phone and skips the rest with reasons', async () => {
    const intents = server.seed!.practitioners;
    const outcome = new Map(intents.map((i) => [`Practitioner/${i.id}`, expectedOutcome(i)]));
    const count = (o: string) => [...outcome.values()].filter((x) => x === o).length;
    // The seed always holds each case at least once.
    for (const o of ['contact', 'inactive', 'no-phone', 'invalid', 'duplicate']) expect(count(o), o).toBeGreaterThan(0);

    const result = await sync();
    expect(result.mode).toBe('full');
    expect(result.created).toBe(count('contact'));
    expect(result.updated + result.deactivated + result.unchanged).toBe(0);
    expect(result.skipped).toHaveLength(intents.length - count('contact'));
    for (const { reference, reason } of result.skipped) {
      const o = outcome.get(reference);
      if (o === 'inactive') expect(reason, reference).toMatch(/^inactive \((Practitioner\.active is false|no current PractitionerRole)\); no contact to archive$/);
      else if (o === 'no-phone') expect(reason, reference).toBe('no phone number in telecom');
      else if (o === 'invalid') expect(reason, reference).toMatch(/^invalid phone number ".*" for CM \((TOO_SHORT|TOO_LONG|NOT_A_NUMBER|INVALID_LENGTH|no digits|not a valid number)\)|^invalid phone number ".*" \(no digits\)/);
      else if (o === 'duplicate') expect(reason, reference).toMatch(/^phone \+237\d{9} already belongs to Practitioner\/P1001$/);
      else throw new Error(`${reference} was skipped but should be a contact: ${reason}`);
    }
    const contacts = await t.db.selectFrom('contacts').select('id').where('workspace_id', '=', t.workspaceId).execute();
    expect(contacts).toHaveLength(count('contact'));
  });

  it('normalizes every local and international spelling to E.164 and fills fields from the Location hierarchy', async () => {
    await sync();
    const seed = server.seed!;
    const facilities = new Map(seed.facilities.map((f) => [f.id, f]));
    const spellings = new Set<string>();
    for (const intent of seed.practitioners.filter((i) => expectedOutcome(i) === 'contact')) {
      const contact = await contactByRef(t.db, t.workspaceId, `Practitioner/${intent.id}`);
      expect(contact, intent.id).toBeDefined();
      expect(contact!.phones[0]).toBe(intent.phone.e164);
      const written = intent.phone.telecom!.find((p) => p.system !== 'email')!.value!;
      spellings.add(written.replace(/\d/g, '9'));
      expect(contact!.name).toBe(intent.name);
      expect(contact!.language).toBe(intent.language === 'fr' ? 'fra' : intent.language === 'en' ? 'eng' : null);
      const f = contact!.fieldValues;
      expect(f.fhir_ref).toBe(`Practitioner/${intent.id}`);
      expect(f.gender).toBe(intent.gender);
      const role = intent.activeRoles.find((r) => r.facilityId === f.facility_id);
      expect(role, `${intent.id} facility ${f.facility_id}`).toBeDefined();
      const facility = facilities.get(role!.facilityId)!;
      expect(f.facility).toBe(facility.name);
      expect(f.district).toBe(seed.jurisdictionNames.get(facility.districtId));
      expect(f.region).toBe(seed.jurisdictionNames.get(facility.regionId));
      expect(f.cadre).toBe(role!.cadre.display);
      // Groups: one per cadre, region, district and facility of every current role.
      const expectedGroups = new Set<string>();
      for (const r of intent.activeRoles) {
        const fac = facilities.get(r.facilityId)!;
        expectedGroups.add(`Cadre: ${r.cadre.display}`);
        expectedGroups.add(`Facility: ${fac.name}`);
        expectedGroups.add(`District: ${seed.jurisdictionNames.get(fac.districtId)}`);
        expectedGroups.add(`Region: ${seed.jurisdictionNames.get(fac.regionId)}`);
      }
      expect(contact!.groupNames).toEqual([...expectedGroups].sort());
    }
    // The seed writes numbers in several shapes (+237 …, 00237…, 237-…, (+237) …, national 9 digits, spaced).
    expect(spellings.size).toBeGreaterThanOrEqual(5);
    const nigerian = seed.practitioners.find((i) => i.phone.e164?.startsWith('+234'))!;
    expect((await contactByRef(t.db, t.workspaceId, `Practitioner/${nigerian.id}`))!.phones).toEqual([nigerian.phone.e164]);
  });

  it('is idempotent: a second full sync changes nothing', async () => {
    const first = await sync();
    const second = await sync({ full: true });
    expect(second.created).toBe(0);
    expect(second.updated).toBe(0);
    expect(second.deactivated).toBe(0);
    expect(second.unchanged).toBe(first.created);
  });

  it('incremental sync reads only changes: an edited practitioner is updated, a deactivated one archived', async () => {
    const first = await sync();
    expect(first.cursor).not.toBeNull();
    const contactIntents = server.seed!.practitioners.filter((i) => expectedOutcome(i) === 'contact');
    const [edited, leaving] = [contactIntents[2], contactIntents[3]];
    const before = await contactByRef(t.db, t.workspaceId, `Practitioner/${leaving.id}`);
    expect(before!.groupNames.length).toBeGreaterThan(0);

    await new Promise((r) => setTimeout(r, 5));
    const p = await client.read<Practitioner>('Practitioner', edited.id);
    await client.update<Practitioner>({ ...p, name: [{ use: 'official', text: 'Marie-Claire Renamed', given: ['Marie-Claire'], family: 'Renamed' }] });
    const q = await client.read<Practitioner>('Practitioner', leaving.id);
    await client.update<Practitioner>({ ...q, active: false });

    const second = await sync();
    expect(second.mode).toBe('incremental');
    // `_lastUpdated=ge<cursor>` also re-reads what shares the cursor's instant (the seed loads many resources
    // per millisecond); those are recognised as unchanged and not written.
    expect(second.fetched.Practitioner).toBeLessThan(server.seed!.practitioners.length);
    expect(second.created).toBe(0);
    expect(second.updated).toBe(1);
    expect(second.deactivated).toBe(1);
    expect((await contactByRef(t.db, t.workspaceId, `Practitioner/${edited.id}`))!.name).toBe('Marie-Claire Renamed');
    const after = await contactByRef(t.db, t.workspaceId, `Practitioner/${leaving.id}`);
    expect(after!.status).toBe('archived');
    expect(after!.groupNames).toEqual([]);
    expect(after!.phones).toEqual(before!.phones);

    // Now the cursor is past the seed: one more edit is read with at most the one resource at the cursor instant.
    await new Promise((r) => setTimeout(r, 5));
    const third = contactIntents[4];
    const r3 = await client.read<Practitioner>('Practitioner', third.id);
    await client.update<Practitioner>({ ...r3, gender: r3.gender === 'male' ? 'female' : 'male' });
    const next = await sync();
    expect(next.fetched.Practitioner).toBeLessThanOrEqual(2);
    expect(next.fetched.Practitioner).toBeGreaterThanOrEqual(1);
    expect([next.created, next.updated, next.deactivated]).toEqual([0, 1, 0]);
    expect((await contactByRef(t.db, t.workspaceId, `Practitioner/${third.id}`))!.fieldValues.gender).toBe(r3.gender === 'male' ? 'female' : 'male');

    const quiet = await sync();
    expect(quiet.created + quiet.updated + quiet.deactivated).toBe(0);
  });

  it('an ended role archives the contact; a new role reactivates it and moves its groups', async () => {
    await sync();
    const intent = server.seed!.practitioners.find((i) => expectedOutcome(i) === 'contact' && i.activeRoles.length === 1)!;
    const role = await client.read<PractitionerRole>('PractitionerRole', intent.activeRoles[0].roleId);
    await new Promise((r) => setTimeout(r, 5));
    await client.update<PractitionerRole>({ ...role, active: false, period: { ...role.period, end: '2026-11-01' } });
    const ended = await sync();
    expect(ended.deactivated).toBe(1);
    expect((await contactByRef(t.db, t.workspaceId, `Practitioner/${intent.id}`))!.status).toBe('archived');

    const other = server.seed!.facilities.find((f) => f.id !== intent.activeRoles[0].facilityId)!;
    await new Promise((r) => setTimeout(r, 5));
    await client.create<PractitionerRole>({
      resourceType: 'PractitionerRole',
      active: true,
      practitioner: { reference: `Practitioner/${intent.id}` },
      code: [{ coding: [{ system: 'http://ihris.org/fhir/CodeSystem/ihris-job', code: '2222' }], text: 'Midwife' }],
      location: [{ reference: `Location/${other.id}` }],
      period: { start: '2026-11-10' },
    });
    const back = await sync();
    expect(back.updated).toBe(1);
    const contact = await contactByRef(t.db, t.workspaceId, `Practitioner/${intent.id}`);
    expect(contact!.status).toBe('active');
    expect(contact!.fieldValues.facility_id).toBe(other.id);
    expect(contact!.groupNames).toContain(`Facility: ${other.name}`);
    expect(contact!.groupNames).toContain('Cadre: Midwife');
  });

  it('renaming a district updates every contact below it and renames the district group', async () => {
    await sync();
    const seed = server.seed!;
    const districtId = seed.facilities[0].districtId;
    const below = seed.practitioners.filter(
      (i) => expectedOutcome(i) === 'contact' && i.activeRoles.some((r) => seed.facilities.find((f) => f.id === r.facilityId)!.districtId === districtId),
    );
    expect(below.length).toBeGreaterThan(0);
    const district = await client.read<Location>('Location', districtId);
    await new Promise((r) => setTimeout(r, 5));
    await client.update<Location>({ ...district, name: 'Nouveau District' });
    const result = await sync();
    expect(result.fetched.Practitioner).toBeGreaterThanOrEqual(below.length);
    for (const i of below) {
      const contact = await contactByRef(t.db, t.workspaceId, `Practitioner/${i.id}`);
      expect(contact!.groupNames).toContain('District: Nouveau District');
    }
    const old = await t.db.selectFrom('groups').select('id').where('name', '=', `District: ${seed.jurisdictionNames.get(districtId)}`).execute();
    expect(old).toHaveLength(0);
  });

  it('keeps fields set by flows, keeps an opted-out contact stopped, and adopts a hand-made contact with the same phone', async () => {
    const intents = server.seed!.practitioners.filter((i) => expectedOutcome(i) === 'contact');
    // A contact someone created by hand before the first sync, with the number of intents[0] written in E.164.
    const now = new Date().toISOString();
    await t.db
      .insertInto('contacts')
      .values({ id: 'hand-made', workspace_id: t.workspaceId, uuid: 'hand-made-uuid', name: 'Typed by hand', language: null, timezone: null, status: 'active', fields: '{"shoe_size":"42"}', last_seen_at: null, fhir_ref: null, created_at: now, updated_at: now })
      .execute();
    await t.db
      .insertInto('contact_urns')
      .values({ id: 'urn-1', workspace_id: t.workspaceId, contact_id: 'hand-made', scheme: 'tel', path: intents[0].phone.e164!, identity: `tel:${intents[0].phone.e164}`, priority: 0, channel_id: null, created_at: now })
      .execute();
    const first = await sync();
    expect(first.created + first.updated).toBe(intents.length);
    const adopted = await contactByRef(t.db, t.workspaceId, `Practitioner/${intents[0].id}`);
    expect(adopted!.id).toBe('hand-made');
    expect(adopted!.name).toBe(intents[0].name);
    expect(adopted!.fieldValues.shoe_size).toBe('42');

    const target = await contactByRef(t.db, t.workspaceId, `Practitioner/${intents[1].id}`);
    await t.db.updateTable('contacts').set({ status: 'stopped' }).where('id', '=', target!.id).execute();
    const p = await client.read<Practitioner>('Practitioner', intents[1].id);
    await new Promise((r) => setTimeout(r, 5));
    await client.update<Practitioner>({ ...p, name: [{ text: 'Still Opted Out' }] });
    await sync();
    const after = await contactByRef(t.db, t.workspaceId, `Practitioner/${intents[1].id}`);
    expect(after!.name).toBe('Still Opted Out');
    expect(after!.status).toBe('stopped');
  });

  it('pages through more records than one page on a server without next links', async () => {
    const big = await startFhirDevServer({
      port: 0,
      pagingLinks: false,
      seedOptions: { today: TODAY, size: { regions: 3, districtsPerRegion: [3, 3, 2], facilities: 25, practitioners: 160 } },
    });
    try {
      const pages: number[] = [];
      const small = new FhirClient({ baseUrl: big.url, pageSize: 15 });
      const origSearch = small.searchAll.bind(small);
      small.searchAll = ((type: string, params?: object, onPage?: (p: { page: number }) => void) =>
        origSearch(type as 'Practitioner', params as Record<string, string>, (info) => {
          if (type === 'Practitioner') pages.push(info.page);
          onPage?.(info);
        })) as typeof small.searchAll;
      const result = await syncRegistry({ client: small, db: t.db, workspaceId: t.workspaceId, defaultCountry: 'CM', now: () => TODAY });
      expect(result.fetched.Practitioner).toBe(160);
      expect(Math.max(...pages)).toBeGreaterThanOrEqual(11);
      const expected = big.seed!.practitioners.filter((i) => expectedOutcome(i) === 'contact').length;
      expect(result.created).toBe(expected);
    } finally {
      await big.close();
    }
  });

  it('rolls back everything when a write fails mid-sync, records the failure, and keeps the cursor', async () => {
    // Make the 10th group membership insert fail, after contacts have already been inserted in the transaction.
    await sql`CREATE TRIGGER fail_memberships BEFORE INSERT ON group_members WHEN (SELECT count(*) FROM group_members) >= 10
      BEGIN SELECT RAISE(ABORT, 'simulated disk failure'); END`.execute(t.db);
    const err = await sync().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FhirSyncError);
    expect((err as Error).message).toMatch(/^registry sync failed and nothing was written \(the cursor did not move\): .*simulated disk failure/);
    expect(await t.db.selectFrom('contacts').select('id').execute()).toHaveLength(0);
    expect(await t.db.selectFrom('groups').select('id').execute()).toHaveLength(0);
    const state = await t.sdb.selectFrom('fhir_sync_state').selectAll().executeTakeFirstOrThrow();
    expect(state.last_status).toBe('failed');
    expect(state.last_error).toMatch(/simulated disk failure/);
    expect(state.cursor).toBeNull();

    await sql`DROP TRIGGER fail_memberships`.execute(t.db);
    const retry = await sync();
    expect(retry.mode).toBe('full');
    expect(retry.created).toBeGreaterThan(0);
    const ok = await t.sdb.selectFrom('fhir_sync_state').selectAll().executeTakeFirstOrThrow();
    expect(ok.last_status).toBe('ok');
    expect(ok.cursor).toBe(retry.cursor);
  });

  it('fails clearly, writing nothing, when the FHIR server is unreachable', async () => {
    const url = server.url;
    await server.close();
    server = await startFhirDevServer({ port: 0, seed: false }); // for afterEach
    const dead = new FhirClient({ baseUrl: url, retries: 0 });
    await expect(syncRegistry({ client: dead, db: t.db, workspaceId: t.workspaceId, defaultCountry: 'CM' })).rejects.toThrow(
      /registry sync failed and nothing was written .*network error/,
    );
    expect(await t.db.selectFrom('contacts').select('id').execute()).toHaveLength(0);
  });

  it('rejects an unknown default country and a workspace without one', async () => {
    await expect(sync({ defaultCountry: 'XX' })).rejects.toThrow(/default country "XX" is not an ISO-3166 alpha-2 code/);
    const noCountry = await openTestDb(null);
    try {
      await expect(syncRegistry({ client, db: noCountry.db, workspaceId: noCountry.workspaceId })).rejects.toThrow(/no default country/);
    } finally {
      await noCountry.close();
    }
  });
});
