/**
 * (i) appointment-reminder through the real messaging loop, started as the FHIR watcher starts it (trigger
 * params of the contract) for patient contacts: an English patient confirms (AppointmentResponse "accepted"
 * on the FHIR dev server), a French patient asks for another date (re-asked once, then "declined" with the
 * preferred date), a third never answers ("No Response", nothing written to the EMR). The reason is not sent.
 */
import type { Appointment, AppointmentResponse, QuestionnaireResponse } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScenario, type Scenario, type ScenarioContact } from './scenario.js';

let s: Scenario;
let wanjiru: ScenarioContact;
let celestine: ScenarioContact;
let otieno: ScenarioContact;
const appointments: Record<string, Appointment> = {};

function params(key: string, facility: string) {
  return {
    kind: 'appointment_reminder',
    appointment: { date: '2026-12-01', time: '09:00', facility, reason: 'ART refill', ref: `Appointment/${appointments[key]!.id}` },
    days_before: 3,
  };
}

async function responses(): Promise<AppointmentResponse[]> {
  return s.search<AppointmentResponse>('AppointmentResponse');
}

beforeAll(async () => {
  s = await createScenario('appointment-reminder');
  for (const [key, patient] of [['wanjiru', 'p1'], ['celestine', 'p2'], ['otieno', 'p3']] as const) {
    appointments[key] = await s.fhir.create<Appointment>({
      resourceType: 'Appointment', status: 'booked', start: '2026-12-01T09:00:00+03:00', end: '2026-12-01T09:30:00+03:00',
      participant: [{ actor: { reference: `Patient/${patient}` }, status: 'accepted' }],
    });
  }
  wanjiru = await s.addContact({ name: 'Wanjiru', language: 'eng', fields: { fhir_ref: 'Patient/p1' } });
  celestine = await s.addContact({ name: 'Célestine', language: 'fra', fields: { fhir_ref: 'Patient/p2' } });
  otieno = await s.addContact({ name: 'Otieno', language: 'eng', fields: { fhir_ref: 'Patient/p3' } });
  await s.start([wanjiru], params('wanjiru', 'Mnarani Dispensary'));
  await s.start([celestine], params('celestine', 'CSI de Bakomé'));
  await s.start([otieno], params('otieno', 'Mnarani Dispensary'));
});
afterAll(async () => {
  await s.close();
});

describe('patient appointment reminder', () => {
  it('reminds without the reason and records a confirmation as an accepted AppointmentResponse', async () => {
    expect(await s.newTexts(wanjiru)).toEqual(['Reminder from Mnarani Dispensary: you have an appointment on 01/12/2026 at 09:00. Reply 1 to confirm, or 2 to ask for another date.']);
    await s.reply(wanjiru, 'yes');
    expect(await s.newTexts(wanjiru)).toEqual(['Thank you, we will see you on 01/12/2026 at 09:00.']);
    const [response, ...others] = await responses();
    expect(others).toEqual([]);
    expect(response).toMatchObject({ appointment: { reference: `Appointment/${appointments.wanjiru!.id}` }, actor: { reference: 'Patient/p1' }, participantStatus: 'accepted' });
    const run = await s.run(wanjiru);
    expect(run.results).toMatchObject({ attendance: { category: 'Confirmed' }, appointment_response: { value: `AppointmentResponse/${response!.id}`, category: 'Success' } });
    const qr = (await s.search<QuestionnaireResponse>('QuestionnaireResponse')).find((r) => r.subject?.reference === 'Patient/p1');
    expect(qr?.item?.find((i) => i.linkId === 'attendance')?.answer?.[0]?.valueCoding).toMatchObject({ code: 'confirmed' });
  });

  it('collects another date in French and sends it to the EMR as a declined response', async () => {
    expect(await s.newTexts(celestine)).toEqual(['Rappel de CSI de Bakomé : vous avez rendez-vous le 01/12/2026 à 09:00. Répondez 1 pour confirmer, ou 2 pour demander une autre date.']);
    for (const r of ['2', 'la semaine prochaine', '05/12/2026']) await s.reply(celestine, r);
    expect(await s.newTexts(celestine)).toEqual([
      'Quel jour vous conviendrait ? Répondez par une date, par exemple 05/12/2026.',
      'Répondez par une date, par exemple 05/12/2026.',
      'Merci, le centre de santé vous appellera pour convenir d’une nouvelle date.',
    ]);
    const run = await s.run(celestine);
    expect(run.results.attendance?.category).toBe('Reschedule');
    expect(run.results.preferred_date?.category).toBe('Date');
    expect(run.results.preferred_date?.value).toMatch(/^2026-12-05/);
    const response = (await responses()).find((r) => r.actor?.reference === 'Patient/p2');
    expect(response).toMatchObject({ participantStatus: 'declined', appointment: { reference: `Appointment/${appointments.celestine!.id}` } });
    expect(response?.comment).toMatch(/^Patient asks for another date; preferred date: 2026-12-05/);
  });

  it('records "No Response" after a day without reply and writes nothing to the EMR', async () => {
    expect(await s.elapse(86_400_000 + 60_000)).toBe(1);
    expect((await s.run(otieno)).results.attendance).toEqual({ value: 'no reply', category: 'No Response' });
    expect((await responses()).map((r) => r.actor?.reference).sort()).toEqual(['Patient/p1', 'Patient/p2']);
  });
});
