/**
 * Appointment reminders against the dev FHIR server over HTTP: booked Appointments and CIEL 5096 return-visit
 * Observations of synced OpenMRS-shaped patients start the reminder flow for the patient N days before
 * (params per the shared contract), once per visit; a visit further away waits; a patient without a
 * contact waits and expires when the day passes.
 */
import type { Appointment, Location, Observation, Patient } from '@medplum/fhirtypes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FhirClient } from '../../server/fhir/client.js';
import type { AppointmentReminderParams } from '../../server/fhir/watch/appointment-reminders.js';
import { localDate } from '../../server/fhir/watch/appointment-reminders.js';
import { all } from '../../server/messaging/sql.js';
import { fixedUuid } from '../messaging/flows.js';
import { seedFlow } from '../messaging/seed.js';
import { createFhirApiEnv, type FhirApiEnv } from './api-env.js';

const u = (n: number) => fixedUuid(n, 8);
const DAY = 86_400_000;

function reminderFlow(): Record<string, unknown> {
  return {
    uuid: u(1),
    name: 'Appointment reminder',
    spec_version: '14.4.2',
    language: 'eng',
    type: 'messaging',
    revision: 1,
    localization: {},
    nodes: [{ uuid: u(10), actions: [{ uuid: u(11), type: 'send_msg', text: 'Reminder: @trigger.params.appointment.reason on @trigger.params.appointment.date at @trigger.params.appointment.time, @trigger.params.appointment.facility' }], exits: [{ uuid: u(12), destination_uuid: null }] }],
  };
}

let t: FhirApiEnv;
let fhir: FhirClient;
let connectionId: string;
let flowId: string;

beforeEach(async () => {
  t = await createFhirApiEnv({ fhir: { seed: false } });
  fhir = new FhirClient({ baseUrl: t.fhirUrl, retries: 0 });
  connectionId = (await t.admin.fhir.connections.create({ name: 'OpenMRS', baseUrl: t.fhirUrl, settings: { defaultCountry: 'CM', syncRegistry: false, syncPatients: true } })).id;
  flowId = await seedFlow(t.env.db, t.env.workspaceId, reminderFlow());
});
afterEach(async () => {
  await t.close();
});

async function patient(name: string, phone: string | null): Promise<Patient> {
  return fhir.create<Patient>({
    resourceType: 'Patient',
    active: true,
    identifier: [{ use: 'official', type: { text: 'OpenMRS ID' }, value: `10${name.length}00A` }],
    name: [{ text: name }],
    // OpenMRS FHIR2: a telecom with only a value, written the local way
    ...(phone ? { telecom: [{ value: phone }] } : {}),
  });
}

async function params(): Promise<{ contacts: string[]; params: AppointmentReminderParams }[]> {
  const rows = await all<{ targets: string; params: string }>(t.env.db, 'SELECT targets, params FROM flow_starts WHERE workspace_id = ? ORDER BY id', [t.env.workspaceId]);
  return rows.map((r) => ({ contacts: (JSON.parse(r.targets) as { contacts: string[] }).contacts, params: (JSON.parse(r.params) as { params: AppointmentReminderParams }).params }));
}

describe('appointment reminders', () => {
  it('starts the reminder flow N days before, once per visit, from Appointments and CIEL 5096 observations', async () => {
    const { admin, env } = t;
    const now = env.clock.now();
    const clinic = await fhir.create<Location>({ resourceType: 'Location', name: 'CSI Bonamoussadi', status: 'active' });
    const anna = await patient('Anna Ngono', '677 12 34 56');
    const ben = await patient('Ben Fotso', '690112233');
    const carl = await patient('Carl Mbida', null);
    await t.waitForSync((await admin.fhir.sync.start({ connectionId })).runId);

    const inTwoDays = new Date(now.getTime() + 2 * DAY);
    inTwoDays.setUTCHours(8, 30, 0, 0); // 09:30 in Douala (UTC+1)
    const appointment = await fhir.create<Appointment>({
      resourceType: 'Appointment',
      status: 'booked',
      serviceType: [{ text: 'ART refill' }],
      start: inTwoDays.toISOString(),
      participant: [{ actor: { reference: `Patient/${anna.id}` }, status: 'accepted' }, { actor: { reference: `Location/${clinic.id}` }, status: 'accepted' }],
    });
    const code = { coding: [{ system: 'https://cielterminology.org', code: '5096' }] };
    const visitDay = localDate(inTwoDays, 'Africa/Douala');
    // the same visit recorded as a return-visit date too: one reminder only
    await fhir.create<Observation>({ resourceType: 'Observation', status: 'final', code, subject: { reference: `Patient/${anna.id}` }, valueDateTime: visitDay });
    const benVisit = localDate(new Date(now.getTime() + 1 * DAY), 'Africa/Douala');
    const benObs = await fhir.create<Observation>({ resourceType: 'Observation', status: 'final', code, subject: { reference: `Patient/${ben.id}` }, valueDateTime: benVisit });
    // too far away for a 3-day reminder, and a patient with no phone (no contact)
    await fhir.create<Observation>({ resourceType: 'Observation', status: 'final', code, subject: { reference: `Patient/${ben.id}` }, valueDateTime: localDate(new Date(now.getTime() + 20 * DAY), 'Africa/Douala') });
    const carlVisit = localDate(new Date(now.getTime() + 1 * DAY), 'Africa/Douala');
    await fhir.create<Observation>({ resourceType: 'Observation', status: 'final', code, subject: { reference: `Patient/${carl.id}` }, valueDateTime: carlVisit });

    await admin.fhir.watchers.save({ kind: 'appointment_reminders', connectionId, flowId, enabled: true, settings: { days_before: 3 } });
    const pass = await admin.fhir.watchers.runNow({ kind: 'appointment_reminders' });
    expect(pass).toMatchObject({ status: 'ok', summary: { found: 5, due: 4, new: 3, started: 2, waiting: 1 } });

    const contactOf = async (ref: string) => (await env.db.selectFrom('contacts').select('uuid').where('fhir_ref', '=', ref).executeTakeFirstOrThrow()).uuid;
    const made = (await params()).sort((x, y) => x.params.appointment.date.localeCompare(y.params.appointment.date));
    expect(made).toEqual([
      {
        contacts: [await contactOf(`Patient/${ben.id}`)],
        params: { kind: 'appointment_reminder', appointment: { date: benVisit, time: '', facility: '', reason: 'Return visit', ref: `Observation/${benObs.id}` }, days_before: 3 },
      },
      {
        contacts: [await contactOf(`Patient/${anna.id}`)],
        params: { kind: 'appointment_reminder', appointment: { date: visitDay, time: '09:30', facility: 'CSI Bonamoussadi', reason: 'ART refill', ref: `Appointment/${appointment.id}` }, days_before: 3 },
      },
    ]);

    // once per visit: another pass starts nothing new
    const again = await admin.fhir.watchers.runNow({ kind: 'appointment_reminders' });
    expect(again.summary).toMatchObject({ new: 0, started: 0, waiting: 1 });
    expect(await params()).toHaveLength(2);

    // Carl never got a contact: after his visit day his reminder expires
    env.clock.advance(3 * DAY);
    const after = await admin.fhir.watchers.runNow({ kind: 'appointment_reminders' });
    expect(after.summary).toMatchObject({ expired: 1, started: 0 });
    const items = await t.viewer.fhir.watchers.items({ kind: 'appointment_reminders' });
    expect(items.find((i) => i.key === `Patient/${carl.id}@${carlVisit}`)?.status).toBe('expired');
  }, 60_000);
});
