/**
 * (i) Patient appointment reminder. Started by the FHIR appointment watcher for the patient contact with the
 * trigger params of the contract (docs/HELPERS-SESSION2.md): `appointment` {date, time, facility, reason,
 * ref} and `days_before`. The patient confirms (1) or asks for another date (2, then a date); the answer is
 * written to the EMR as a FHIR AppointmentResponse for the Appointment. The reason is deliberately left out
 * of the SMS (a shared phone must not reveal it).
 */
import { choice, fhirWrite, msg, NO_RESPONSE, setResult, type Bilingual } from '../builder.js';
import type { LibraryEntrySpec } from '../entry.js';

const DAY = 86_400;
const DATE = '@(format_date(trigger.params.appointment.date, "DD/MM/YYYY"))';
const CHOICES: Bilingual[] = [{ en: '1', fr: '1' }, { en: '2', fr: '2' }];

/** The AppointmentResponse of this patient for the reminded appointment. */
function appointmentResponse(status: 'accepted' | 'declined', comment?: string): Record<string, unknown> {
  return {
    resourceType: 'AppointmentResponse',
    appointment: { reference: '@trigger.params.appointment.ref' },
    actor: { reference: '@fields.fhir_ref' },
    participantStatus: status,
    ...(comment ? { comment } : {}),
  };
}

export const appointmentReminder: LibraryEntrySpec = {
  manifest: {
    title: { en: 'Patient appointment reminder', fr: 'Rappel de rendez-vous patient' },
    description: {
      en: 'Started by the FHIR appointment watcher a few days before an appointment held in the EMR (OpenMRS): reminds the patient of the date, time and place, and asks them to confirm or to ask for another date. The answer goes back to the EMR as a FHIR AppointmentResponse. The reason for the visit is not sent by SMS.',
      fr: 'Lancé par la surveillance FHIR des rendez-vous quelques jours avant un rendez-vous enregistré dans le DPI (OpenMRS) : rappelle au patient la date, l’heure et le lieu, et lui demande de confirmer ou de demander une autre date. La réponse retourne au DPI sous forme d’AppointmentResponse FHIR. Le motif de la visite n’est pas envoyé par SMS.',
    },
    use_case: 'appointment_reminders',
    audience: 'patient',
    started_by: 'fhir_watcher',
    contact_fields: ['fhir_ref'],
    trigger_params: ['kind', 'appointment.date', 'appointment.time', 'appointment.facility', 'appointment.reason', 'appointment.ref', 'days_before'],
  },
  flow: {
    id: 'appointment-reminder',
    uuid: '3b0e1c52-6a51-4d3e-9d0e-1a2b3c4d5e09',
    name: 'Patient appointment reminder',
    expireAfterMinutes: 3 * 24 * 60,
    extra: { _kiunga: { fhir_writeback: { questionnaire_response: true } } },
    nodes: [
      {
        key: 'remind',
        actions: [
          msg(
            {
              en: `Reminder from @trigger.params.appointment.facility: you have an appointment on ${DATE} at @trigger.params.appointment.time. Reply 1 to confirm, or 2 to ask for another date.`,
              fr: `Rappel de @trigger.params.appointment.facility : vous avez rendez-vous le ${DATE} à @trigger.params.appointment.time. Répondez 1 pour confirmer, ou 2 pour demander une autre date.`,
            },
            CHOICES,
          ),
        ],
        next: 'answer',
      },
      {
        key: 'answer',
        router: {
          operand: '@input.text', result: 'Attendance', wait: { timeout: { seconds: DAY, to: 'no_reply' } },
          categories: [
            choice(1, { en: 'Confirmed', fr: 'Confirmé' }, { en: 'yes ok confirm confirmed', fr: 'oui ok confirme confirmé' }, 'confirmed'),
            choice(2, { en: 'Reschedule', fr: 'Reporter' }, { en: 'no change reschedule another', fr: 'non changer reporter autre' }, 'ask_date'),
          ],
          other: { to: 'retry' },
        },
      },
      { key: 'retry', actions: [msg({ en: 'Please reply 1 to confirm your appointment, or 2 to ask for another date.', fr: 'Répondez 1 pour confirmer votre rendez-vous, ou 2 pour demander une autre date.' }, CHOICES)], next: 'answer' },
      {
        key: 'confirmed',
        actions: [
          fhirWrite(appointmentResponse('accepted'), 'Appointment Response'),
          msg({ en: `Thank you, we will see you on ${DATE} at @trigger.params.appointment.time.`, fr: `Merci, à bientôt le ${DATE} à @trigger.params.appointment.time.` }),
        ],
        next: null,
      },
      {
        key: 'ask_date',
        actions: [msg({ en: 'Which day would suit you? Reply with a date, for example 05/12/2026.', fr: 'Quel jour vous conviendrait ? Répondez par une date, par exemple 05/12/2026.' })],
        next: 'date',
      },
      {
        key: 'date',
        router: {
          operand: '@input.text', result: 'Preferred Date', wait: { timeout: { seconds: DAY, to: 'reschedule' } },
          categories: [{ name: { en: 'Date', fr: 'Date' }, to: 'reschedule', cases: [{ test: 'has_date' }] }],
          other: { to: 'retry_date' },
        },
      },
      { key: 'retry_date', actions: [msg({ en: 'Please reply with a date, for example 05/12/2026.', fr: 'Répondez par une date, par exemple 05/12/2026.' })], next: 'date' },
      {
        key: 'reschedule',
        actions: [
          fhirWrite(appointmentResponse('declined', 'Patient asks for another date; preferred date: @(default(results.preferred_date.value, "not given"))'), 'Appointment Response'),
          msg({ en: 'Thank you, the clinic will call you to agree on a new date.', fr: 'Merci, le centre de santé vous appellera pour convenir d’une nouvelle date.' }),
        ],
        next: null,
      },
      { key: 'no_reply', actions: [setResult('Attendance', 'no reply', NO_RESPONSE)], next: null },
    ],
  },
};
