/**
 * Appointment reminders: finds upcoming visits in OpenMRS-style data — booked `Appointment`s and CIEL 5096
 * "return visit date" Observations — and starts the configured reminder flow for the patient's contact
 * (synced from `Patient/<id>`) when the visit is `days_before` days away or closer, once per visit.
 *
 * A visit is keyed "Patient/<id>@<date>", so an Appointment and a 5096 Observation for the same day give
 * one reminder. A patient without an active contact yet keeps the reminder pending until the day passes
 * (then `expired`). Trigger params (docs/HELPERS-SESSION2.md):
 *   { kind: 'appointment_reminder', appointment: { date: '2026-12-01', time: '09:00', facility: 'CSI Bonamoussadi',
 *     reason: 'ART refill', ref: 'Appointment/…' }, days_before: 3 }
 *
 *   await pollAppointmentReminders({ db, workspaceId, watcher, client, now, timezone: 'Africa/Douala' })
 */
import type { Appointment, Location, Observation, Patient, Reference } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { createFlowStart } from '../../messaging/flow-starts.js';
import { recordItem, pendingItems, setItemStatus } from './items.js';
import type { WatchPassInput } from './lab-results.js';
import { watcherSettings } from './watchers.js';

export const CIEL_SYSTEM = 'https://cielterminology.org';
export const CIEL_RETURN_VISIT_DATE = '5096';

/** The trigger params of one reminder. */
export interface AppointmentReminderParams {
  kind: 'appointment_reminder';
  appointment: { date: string; time: string; facility: string; reason: string; ref: string };
  days_before: number;
}

/** Example: `{ found: 12, due: 3, new: 3, started: 2, waiting: 1, expired: 0 }`. */
export interface ReminderSummary {
  found: number;
  due: number;
  new: number;
  started: number;
  waiting: number;
  expired: number;
}

interface ReminderDetail {
  patient: string;
  params: AppointmentReminderParams;
}

function refId(ref: Reference | undefined, type: string): string | null {
  const m = /^([A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})$/.exec(ref?.reference ?? '');
  return m && m[1] === type ? m[2]! : null;
}

/** "YYYY-MM-DD" of `date` in `timezone`. */
export function localDate(date: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

function localTime(date: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(date);
}

function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function isReturnVisit(obs: Observation): boolean {
  return (obs.code?.coding ?? []).some((c) => (c.system === CIEL_SYSTEM && c.code === CIEL_RETURN_VISIT_DATE) || (!c.system && c.code?.startsWith(CIEL_RETURN_VISIT_DATE) && c.code.length === 36));
}

/** A visit found in FHIR. */
interface Visit {
  patientId: string;
  date: string;
  time: string;
  facilityId: string | null;
  reason: string;
  ref: string;
}

export interface ReminderPassInput extends WatchPassInput {
  /** The workspace's time zone (dates and times in the message are local). */
  timezone: string;
}

export async function pollAppointmentReminders(input: ReminderPassInput): Promise<ReminderSummary> {
  const { db, workspaceId, watcher, client, now, timezone } = input;
  if (!watcher.flow_id) throw new Error('the appointment reminders watcher has no flow; choose one');
  const { days_before: daysBefore } = watcherSettings('appointment_reminders', watcher.settings);
  const today = localDate(now, timezone);
  const last = addDays(today, daysBefore);
  const summary: ReminderSummary = { found: 0, due: 0, new: 0, started: 0, waiting: 0, expired: 0 };

  // Appointments in the window (a day either side, then exact local dates), and return-visit observations.
  const appointments = await client.searchAll<Appointment>('Appointment', { status: 'booked', date: [`ge${addDays(today, -1)}`, `le${addDays(last, 1)}`] });
  const observations = await client.searchAll<Observation>('Observation', { code: `${CIEL_SYSTEM}|${CIEL_RETURN_VISIT_DATE}` });
  const visits: Visit[] = [];
  for (const a of appointments) {
    if (!a.start || !a.id) continue;
    const start = new Date(a.start);
    const patientId = (a.participant ?? []).map((p) => refId(p.actor, 'Patient')).find(Boolean);
    if (!patientId || Number.isNaN(start.getTime())) continue;
    visits.push({
      patientId,
      date: localDate(start, timezone),
      time: localTime(start, timezone),
      facilityId: (a.participant ?? []).map((p) => refId(p.actor, 'Location')).find(Boolean) ?? null,
      reason: a.serviceType?.[0]?.text ?? a.appointmentType?.text ?? a.description ?? 'Appointment',
      ref: `Appointment/${a.id}`,
    });
  }
  for (const o of observations) {
    if (!o.id || !isReturnVisit(o) || o.status === 'cancelled' || o.status === 'entered-in-error') continue;
    const patientId = refId(o.subject, 'Patient');
    const date = (o.valueDateTime ?? '').slice(0, 10);
    if (!patientId || !/^\d{4}-\d{2}-\d{2}$/.test(date)) continue;
    visits.push({ patientId, date, time: '', facilityId: null, reason: 'Return visit', ref: `Observation/${o.id}` });
  }
  summary.found = visits.length;
  const due = visits.filter((v) => v.date >= today && v.date <= last);
  summary.due = due.length;

  // facility names (appointment Location, else the patient's managing organization)
  const patientIds = [...new Set(due.map((v) => v.patientId))];
  const patients = new Map<string, Patient>();
  for (let i = 0; i < patientIds.length; i += 40) {
    for (const p of await client.searchAll<Patient>('Patient', { _id: patientIds.slice(i, i + 40).join(',') })) if (p.id) patients.set(p.id, p);
  }
  const names = new Map<string, string>();
  const placeName = async (id: string | null, patient: Patient | undefined): Promise<string> => {
    const key = id ?? refId(patient?.managingOrganization, 'Organization');
    if (!key) return patient?.managingOrganization?.display ?? '';
    if (!names.has(key)) {
      let name = '';
      for (const type of ['Location', 'Organization'] as const) {
        try {
          name = (await client.read<Location>(type as 'Location', key)).name ?? '';
          if (name) break;
        } catch {
          // try the next type
        }
      }
      names.set(key, name);
    }
    return names.get(key)!;
  };

  // Appointments first: an Appointment and a return-visit Observation for the same day are one visit.
  due.sort((a, b) => Number(b.ref.startsWith('Appointment/')) - Number(a.ref.startsWith('Appointment/')));
  for (const v of due) {
    const params: AppointmentReminderParams = {
      kind: 'appointment_reminder',
      appointment: { date: v.date, time: v.time, facility: await placeName(v.facilityId, patients.get(v.patientId)), reason: v.reason, ref: v.ref },
      days_before: daysBefore,
    };
    const detail: ReminderDetail = { patient: `Patient/${v.patientId}`, params };
    if (await recordItem(db, { workspaceId, kind: 'appointment_reminders', key: `Patient/${v.patientId}@${v.date}`, groupKey: `Patient/${v.patientId}`, detail }, now)) summary.new++;
  }

  await deliverReminders(db, workspaceId, watcher.flow_id, today, now, summary);
  return summary;
}

async function deliverReminders(db: Kysely<Database>, workspaceId: string, flowId: string, today: string, now: Date, summary: ReminderSummary): Promise<void> {
  for (const item of await pendingItems(db, workspaceId, 'appointment_reminders')) {
    const detail = JSON.parse(item.detail) as ReminderDetail;
    if (detail.params.appointment.date < today) {
      await setItemStatus(db, workspaceId, 'appointment_reminders', [item.item_key], 'expired', now);
      summary.expired++;
      continue;
    }
    const contact = await db.selectFrom('contacts').select('uuid').where('workspace_id', '=', workspaceId).where('fhir_ref', '=', detail.patient).where('status', '=', 'active').executeTakeFirst();
    if (!contact) {
      summary.waiting++;
      continue;
    }
    await db.transaction().execute(async (trx) => {
      const startId = await createFlowStart(trx, {
        workspaceId,
        flowId,
        targets: { contacts: [contact.uuid] },
        params: { restart_participants: true, params: detail.params as unknown as Record<string, unknown> },
      });
      await setItemStatus(trx, workspaceId, 'appointment_reminders', [item.item_key], 'delivered', now, startId);
    });
    summary.started++;
  }
}
