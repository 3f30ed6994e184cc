import type { Location, Organization, Patient, Practitioner, PractitionerRole, Resource } from '@medplum/fhirtypes';
import { idChunks, newestStamp } from './resource-batches.js';
import type { Kysely } from 'kysely';
import type { CountryCode } from 'libphonenumber-js';
import { isoNow } from '../db/ids.js';
import type { Database } from '../db/schema.js';
import type { FhirClient } from './client.js';
import type { ContactPlan } from './contact-plan.js';
import { ContactWriter, type WriteTally } from './contact-writer.js';
import { findOrCreateConnection, loadConnection } from './connections.js';
import { LocationHierarchy } from './hierarchy.js';
import { PATIENT_FIELD_KEYS, planPatient } from './patient-plan.js';
import { assertCountry } from './phone.js';
import { planPractitioner, practitionerIdOf, REGISTRY_FIELD_KEYS } from './registry-plan.js';
import { asSyncDb, type SyncScope } from './sync-schema.js';
import { readCursor, recordSyncRun } from './sync-state.js';

/**
 * Options of a sync run.
 *
 * Example: `{ client: new FhirClient({ baseUrl }), db, workspaceId: ws.id, defaultCountry: 'CM' }`.
 */
export interface SyncOptions {
  client: FhirClient;
  db: Kysely<Database>;
  workspaceId: string;
  /** ISO-3166 alpha-2 country for national phone formats. Default: the workspace's default_country. */
  defaultCountry?: string;
  /** Only resources changed at or after this instant (overrides the stored cursor). */
  since?: string;
  /** Ignore the stored cursor and read everything; also archives contacts whose resource was deleted. */
  full?: boolean;
  /** The fhir_connections row the cursor belongs to. Default: found or created by the client's base URL. */
  connectionId?: string;
  /** Clock, for role periods and timestamps. */
  now?: () => Date;
  /** Called after each page read and when writing starts (for progress bars); must not throw. */
  onProgress?: (event: SyncProgressEvent) => void;
}

/**
 * Progress of a running sync. Example: `{ scope: 'registry', phase: 'reading', resourceType: 'Practitioner',
 * fetched: { Location: 36, Practitioner: 40 }, total: 50 }`, then `{ scope: 'registry', phase: 'writing', fetched, planned: 50 }`.
 */
export interface SyncProgressEvent {
  scope: SyncScope;
  phase: 'reading' | 'writing';
  resourceType?: string;
  /** Resources read so far, per type. */
  fetched: Record<string, number>;
  /** The server's total for the search being read, when it gives one. */
  total?: number;
  /** Contacts about to be written (writing phase). */
  planned?: number;
}

/** `client.searchAll` that reports each page to `onProgress`. */
function progressReader(options: SyncOptions, scope: SyncScope) {
  const fetched: Record<string, number> = {};
  return {
    fetched,
    all<T extends Resource>(resourceType: T['resourceType'], params: Record<string, string> = {}): Promise<T[]> {
      return options.client.searchAll<T>(resourceType, params, (page) => {
        fetched[resourceType] = (fetched[resourceType] ?? 0) + page.received;
        try {
          options.onProgress?.({ scope, phase: 'reading', resourceType, fetched: { ...fetched }, total: page.total });
        } catch {
          // progress reporting never breaks a sync
        }
      });
    },
    writing(planned: number): void {
      try {
        options.onProgress?.({ scope, phase: 'writing', fetched: { ...fetched }, planned });
      } catch {
        // as above
      }
    },
  };
}

/**
 * What a sync did. `skipped` lists every record that did not become (or stay) an active contact, with why.
 *
 * Example: `{ created: 44, updated: 0, deactivated: 0, unchanged: 0, skipped: [{ reference: 'Practitioner/P1004',
 *   reason: 'invalid phone number "0677…" for CM (TOO_LONG)' }], mode: 'full', cursor: '2026-11-25T14:46:00.123Z', fetched: { Practitioner: 50, … } }`.
 */
export interface SyncResult extends WriteTally {
  connectionId: string;
  mode: 'full' | 'incremental';
  /** The new `_lastUpdated` cursor (highest meta.lastUpdated seen), stored for the next run. */
  cursor: string | null;
  /** How many resources of each type were read from the server. */
  fetched: Record<string, number>;
}

/** A sync that failed; nothing of it was written (the transaction rolled back) and the failure is recorded. */
export class FhirSyncError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FhirSyncError';
  }
}

/** Ids per search when asking for many resources at once (`_id=a,b,…`), keeping URLs short. */

function byNaturalRef(a: ContactPlan, b: ContactPlan): number {
  return a.ref.localeCompare(b.ref, 'en', { numeric: true });
}

interface RunContext {
  db: Kysely<Database>;
  workspaceId: string;
  connectionId: string;
  country: CountryCode;
  cursor: string | null;
  now: Date;
}

async function prepare(options: SyncOptions, scope: SyncScope): Promise<RunContext> {
  const { db, workspaceId, client } = options;
  const workspace = await db.selectFrom('workspaces').select(['id', 'default_country']).where('id', '=', workspaceId).executeTakeFirst();
  if (!workspace) throw new FhirSyncError(`workspace ${workspaceId} does not exist`);
  const countryText = options.defaultCountry ?? workspace.default_country;
  if (!countryText) throw new FhirSyncError('no default country: pass defaultCountry (e.g. "CM") or set the workspace default_country');
  const country = assertCountry(countryText);
  const connection = options.connectionId
    ? await loadConnection(db, workspaceId, options.connectionId)
    : await findOrCreateConnection(db, workspaceId, client.baseUrl);
  if (options.since !== undefined && Number.isNaN(Date.parse(options.since))) {
    throw new FhirSyncError(`since must be an ISO-8601 instant, got "${options.since}"`);
  }
  const cursor = options.full ? null : (options.since ?? (await readCursor(asSyncDb(db), connection.id, scope)));
  return { db, workspaceId, connectionId: connection.id, country, cursor, now: options.now?.() ?? new Date() };
}

/**
 * Writes the plans in ONE transaction together with the new cursor; on any error the transaction rolls
 * back, the failure is recorded in fhir_sync_state, and a FhirSyncError says that nothing was written.
 */
async function commit(
  run: RunContext,
  scope: SyncScope,
  startedAt: string,
  work: () => Promise<{ plans: ContactPlan[]; present?: Set<string>; prefix: string; ownedFieldKeys: readonly string[]; cursor: string | null; fetched: Record<string, number> }>,
): Promise<SyncResult> {
  const db = asSyncDb(run.db);
  const mode = run.cursor ? 'incremental' : 'full';
  try {
    const { plans, present, prefix, ownedFieldKeys, cursor, fetched } = await work();
    const tally: WriteTally = { created: 0, updated: 0, deactivated: 0, unchanged: 0, skipped: [] };
    await db.transaction().execute(async (trx) => {
      const writer = new ContactWriter({ db: trx, workspaceId: run.workspaceId, connectionId: run.connectionId, now: isoNow(run.now), ownedFieldKeys });
      await writer.apply([...plans].sort(byNaturalRef), tally);
      if (present) await writer.archiveMissing(prefix, present, tally);
      const { skipped, ...counts } = tally;
      await recordSyncRun(trx, {
        workspaceId: run.workspaceId,
        connectionId: run.connectionId,
        scope,
        startedAt,
        finishedAt: isoNow(),
        status: 'ok',
        cursor,
        summary: { ...counts, skipped: skipped.length, mode, fetched },
      });
    });
    return { ...tally, connectionId: run.connectionId, mode, cursor, fetched };
  } catch (err) {
    const message = (err as Error)?.message ?? String(err);
    try {
      await recordSyncRun(db, {
        workspaceId: run.workspaceId,
        connectionId: run.connectionId,
        scope,
        startedAt,
        finishedAt: isoNow(),
        status: 'failed',
        summary: { mode },
        error: message,
      });
    } catch {
      // Recording the failure must not hide the failure itself.
    }
    throw new FhirSyncError(`${scope} sync failed and nothing was written (the cursor did not move): ${message}`, { cause: err });
  }
}

/**
 * Syncs the health-worker registry (iHRIS / any mCSD server) into contacts and groups:
 * Practitioner + PractitionerRole + Location (facility → district → region via partOf) + Organization.
 * See server/fhir/README.md for the field and group mapping.
 *
 * Incremental by `_lastUpdated`: a run reads Practitioners and PractitionerRoles changed since the stored
 * cursor, plus all Locations/Organizations (the hierarchy), and recomputes every practitioner touched by a
 * changed practitioner, role, or location (a renamed district moves everyone below it).
 *
 * Example: `const r = await syncRegistry({ client, db, workspaceId, defaultCountry: 'CM' }); r.created // 44`
 */
export async function syncRegistry(options: SyncOptions): Promise<SyncResult> {
  const startedAt = isoNow();
  const run = await prepare(options, 'registry');
  const client = progressReader(options, 'registry');
  return commit(run, 'registry', startedAt, async () => {
    const [locations, organizations] = await Promise.all([client.all<Location>('Location'), client.all<Organization>('Organization')]);
    const hierarchy = new LocationHierarchy(locations, organizations);
    let practitioners: Practitioner[];
    let roles: PractitionerRole[];
    if (!run.cursor) {
      [practitioners, roles] = await Promise.all([client.all<Practitioner>('Practitioner'), client.all<PractitionerRole>('PractitionerRole')]);
    } else {
      const since = `ge${run.cursor}`;
      const sinceMs = Date.parse(run.cursor);
      const [changedPractitioners, changedRoles] = await Promise.all([
        client.all<Practitioner>('Practitioner', { _lastUpdated: since }),
        client.all<PractitionerRole>('PractitionerRole', { _lastUpdated: since }),
      ]);
      const changedPlaces = new Set(
        [...locations, ...organizations].filter((r) => r.meta?.lastUpdated && Date.parse(r.meta.lastUpdated) >= sinceMs).map((r) => r.id!),
      );
      const affectedPlaces = locations.filter((l) => hierarchy.isWithin(l.id!, changedPlaces)).map((l) => l.id!);
      const rolesAtChangedPlaces: PractitionerRole[] = [];
      for (const ids of idChunks(affectedPlaces)) {
        rolesAtChangedPlaces.push(...(await client.all<PractitionerRole>('PractitionerRole', { location: ids.map((id) => `Location/${id}`).join(',') })));
      }
      const affected = new Set<string>(changedPractitioners.map((p) => p.id!));
      for (const role of [...changedRoles, ...rolesAtChangedPlaces]) {
        const id = practitionerIdOf(role);
        if (id) affected.add(id);
      }
      practitioners = [...changedPractitioners];
      const missing = [...affected].filter((id) => !changedPractitioners.some((p) => p.id === id));
      for (const ids of idChunks(missing)) practitioners.push(...(await client.all<Practitioner>('Practitioner', { _id: ids.join(',') })));
      roles = [];
      for (const ids of idChunks([...affected])) {
        roles.push(...(await client.all<PractitionerRole>('PractitionerRole', { practitioner: ids.map((id) => `Practitioner/${id}`).join(',') })));
      }
    }
    const rolesByPractitioner = new Map<string, PractitionerRole[]>();
    for (const role of roles) {
      const id = practitionerIdOf(role);
      if (id) rolesByPractitioner.set(id, [...(rolesByPractitioner.get(id) ?? []), role]);
    }
    const plans = practitioners.filter((p) => p.id).map((p) => planPractitioner(p, rolesByPractitioner.get(p.id!) ?? [], hierarchy, run.country, run.now));
    client.writing(plans.length);
    return {
      plans,
      present: run.cursor ? undefined : new Set(plans.map((p) => p.ref)),
      prefix: 'Practitioner/',
      ownedFieldKeys: REGISTRY_FIELD_KEYS,
      cursor: newestStamp(run.cursor, [...practitioners, ...roles, ...locations, ...organizations]),
      fetched: { Practitioner: practitioners.length, PractitionerRole: roles.length, Location: locations.length, Organization: organizations.length },
    };
  });
}

/**
 * Syncs patients (OpenMRS FHIR2 shape, or any FHIR Patient) into contacts in the "Patients" group, with
 * the same phone normalization. Incremental by `_lastUpdated` like the registry, with its own cursor.
 *
 * Example: `await syncPatients({ client: openmrs, db, workspaceId, defaultCountry: 'CM' })`.
 */
export async function syncPatients(options: SyncOptions): Promise<SyncResult> {
  const startedAt = isoNow();
  const run = await prepare(options, 'patients');
  const client = progressReader(options, 'patients');
  return commit(run, 'patients', startedAt, async () => {
    const patients = await client.all<Patient>('Patient', run.cursor ? { _lastUpdated: `ge${run.cursor}` } : {});
    const plans = patients.filter((p) => p.id).map((p) => planPatient(p, run.country, run.now));
    client.writing(plans.length);
    return {
      plans,
      present: run.cursor ? undefined : new Set(plans.map((p) => p.ref)),
      prefix: 'Patient/',
      ownedFieldKeys: PATIENT_FIELD_KEYS,
      cursor: newestStamp(run.cursor, patients),
      fetched: { Patient: patients.length },
    };
  });
}
