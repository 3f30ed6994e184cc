/**
 * Lab results watcher: polls a FHIR connection for completed Tasks and final DiagnosticReports changed
 * since its `_lastUpdated` cursor, records each new result once (`fhir_watch_items`, key
 * "DiagnosticReport/<id>") with its ordering facility, then starts the configured results-delivery flow
 * for the facility's health workers, several results per message (params: ./lab-result-params.ts).
 *
 * Ordering facility, first found: Task.requester / Task.location (Organization or Location; mCSD gives a
 * facility both with one id), DiagnosticReport.performer, the ServiceRequest's locationReference, the
 * ordering Practitioner's facility (the synced contact's `facility_id`), the Patient's managingOrganization.
 *
 * Results whose facility has no active health worker yet stay `pending` and go out once one is synced.
 * Recording and the cursor share one transaction; a flow start and its items' `delivered` mark share
 * another, so a crash between them neither loses nor repeats a result.
 *
 *   await pollLabResults({ db, workspaceId, watcher, client, now });   // { found: 5, new: 5, delivered: 4, waiting: 1, messages: 2 }
 */
import type { DiagnosticReport, Location, Observation, Organization, Patient, Reference, Resource, ServiceRequest, Task } from '@medplum/fhirtypes';
import { idChunks, newestStamp } from '../resource-batches.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { FhirWatchersTable } from '../../db/schema-fhir-watch.js';
import { createFlowStart } from '../../messaging/flow-starts.js';
import { all, sqlFor } from '../../messaging/sql.js';
import type { FhirClient } from '../client.js';
import { pendingItems, recordItem, setItemStatus } from './items.js';
import { labResultParam, labResultsParams, type LabResultParam } from './lab-result-params.js';
import { watcherSettings } from './watchers.js';

export interface WatchPassInput {
  db: Kysely<Database>;
  workspaceId: string;
  watcher: FhirWatchersTable;
  client: Pick<FhirClient, 'searchAll' | 'read'>;
  now: Date;
}

/** Example: `{ found: 5, new: 5, delivered: 4, waiting: 1, messages: 2, skipped: ['DiagnosticReport/x: no ordering facility'] }`. */
export interface LabResultsSummary {
  found: number;
  new: number;
  delivered: number;
  waiting: number;
  messages: number;
  skipped: string[];
}

/** What an item holds until it is delivered. */
interface LabItemDetail {
  facility: { id: string; name: string };
  result: LabResultParam;
}

function idOf(ref: Reference | undefined, types: readonly string[]): { type: string; id: string } | null {
  const m = /^([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(ref?.reference ?? '');
  return m && types.includes(m[1]!) ? { type: m[1]!, id: m[2]! } : null;
}

async function byIds<T extends Resource>(client: WatchPassInput['client'], type: T['resourceType'], ids: Iterable<string>): Promise<Map<string, T>> {
  const list = [...new Set(ids)];
  const out = new Map<string, T>();
  for (const ids of idChunks(list)) {
    for (const r of await client.searchAll<T>(type, { _id: ids.join(',') })) if (r.id) out.set(r.id, r);
  }
  return out;
}


/** Reads new results and records them (with the cursor) in one transaction. */
async function collect(input: WatchPassInput, summary: LabResultsSummary): Promise<void> {
  const { db, workspaceId, watcher, client, now } = input;
  const settings = watcherSettings('lab_results', watcher.settings);
  const since: Record<string, string> = watcher.cursor ? { _lastUpdated: `ge${watcher.cursor}` } : {};
  const [tasks, reports] = await Promise.all([
    client.searchAll<Task>('Task', { status: 'completed', ...since }),
    client.searchAll<DiagnosticReport>('DiagnosticReport', { status: 'final,amended,corrected', ...since }),
  ]);
  // A report and the Task that carries it: the Task says who ordered.
  const taskOfReport = new Map<string, Task>();
  for (const task of tasks) {
    for (const out of task.output ?? []) {
      const ref = idOf(out.valueReference, ['DiagnosticReport']);
      if (ref) taskOfReport.set(ref.id, task);
    }
  }
  const reportById = new Map(reports.filter((r) => r.id).map((r) => [r.id!, r]));
  const missing = [...taskOfReport.keys()].filter((id) => !reportById.has(id));
  for (const [id, r] of await byIds<DiagnosticReport>(client, 'DiagnosticReport', missing)) {
    if (r.status === 'final' || r.status === 'amended' || r.status === 'corrected') reportById.set(id, r);
  }
  const cursor = newestStamp(watcher.cursor, [...tasks, ...reports]);

  // A new watcher does not replay years of results: only those issued in the last `lookback_days`.
  const oldest = watcher.cursor ? null : now.getTime() - settings.lookback_days * 86_400_000;
  const known = new Set(
    (await db.selectFrom('fhir_watch_items').select('item_key').where('workspace_id', '=', workspaceId).where('kind', '=', 'lab_results').where('item_key', 'in', [...reportById.keys()].map((id) => `DiagnosticReport/${id}`).concat('')).execute()).map((r) => r.item_key),
  );
  const fresh = [...reportById.values()].filter((r) => !known.has(`DiagnosticReport/${r.id}`) && (oldest === null || Date.parse(r.issued ?? r.effectiveDateTime ?? r.meta?.lastUpdated ?? '') >= oldest));
  summary.found = reportById.size;

  const observations = await byIds<Observation>(client, 'Observation', fresh.flatMap((r) => (r.result ?? []).map((x) => idOf(x, ['Observation'])?.id).filter((x): x is string => !!x)));
  const patients = await byIds<Patient>(client, 'Patient', fresh.map((r) => idOf(r.subject, ['Patient'])?.id).filter((x): x is string => !!x));
  const requests = await byIds<ServiceRequest>(client, 'ServiceRequest', fresh.flatMap((r) => [...(r.basedOn ?? []), ...(taskOfReport.get(r.id!)?.basedOn ?? [])].map((b) => idOf(b, ['ServiceRequest'])?.id).filter((x): x is string => !!x)));
  const facilityNames = new Map<string, string>();

  const records: { key: string; groupKey: string; detail: LabItemDetail }[] = [];
  for (const report of fresh) {
    const task = taskOfReport.get(report.id!);
    const patient = patients.get(idOf(report.subject, ['Patient'])?.id ?? '');
    const request = [...(report.basedOn ?? []), ...(task?.basedOn ?? [])].map((b) => requests.get(idOf(b, ['ServiceRequest'])?.id ?? '')).find(Boolean);
    const facilityId = await orderingFacility(db, workspaceId, { task, report, request, patient });
    if (!facilityId) {
      summary.skipped.push(`DiagnosticReport/${report.id}: no ordering facility (Task.requester, performer, ServiceRequest requester or patient's organization)`);
      continue;
    }
    if (!facilityNames.has(facilityId)) facilityNames.set(facilityId, await facilityName(client, facilityId));
    const obs = (report.result ?? []).map((x) => observations.get(idOf(x, ['Observation'])?.id ?? '')).filter((o): o is Observation => !!o);
    records.push({
      key: `DiagnosticReport/${report.id}`,
      groupKey: `Location/${facilityId}`,
      detail: { facility: { id: `Location/${facilityId}`, name: facilityNames.get(facilityId)! }, result: labResultParam(report, obs, patient) },
    });
  }
  await db.transaction().execute(async (trx) => {
    for (const r of records) if (await recordItem(trx, { workspaceId, kind: 'lab_results', key: r.key, groupKey: r.groupKey, detail: r.detail }, now)) summary.new++;
    await trx.updateTable('fhir_watchers').set({ cursor }).where('id', '=', watcher.id).execute();
  });
  watcher.cursor = cursor;
}

/** The ordering facility's id (a Location id; mCSD facilities share it with their Organization). */
async function orderingFacility(
  db: Kysely<Database>,
  workspaceId: string,
  from: { task?: Task; report: DiagnosticReport; request?: ServiceRequest; patient?: Patient },
): Promise<string | null> {
  const places = ['Organization', 'Location'];
  const direct =
    idOf(from.task?.requester, places) ??
    idOf(from.task?.location, places) ??
    (from.report.performer ?? []).map((p) => idOf(p, places)).find(Boolean) ??
    (from.request?.locationReference ?? []).map((p) => idOf(p, places)).find(Boolean);
  if (direct) return direct.id;
  const practitioner = idOf(from.request?.requester, ['Practitioner']) ?? idOf(from.task?.requester, ['Practitioner']);
  if (practitioner) {
    const contact = await db.selectFrom('contacts').select('fields').where('workspace_id', '=', workspaceId).where('fhir_ref', '=', `Practitioner/${practitioner.id}`).executeTakeFirst();
    const facility = contact ? (JSON.parse(contact.fields) as Record<string, string>).facility_id : undefined;
    if (facility) return facility;
  }
  return idOf(from.patient?.managingOrganization, places)?.id ?? null;
}

async function facilityName(client: WatchPassInput['client'], id: string): Promise<string> {
  for (const type of ['Location', 'Organization'] as const) {
    try {
      const place = await client.read<Location | Organization>(type, id);
      if (place.name) return place.name;
    } catch {
      // try the other type
    }
  }
  return id;
}

/** The active health workers of a facility (synced contacts whose `facility_id` field is it). */
async function facilityWorkers(db: Kysely<Database>, workspaceId: string, facilityId: string, cadre: string): Promise<string[]> {
  const d = sqlFor(db);
  const rows = await all<{ uuid: string; cadre: string | null }>(
    db,
    `SELECT uuid, ${d.jsonText('fields', ['cadre'])} AS cadre FROM contacts WHERE workspace_id = ? AND status = 'active' AND ${d.jsonText('fields', ['facility_id'])} = ? ORDER BY uuid`,
    [workspaceId, facilityId],
  );
  return rows.filter((r) => !cadre || (r.cadre ?? '').toLowerCase().includes(cadre.toLowerCase())).map((r) => r.uuid);
}

/** Starts the flow for every facility with pending results and at least one health worker. */
async function deliver(input: WatchPassInput, summary: LabResultsSummary): Promise<void> {
  const { db, workspaceId, watcher, now } = input;
  const settings = watcherSettings('lab_results', watcher.settings);
  const pending = await pendingItems(db, workspaceId, 'lab_results');
  const byFacility = new Map<string, typeof pending>();
  for (const item of pending) byFacility.set(item.group_key ?? '', [...(byFacility.get(item.group_key ?? '') ?? []), item]);
  for (const [groupKey, items] of byFacility) {
    const facilityId = groupKey.replace(/^Location\//, '');
    const workers = await facilityWorkers(db, workspaceId, facilityId, settings.cadre);
    if (workers.length === 0) {
      summary.waiting += items.length;
      continue;
    }
    const details = items.map((i) => ({ key: i.item_key, detail: JSON.parse(i.detail) as LabItemDetail }));
    details.sort((a, b) => a.detail.result.date.localeCompare(b.detail.result.date) || a.key.localeCompare(b.key));
    for (let i = 0; i < details.length; i += settings.max_per_message) {
      const chunk = details.slice(i, i + settings.max_per_message);
      const params = labResultsParams(chunk[0]!.detail.facility, chunk.map((c) => c.detail.result));
      await db.transaction().execute(async (trx) => {
        const startId = await createFlowStart(trx, {
          workspaceId,
          flowId: watcher.flow_id!,
          targets: { contacts: workers },
          params: { restart_participants: true, params: params as unknown as Record<string, unknown> },
        });
        await setItemStatus(trx, workspaceId, 'lab_results', chunk.map((c) => c.key), 'delivered', now, startId);
      });
      summary.delivered += chunk.length;
      summary.messages++;
    }
  }
}

/** One pass: collect new results, then deliver what is pending. */
export async function pollLabResults(input: WatchPassInput): Promise<LabResultsSummary> {
  if (!input.watcher.flow_id) throw new Error('the lab results watcher has no flow; choose one');
  const summary: LabResultsSummary = { found: 0, new: 0, delivered: 0, waiting: 0, messages: 0, skipped: [] };
  await collect(input, summary);
  await deliver(input, summary);
  return summary;
}
