/**
 * (c) Facility conditions report: staff present today, electricity, water, protective equipment and any
 * other problem, then a summary in the health worker's language. No reply after 12 hours to a question ends
 * the report as incomplete (the answers given so far are kept and written back).
 */
import { choice, msg, numberBetween, question, type Bilingual } from '../builder.js';
import type { LibraryEntrySpec } from '../entry.js';

const TIMEOUT = { seconds: 12 * 3600, to: 'no_reply' };
const ONE_TWO_THREE: Bilingual[] = [{ en: '1', fr: '1' }, { en: '2', fr: '2' }, { en: '3', fr: '3' }];

export const facilityConditions: LibraryEntrySpec = {
  manifest: {
    title: { en: 'Facility conditions report', fr: 'Rapport sur les conditions de la formation sanitaire' },
    description: {
      en: 'Health workers report the conditions at their facility: staff present today, electricity, water, protective equipment and any other problem. Ends with a summary; answers are written to FHIR as a QuestionnaireResponse and the staff count as an Observation.',
      fr: 'Les agents de santé signalent les conditions de leur formation sanitaire : personnel présent ce jour, électricité, eau, équipements de protection et autres problèmes. Se termine par un résumé ; les réponses sont écrites en FHIR (QuestionnaireResponse, et le nombre de personnels en Observation).',
    },
    use_case: 'facility_conditions',
    audience: 'health_worker',
    started_by: 'flow_start',
    contact_fields: ['facility'],
  },
  flow: {
    id: 'facility-conditions',
    uuid: '3b0e1c52-6a51-4d3e-9d0e-1a2b3c4d5e03',
    name: 'Facility conditions report',
    expireAfterMinutes: 2 * 24 * 60,
    extra: {
      _kiunga: {
        fhir_writeback: {
          questionnaire_response: true,
          observations: [{ result: 'Staff Present', code: 'staff-present', system: 'http://moh.example.org/fhir/CodeSystem/facility-conditions', display: 'Staff present today', unit: '{persons}' }],
        },
      },
    },
    nodes: [
      ...question({
        key: 'staff',
        text: {
          en: 'Ministry of Health facility report for @(default(fields.facility, "your facility")). How many staff are working there today? Reply with a number.',
          fr: 'Rapport du ministère de la Santé pour @(default(fields.facility, "votre formation sanitaire")). Combien de personnels y travaillent aujourd’hui ? Répondez par un nombre.',
        },
        result: 'Staff Present',
        categories: [numberBetween({ en: 'Count', fr: 'Nombre' }, 0, 500, 'power')],
        retry: { en: 'Please reply with the number of staff working today, for example 4.', fr: 'Répondez par le nombre de personnels présents aujourd’hui, par exemple 4.' },
        timeout: TIMEOUT,
      }),
      ...question({
        key: 'power',
        text: { en: 'Electricity today? Reply 1 all day, 2 with cuts, 3 none.', fr: 'Électricité aujourd’hui ? Répondez 1 toute la journée, 2 avec coupures, 3 aucune.' },
        quickReplies: ONE_TWO_THREE,
        result: 'Power',
        categories: [
          choice(1, { en: 'All day', fr: 'Toute la journée' }, { en: 'all day yes', fr: 'toute journée oui' }, 'water'),
          choice(2, { en: 'Cuts', fr: 'Coupures' }, { en: 'cuts cut', fr: 'coupures coupure' }, 'water'),
          choice(3, { en: 'None', fr: 'Aucune' }, { en: 'none no', fr: 'aucune non' }, 'water'),
        ],
        retry: { en: 'Please reply 1 (electricity all day), 2 (with cuts) or 3 (none).', fr: 'Répondez 1 (électricité toute la journée), 2 (avec coupures) ou 3 (aucune).' },
        timeout: TIMEOUT,
      }),
      ...question({
        key: 'water',
        text: { en: 'Water today? Reply 1 running water, 2 stored water only, 3 none.', fr: 'Eau aujourd’hui ? Répondez 1 eau courante, 2 eau stockée seulement, 3 aucune.' },
        quickReplies: ONE_TWO_THREE,
        result: 'Water',
        categories: [
          choice(1, { en: 'Running', fr: 'Courante' }, { en: 'running tap', fr: 'courante robinet' }, 'ppe'),
          choice(2, { en: 'Stored', fr: 'Stockée' }, { en: 'stored tank', fr: 'stockée réservoir' }, 'ppe'),
          choice(3, { en: 'None', fr: 'Aucune' }, { en: 'none no', fr: 'aucune non' }, 'ppe'),
        ],
        retry: { en: 'Please reply 1 (running water), 2 (stored water only) or 3 (none).', fr: 'Répondez 1 (eau courante), 2 (eau stockée seulement) ou 3 (aucune).' },
        timeout: TIMEOUT,
      }),
      ...question({
        key: 'ppe',
        text: { en: 'Protective equipment (gloves, masks)? Reply 1 enough for a week, 2 running low, 3 out of stock.', fr: 'Équipements de protection (gants, masques) ? Répondez 1 assez pour une semaine, 2 presque épuisés, 3 en rupture.' },
        quickReplies: ONE_TWO_THREE,
        result: 'Protective Equipment',
        categories: [
          choice(1, { en: 'Enough', fr: 'Suffisant' }, { en: 'enough', fr: 'assez suffisant' }, 'problem'),
          choice(2, { en: 'Low', fr: 'Faible' }, { en: 'low', fr: 'presque faible' }, 'problem'),
          choice(3, { en: 'Out of stock', fr: 'Rupture' }, { en: 'out none', fr: 'rupture aucun' }, 'problem'),
        ],
        retry: { en: 'Please reply 1 (enough for a week), 2 (running low) or 3 (out of stock).', fr: 'Répondez 1 (assez pour une semaine), 2 (presque épuisés) ou 3 (en rupture).' },
        timeout: TIMEOUT,
      }),
      ...question({
        key: 'problem',
        text: { en: 'Any other problem at the facility? Describe it in one message, or reply NO.', fr: 'Un autre problème dans la formation sanitaire ? Décrivez-le en un message, ou répondez NON.' },
        result: 'Other Problem',
        categories: [{ name: { en: 'None', fr: 'Aucun' }, to: 'summary', cases: [{ test: 'has_only_phrase', args: [{ en: 'no', fr: 'non' }] }] }],
        next: 'summary',
        timeout: TIMEOUT,
      }),
      {
        key: 'summary',
        actions: [
          msg({
            en: 'Thank you. Report for @(default(fields.facility, "your facility")): @results.staff_present staff, electricity: @results.power.category_localized, water: @results.water.category_localized, protective equipment: @results.protective_equipment.category_localized.',
            fr: 'Merci. Rapport pour @(default(fields.facility, "votre formation sanitaire")) : @results.staff_present personnels, électricité : @results.power.category_localized, eau : @results.water.category_localized, équipements de protection : @results.protective_equipment.category_localized.',
          }),
        ],
        next: null,
      },
      {
        key: 'no_reply',
        actions: [msg({ en: 'We did not receive your answer, so the facility report is incomplete. Your district team may call you.', fr: 'Nous n’avons pas reçu votre réponse : le rapport est incomplet. L’équipe de district pourrait vous appeler.' })],
        next: null,
      },
    ],
  },
};
