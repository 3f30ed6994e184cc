/**
 * One health worker's journey through each library flow (a → i): who they are, how the flow is started
 * (trigger params for h and i), each reply and the texts it must bring back, and the run results at the end.
 * The texts and results are those of the loopback scenario tests (test/library/<flow>.test.ts), so a channel
 * passes when the health worker sees exactly what the loopback run showed.
 *
 * Example:
 *   for (const journey of JOURNEYS) await runJourney(env, fhir, journey);
 */
import type { Practitioner, PractitionerRole, Appointment, AppointmentResponse } from '@medplum/fhirtypes';
import { expect } from 'vitest';
import type { FhirClient } from '../../../server/fhir/client.js';
import type { MatrixEnv, MatrixRunResult } from './matrix-env.js';
import type { MatrixContact } from './providers.js';

/**
 * A reply (null: the flow start itself) and the texts the health worker then receives, in order. `tap`: where
 * the channel shows the flow's quick replies as buttons, the health worker taps the one titled `reply`
 * (elsewhere types it).
 */
export interface JourneyStep {
  reply: string | null;
  tap?: boolean;
  expect: (string | RegExp)[];
}

/** What a journey's set-up gives: extra contact fields and the start's trigger params. */
export interface Prepared {
  fields?: Record<string, string>;
  params?: Record<string, unknown>;
  /** Extra checks after the last step (other contacts' texts, FHIR writes). */
  after?: (contact: MatrixContact) => Promise<void>;
}

export interface Journey {
  flow: string;
  letter: string;
  /** A short name of the path taken, e.g. "acknowledges with 1". */
  path: string;
  contact: { name: string; language: 'eng' | 'fra'; fields: Record<string, string> };
  prepare?: (env: MatrixEnv, fhir: FhirClient, key: string) => Promise<Prepared>;
  steps: JourneyStep[];
  results: Record<string, Partial<MatrixRunResult>>;
}

export const LAB_PARAMS = {
  kind: 'lab_results',
  facility: { id: 'Location/F1', name: 'Mnarani Dispensary' },
  count: 2,
  results: [
    { patient_name: 'A.B.', patient_id: 'Patient/p1', test: 'HIV viral load', value: '<50 copies/mL', interpretation: 'suppressed', date: '2026-11-20', report: 'DiagnosticReport/r1' },
    { patient_name: 'C.D.', patient_id: 'Patient/p2', test: 'HIV viral load', value: '12000 copies/mL', interpretation: 'not suppressed', date: '2026-11-21', report: 'DiagnosticReport/r2' },
  ],
  summary: 'A.B.: HIV VL <50 copies/mL (suppressed); C.D.: HIV VL 12000 copies/mL (not suppressed)',
};

/**
 * The district surveillance officer's SMS names the reporter's phone as `format_urn(urns.tel)`: the national
 * form of a tel URN ("0710 000004" for +254710000004). A reporter on a channel without a tel URN (WhatsApp,
 * Messenger, Telegram) has no urns.tel, and the expression gives an empty text.
 */
export function reporterPhone(env: MatrixEnv, contact: MatrixContact): string {
  // No phone number: the alert says "?" rather than nothing. On WhatsApp, the WhatsApp number.
  if (!contact.phone || (env.driver.scheme !== 'tel' && env.driver.scheme !== 'whatsapp')) return '?';
  if (env.driver.scheme === 'whatsapp') return contact.phone.replace(/^\+/, '');
  const national = `0${contact.phone.slice(4)}`;
  return `${national.slice(0, 4)} ${national.slice(4)}`;
}

export const JOURNEYS: Journey[] = [
  {
    flow: 'important-update', letter: 'a', path: 'English, acknowledges with 1 (tapped)',
    contact: { name: 'Amina', language: 'eng', fields: { fhir_ref: 'Practitioner/hw-a1' } },
    steps: [
      { reply: null, expect: [/^Ministry of Health update: .*Reply 1 if you have read and understood, 2 if you have a question\.$/] },
      { reply: '1', tap: true, expect: ['Thank you, your acknowledgement is recorded.'] },
    ],
    results: { acknowledgement: { value: '1', category: 'Read' } },
  },
  {
    flow: 'important-update', letter: 'a', path: 'French, unclear answer then a question',
    contact: { name: 'Brigitte', language: 'fra', fields: { fhir_ref: 'Practitioner/hw-a2' } },
    steps: [
      { reply: null, expect: [/^Information du ministère de la Santé : .*Répondez 1 si vous avez lu et compris/] },
      { reply: 'peut-être', expect: ['Désolé, nous n’avons pas compris. Répondez 1 si vous avez lu l’information, 2 si vous avez une question.'] },
      { reply: 'question', expect: ['Envoyez votre question en un seul message.'] },
      { reply: 'Faut-il garder l’ancien registre ?', expect: ['Merci, votre question a été transmise à l’équipe du programme. Elle vous répondra.'] },
    ],
    results: { acknowledgement: { category: 'Question' }, question: { value: 'Faut-il garder l’ancien registre ?' } },
  },
  {
    flow: 'surveillance-alert', letter: 'b', path: 'reports 5 cases, 1 death; the district officer is alerted',
    contact: { name: 'Amina Otieno', language: 'eng', fields: { fhir_ref: 'Practitioner/hw-b1', district: 'Kilifi', facility: 'Mnarani Dispensary', cadre: 'Nurse' } },
    async prepare(env) {
      const officer = await env.addContact({ name: 'Dr Kahindi', language: 'fra', fields: { district: 'Kilifi', cadre: 'District Surveillance Officer' } });
      if (env.driver.contactWritesFirst) await env.reply(officer, env.driver.contactWritesFirst);
      env.newTexts(officer);
      return {
        after: async (nurse) => {
          expect(env.newTexts(officer)).toEqual([
            env.driver.shown(`ALERTE SIMR : Amina Otieno (Mnarani Dispensary) signale 5 cas suspect(s) de choléra et 1 décès à Mtwapa market. Tél. : ${reporterPhone(env, nurse)}. Merci d’investiguer aujourd’hui.`),
          ]);
        },
      };
    },
    steps: [
      { reply: null, expect: [/^Ministry of Health surveillance alert: .*Reply 1 YES or 2 NO\.$/] },
      { reply: '1 YES', tap: true, expect: ['How many suspected cases? Reply with a number.'] },
      { reply: 'many', expect: ['Please reply with the number of suspected cases, for example 3.'] },
      { reply: '5', expect: ['Where were they seen? Reply with the village or neighbourhood.'] },
      { reply: 'Mtwapa market', expect: ['How many of them died? Reply with a number (0 if none).'] },
      { reply: '1', expect: ['Thank you. Your district surveillance officer has been alerted. Isolate suspected cases, give ORS at once and refer severe cases.'] },
    ],
    results: { suspected_cases: { category: 'Yes' }, case_count: { value: '5', category: 'Cases' }, place: { value: 'Mtwapa market' }, deaths: { value: '1', category: 'Deaths' } },
  },
  {
    flow: 'facility-conditions', letter: 'c', path: 'English report with a re-asked choice',
    contact: { name: 'Amina', language: 'eng', fields: { fhir_ref: 'Practitioner/hw-c1', facility: 'Mnarani Dispensary' } },
    steps: [
      { reply: null, expect: ['Ministry of Health facility report for Mnarani Dispensary. How many staff are working there today? Reply with a number.'] },
      { reply: '4', expect: ['Electricity today? Reply 1 all day, 2 with cuts, 3 none.'] },
      { reply: 'sometimes', expect: ['Please reply 1 (electricity all day), 2 (with cuts) or 3 (none).'] },
      { reply: '2', tap: true, expect: ['Water today? Reply 1 running water, 2 stored water only, 3 none.'] },
      { reply: '1', tap: true, expect: ['Protective equipment (gloves, masks)? Reply 1 enough for a week, 2 running low, 3 out of stock.'] },
      { reply: '3', tap: true, expect: ['Any other problem at the facility? Describe it in one message, or reply NO.'] },
      { reply: 'no', expect: ['Thank you. Report for Mnarani Dispensary: 4 staff, electricity: Cuts, water: Running, protective equipment: Out of stock.'] },
    ],
    results: {
      staff_present: { value: '4', category: 'Count' }, power: { value: '2', category: 'Cuts' }, water: { category: 'Running' },
      protective_equipment: { category: 'Out of stock' }, other_problem: { value: 'no', category: 'None' },
    },
  },
  {
    flow: 'rapid-survey', letter: 'd', path: 'five answers, an impossible number re-asked',
    contact: { name: 'Amina', language: 'eng', fields: { fhir_ref: 'Practitioner/hw-d1' } },
    steps: [
      { reply: null, expect: ['Ministry of Health survey, 5 short questions. 1/5: How many children under 5 with fever did you see last week? Reply with a number.'] },
      { reply: '12', expect: ['2/5: Do you have the 2026 malaria treatment guidelines at your facility? Reply 1 YES or 2 NO.'] },
      { reply: '1', expect: ['3/5: What most limits your work? Reply 1 stock-outs, 2 too few staff, 3 transport, 4 lack of training.'] },
      { reply: '3', tap: true, expect: ['4/5: How many days of training did you receive in the last 12 months? Reply with a number (0 if none).'] },
      { reply: '400', expect: ['Please reply with a number of days between 0 and 365.'] },
      { reply: '5', expect: ['5/5: How useful were your supervision visits this year? Reply 1 very useful, 2 useful, 3 not useful, 4 no visit.'] },
      { reply: '1', tap: true, expect: ['Thank you for answering the survey. Your answers help the Ministry plan support.'] },
    ],
    results: {
      fever_cases: { value: '12', category: 'Number' }, guidelines: { value: '1', category: 'Yes' }, main_challenge: { value: '3', category: 'Transport' },
      training_days: { value: '5', category: 'Days' }, supervision: { value: '1', category: 'Very useful' },
    },
  },
  {
    flow: 'stock-report', letter: 'e', path: 'four counts, one re-asked',
    contact: { name: 'Amina', language: 'eng', fields: { fhir_ref: 'Practitioner/hw-e1', facility: 'Mnarani Dispensary' } },
    steps: [
      { reply: null, expect: ['Ministry of Health stock report for Mnarani Dispensary. How many packs of ACT (artemether-lumefantrine 6x4) are on hand today?'] },
      { reply: '24', expect: ['How many malaria rapid tests (RDTs)?'] },
      { reply: 'a lot', expect: ['Please reply with the number on hand today, 0 if none.'] },
      { reply: '150', expect: ['How many ORS sachets?'] },
      { reply: '0', expect: ['How many packs of amoxicillin dispersible tablets?'] },
      { reply: '12 packs', expect: ['Thank you. Recorded: ACT 24, RDT 150, ORS 0, amoxicillin 12. Commodities at 0 are reported to the district pharmacy as stock-outs.'] },
    ],
    results: { act_packs: { value: '24' }, malaria_rdts: { value: '150' }, ors_sachets: { value: '0' }, amoxicillin_packs: { value: '12' } },
  },
  {
    flow: 'refresher-course', letter: 'f', path: 'three lessons taken at once with NEXT, score 2/3',
    contact: { name: 'Amina', language: 'eng', fields: { fhir_ref: 'Practitioner/hw-f1' } },
    steps: [
      {
        reply: null,
        expect: [
          'Welcome to the Ministry of Health refresher course on infection prevention: 3 lessons, one a day, each with a quiz question.',
          /^Lesson 1\/3, hand hygiene:/,
          'Quiz 1: how long should an alcohol hand rub last? Reply 1 (5 seconds), 2 (20 to 30 seconds) or 3 (2 minutes).',
        ],
      },
      { reply: 'maybe', expect: ['Please reply 1, 2 or 3.'] },
      { reply: '2', tap: true, expect: ['Correct! A hand rub takes 20 to 30 seconds.', 'Lesson 2 of 3 comes tomorrow. Reply NEXT to get it now.'] },
      { reply: 'next', expect: [/^Lesson 2\/3, sharps and waste:/, /^Quiz 2: where does a used needle go\?/] },
      { reply: '1', tap: true, expect: ['Not quite: the answer is 2. Used needles go straight into the sharps box.', 'Lesson 3 of 3 comes tomorrow. Reply NEXT to get it now.'] },
      { reply: 'next', expect: [/^Lesson 3\/3, protective equipment:/, 'Quiz 3: what do you take off first? Reply 1 (gloves), 2 (mask) or 3 (gown).'] },
      { reply: '1', tap: true, expect: ['Correct! Gloves come off first.', 'Congratulations, you have completed the infection prevention refresher course! Your score: 2/3.'] },
    ],
    results: { quiz_1: { category: 'Correct' }, quiz_2: { category: 'Wrong' }, quiz_3: { category: 'Correct' }, score: { value: '2' }, completion: { category: 'Completed' } },
  },
  {
    flow: 'registry-validation', letter: 'g', path: 'French, corrects name and cadre (written back to FHIR)',
    contact: { name: 'Brigite Ngo', language: 'fra', fields: { facility: 'CSI de Bakomé', facility_id: 'F2', cadre: 'Nurse' } },
    async prepare(_env, fhir, key) {
      const practitioner = await fhir.create<Practitioner>({
        resourceType: 'Practitioner', active: true, identifier: [{ system: 'http://moh.example.org/ihris', value: `IHRIS-${key}` }],
        name: [{ use: 'official', family: 'Ngo', given: ['Brigite'] }], gender: 'female',
      });
      const role = await fhir.create<PractitionerRole>({
        resourceType: 'PractitionerRole', active: true, practitioner: { reference: `Practitioner/${practitioner.id}` },
        location: [{ reference: 'Location/F2', display: 'CSI de Bakomé' }], code: [{ coding: [{ system: 'http://moh.example.org/cadre', code: 'nurse' }], text: 'Nurse' }],
      });
      return {
        fields: { fhir_ref: `Practitioner/${practitioner.id}` },
        after: async () => {
          expect((await fhir.read<Practitioner>('Practitioner', practitioner.id!)).name).toEqual([{ use: 'official', text: 'Brigitte Ngo Mbarga' }]);
          const updated = await fhir.read<PractitionerRole>('PractitionerRole', role.id!);
          expect(updated.code).toEqual([{ text: 'Midwife' }]);
          expect(updated.location).toEqual([{ reference: 'Location/F2', display: 'CSI de Bakomé' }]);
        },
      };
    },
    steps: [
      { reply: null, expect: ['Vérification du registre du ministère de la Santé. Vous appelez-vous Brigite Ngo ? Répondez 1 OUI ou 2 NON.'] },
      { reply: '2 NON', tap: true, expect: ['Envoyez votre nom complet tel qu’il doit figurer dans le registre.'] },
      { reply: 'Brigitte Ngo Mbarga', expect: ['Travaillez-vous à CSI de Bakomé ? Répondez 1 OUI ou 2 NON.'] },
      { reply: '1 OUI', tap: true, expect: ['Votre cadre est-il Nurse ? Répondez 1 OUI ou 2 NON.'] },
      { reply: '2 NON', tap: true, expect: ['Quel est votre cadre ? Répondez 1 infirmier, 2 sage-femme, 3 technicien médical, 4 médecin, 5 agent de santé communautaire, 6 technicien de laboratoire.'] },
      { reply: '2', expect: ['Merci, votre fiche du registre est confirmée. Les corrections sont transmises au registre national.'] },
    ],
    results: { name_confirmed: { category: 'No' }, correct_cadre: { value: '2', category: 'Midwife' }, practitioner_update: { category: 'Success' }, cadre_update: { category: 'Success' } },
  },
  {
    flow: 'lab-results', letter: 'h', path: 'started by the lab-results watcher params; a wrong PIN, then the right one',
    contact: { name: 'Amina', language: 'eng', fields: { fhir_ref: 'Practitioner/hw-h1', results_pin: '4821' } },
    async prepare() {
      return { params: LAB_PARAMS };
    },
    steps: [
      { reply: null, expect: ['You have 2 new lab result(s) for Mnarani Dispensary. Reply with your results PIN to see them.'] },
      { reply: '1234', expect: ['Wrong PIN. 2 tries left. Reply with your results PIN.'] },
      { reply: ' 4821 ', expect: [`Lab results for Mnarani Dispensary: ${LAB_PARAMS.summary}`, 'Reply OK once you have recorded them in the register.'] },
      { reply: 'ok', expect: ['Thank you.'] },
    ],
    results: { delivery: { category: 'Delivered' }, receipt: { category: 'Recorded' }, delivery_record: { category: 'Success' } },
  },
  {
    flow: 'appointment-reminder', letter: 'i', path: 'started by the appointment watcher params; the patient confirms (taps 1)',
    contact: { name: 'Wanjiru', language: 'eng', fields: {} },
    async prepare(_env, fhir, key) {
      const patient = `Patient/p-${key}`;
      const appointment = await fhir.create<Appointment>({
        resourceType: 'Appointment', status: 'booked', start: '2026-12-01T09:00:00+03:00', end: '2026-12-01T09:30:00+03:00',
        participant: [{ actor: { reference: patient }, status: 'accepted' }],
      });
      return {
        fields: { fhir_ref: patient },
        params: { kind: 'appointment_reminder', appointment: { date: '2026-12-01', time: '09:00', facility: 'Mnarani Dispensary', reason: 'ART refill', ref: `Appointment/${appointment.id}` }, days_before: 3 },
        after: async () => {
          const responses = (await fhir.searchAll<AppointmentResponse>('AppointmentResponse', {})).filter((r) => r.actor?.reference === patient);
          expect(responses).toHaveLength(1);
          expect(responses[0]).toMatchObject({ appointment: { reference: `Appointment/${appointment.id}` }, participantStatus: 'accepted' });
        },
      };
    },
    steps: [
      { reply: null, expect: ['Reminder from Mnarani Dispensary: you have an appointment on 01/12/2026 at 09:00. Reply 1 to confirm, or 2 to ask for another date.'] },
      { reply: '1', tap: true, expect: ['Thank you, we will see you on 01/12/2026 at 09:00.'] },
    ],
    results: { attendance: { category: 'Confirmed' }, appointment_response: { category: 'Success' } },
  },
];
