/**
 * (b) Disease-surveillance alert (IDSR-style): asks each health worker whether they have seen suspected
 * cholera cases; a "yes" collects the count, the place and the deaths, then alerts the district surveillance
 * officer at once (a broadcast to the contacts whose `district` is the reporter's and whose `cadre` contains
 * "surveillance"), and advises the reporter. No reply after 6 hours → a reminder; after a day → "No Response".
 */
import { broadcastToQuery, msg, NO_RESPONSE, numberBetween, setResult, yesNo, type Bilingual } from '../builder.js';
import type { LibraryEntrySpec } from '../entry.js';

const HOURS = 3600;
const YES_NO: Bilingual[] = [{ en: '1 YES', fr: '1 OUI' }, { en: '2 NO', fr: '2 NON' }];

export const surveillanceAlert: LibraryEntrySpec = {
  manifest: {
    title: { en: 'Disease surveillance alert (suspected cholera)', fr: 'Alerte de surveillance (choléra suspect)' },
    description: {
      en: 'IDSR-style alert: asks health workers whether they have seen suspected cholera cases, collects the number of cases, the place and the deaths, and alerts the district surveillance officer immediately by SMS. Answers are written to FHIR (QuestionnaireResponse, and Observations for the case and death counts). Change the disease and case definition to reuse it.',
      fr: 'Alerte de type SIMR : demande aux agents de santé s’ils ont vu des cas suspects de choléra, recueille le nombre de cas, le lieu et les décès, et alerte aussitôt par SMS le responsable de la surveillance du district. Les réponses sont écrites en FHIR (QuestionnaireResponse, et Observations pour les nombres de cas et de décès). Changez la maladie et la définition de cas pour le réutiliser.',
    },
    use_case: 'surveillance',
    audience: 'health_worker',
    started_by: 'flow_start',
    contact_fields: ['district', 'facility'],
  },
  flow: {
    id: 'surveillance-alert',
    uuid: '3b0e1c52-6a51-4d3e-9d0e-1a2b3c4d5e02',
    name: 'Disease surveillance alert',
    expireAfterMinutes: 2 * 24 * 60,
    extra: {
      _kiunga: {
        fhir_writeback: {
          questionnaire_response: true,
          observations: [
            { result: 'Case Count', code: 'suspected-cholera-cases', system: 'http://moh.example.org/fhir/CodeSystem/idsr', display: 'Suspected cholera cases', unit: '{cases}' },
            { result: 'Deaths', code: 'suspected-cholera-deaths', system: 'http://moh.example.org/fhir/CodeSystem/idsr', display: 'Deaths among suspected cholera cases', unit: '{deaths}' },
          ],
        },
      },
    },
    nodes: [
      {
        key: 'alert',
        actions: [
          msg(
            {
              en: 'Ministry of Health surveillance alert: suspected cholera cases are reported in the region. Suspected case: acute watery diarrhoea with severe dehydration or death, age 2 or more. Have you seen a suspected case since Monday? Reply 1 YES or 2 NO.',
              fr: 'Alerte de surveillance du ministère de la Santé : des cas suspects de choléra sont signalés dans la région. Cas suspect : diarrhée aqueuse aiguë avec déshydratation sévère ou décès, à partir de 2 ans. Avez-vous vu un cas suspect depuis lundi ? Répondez 1 OUI ou 2 NON.',
            },
            YES_NO,
          ),
        ],
        next: 'seen',
      },
      {
        key: 'seen',
        router: { operand: '@input.text', result: 'Suspected Cases', wait: { timeout: { seconds: 6 * HOURS, to: 'reminder' } }, categories: yesNo('ask_count', 'no_cases'), other: { to: 'retry_seen' } },
      },
      {
        key: 'retry_seen',
        actions: [msg({ en: 'Please reply 1 YES if you have seen a suspected cholera case since Monday, or 2 NO.', fr: 'Répondez 1 OUI si vous avez vu un cas suspect de choléra depuis lundi, ou 2 NON.' }, YES_NO)],
        next: 'seen',
      },
      {
        key: 'reminder',
        actions: [msg({ en: 'Reminder: have you seen a suspected cholera case since Monday? Reply 1 YES or 2 NO.', fr: 'Rappel : avez-vous vu un cas suspect de choléra depuis lundi ? Répondez 1 OUI ou 2 NON.' }, YES_NO)],
        next: 'seen_after_reminder',
      },
      {
        key: 'seen_after_reminder',
        router: { operand: '@input.text', result: 'Suspected Cases', wait: { timeout: { seconds: 18 * HOURS, to: 'no_reply' } }, categories: yesNo('ask_count', 'no_cases'), other: { to: 'retry_seen' } },
      },
      { key: 'no_reply', actions: [setResult('Suspected Cases', 'no reply', NO_RESPONSE)], next: null },
      {
        key: 'ask_count',
        actions: [msg({ en: 'How many suspected cases? Reply with a number.', fr: 'Combien de cas suspects ? Répondez par un nombre.' })],
        next: 'count',
      },
      {
        key: 'count',
        router: {
          operand: '@input.text', result: 'Case Count', wait: { timeout: { seconds: 6 * HOURS, to: 'escalate' } },
          categories: [numberBetween({ en: 'Cases', fr: 'Cas' }, 1, 9999, 'ask_place')], other: { to: 'retry_count' },
        },
      },
      {
        key: 'retry_count',
        actions: [msg({ en: 'Please reply with the number of suspected cases, for example 3.', fr: 'Répondez par le nombre de cas suspects, par exemple 3.' })],
        next: 'count',
      },
      {
        key: 'ask_place',
        actions: [msg({ en: 'Where were they seen? Reply with the village or neighbourhood.', fr: 'Où ont-ils été vus ? Répondez par le village ou le quartier.' })],
        next: 'place',
      },
      {
        key: 'place',
        router: { operand: '@input.text', result: 'Place', wait: { timeout: { seconds: 6 * HOURS, to: 'escalate' } }, categories: [], other: { to: 'ask_deaths' } },
      },
      {
        key: 'ask_deaths',
        actions: [msg({ en: 'How many of them died? Reply with a number (0 if none).', fr: 'Combien en sont décédés ? Répondez par un nombre (0 si aucun).' })],
        next: 'deaths',
      },
      {
        key: 'deaths',
        router: {
          operand: '@input.text', result: 'Deaths', wait: { timeout: { seconds: 6 * HOURS, to: 'escalate' } },
          categories: [numberBetween({ en: 'Deaths', fr: 'Décès' }, 0, 9999, 'escalate')], other: { to: 'retry_deaths' },
        },
      },
      {
        key: 'retry_deaths',
        actions: [msg({ en: 'Please reply with the number of deaths, 0 if none.', fr: 'Répondez par le nombre de décès, 0 si aucun.' })],
        next: 'deaths',
      },
      {
        key: 'escalate',
        actions: [
          broadcastToQuery(
            {
              en: 'IDSR ALERT: @contact.name (@(default(fields.facility, "?"))) reports @(default(results.case_count, "?")) suspected cholera case(s) and @(default(results.deaths, "?")) death(s) at @(default(results.place, "?")). Phone: @(default(format_urn(urns.tel), default(format_urn(urns.whatsapp), "?"))). Please investigate today.',
              fr: 'ALERTE SIMR : @contact.name (@(default(fields.facility, "?"))) signale @(default(results.case_count, "?")) cas suspect(s) de choléra et @(default(results.deaths, "?")) décès à @(default(results.place, "?")). Tél. : @(default(format_urn(urns.tel), default(format_urn(urns.whatsapp), "?"))). Merci d’investiguer aujourd’hui.',
            },
            // expression values in a contact query are quoted by the engine (as goflow does)
            'district = @(default(fields.district, "")) AND cadre ~ "surveillance"',
          ),
          msg({
            en: 'Thank you. Your district surveillance officer has been alerted. Isolate suspected cases, give ORS at once and refer severe cases.',
            fr: 'Merci. Le responsable de la surveillance de votre district a été alerté. Isolez les cas suspects, donnez immédiatement de la SRO et référez les cas graves.',
          }),
        ],
        next: null,
      },
      {
        key: 'no_cases',
        actions: [msg({ en: 'Thank you. Keep watching for suspected cases and report any at once to your district officer.', fr: 'Merci. Restez vigilant et signalez tout cas suspect immédiatement au responsable de votre district.' })],
        next: null,
      },
    ],
  },
};
