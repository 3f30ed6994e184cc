/**
 * (d) Rapid survey of health workers: five questions, two numeric and three multiple choice. A question
 * not answered within a day closes the survey for that health worker (the answers given are kept).
 */
import { choice, msg, numberBetween, question, yesNo, type Bilingual } from '../builder.js';
import type { LibraryEntrySpec } from '../entry.js';

const TIMEOUT = { seconds: 24 * 3600, to: 'no_reply' };
const numbers = (n: number): Bilingual[] => Array.from({ length: n }, (_, i) => ({ en: String(i + 1), fr: String(i + 1) }));

export const rapidSurvey: LibraryEntrySpec = {
  manifest: {
    title: { en: 'Rapid survey (5 questions)', fr: 'Enquête rapide (5 questions)' },
    description: {
      en: 'A five-question survey of health workers: fever cases seen, malaria guidelines at hand, main obstacle, days of training, satisfaction with supervision. Numbers and numbered choices, unclear answers asked again, each answer a result and in the FHIR QuestionnaireResponse. Replace the questions with your own.',
      fr: 'Une enquête de cinq questions auprès des agents de santé : cas de fièvre vus, directives paludisme disponibles, principal obstacle, jours de formation, satisfaction de la supervision. Nombres et choix numérotés, réponses peu claires redemandées, chaque réponse est un résultat et figure dans la QuestionnaireResponse FHIR. Remplacez les questions par les vôtres.',
    },
    use_case: 'survey',
    audience: 'health_worker',
    started_by: 'flow_start',
    contact_fields: [],
  },
  flow: {
    id: 'rapid-survey',
    uuid: '3b0e1c52-6a51-4d3e-9d0e-1a2b3c4d5e04',
    name: 'Rapid survey',
    expireAfterMinutes: 3 * 24 * 60,
    extra: { _kiunga: { fhir_writeback: { questionnaire_response: true } } },
    nodes: [
      ...question({
        key: 'q1',
        text: {
          en: 'Ministry of Health survey, 5 short questions. 1/5: How many children under 5 with fever did you see last week? Reply with a number.',
          fr: 'Enquête du ministère de la Santé, 5 questions courtes. 1/5 : Combien d’enfants de moins de 5 ans avec de la fièvre avez-vous vus la semaine dernière ? Répondez par un nombre.',
        },
        result: 'Fever Cases',
        categories: [numberBetween({ en: 'Number', fr: 'Nombre' }, 0, 1000, 'q2')],
        retry: { en: 'Please reply with a number, for example 12.', fr: 'Répondez par un nombre, par exemple 12.' },
        timeout: TIMEOUT,
      }),
      ...question({
        key: 'q2',
        text: { en: '2/5: Do you have the 2026 malaria treatment guidelines at your facility? Reply 1 YES or 2 NO.', fr: '2/5 : Avez-vous les directives 2026 de traitement du paludisme dans votre formation sanitaire ? Répondez 1 OUI ou 2 NON.' },
        quickReplies: [{ en: '1 YES', fr: '1 OUI' }, { en: '2 NO', fr: '2 NON' }],
        result: 'Guidelines',
        categories: yesNo('q3', 'q3'),
        retry: { en: 'Please reply 1 YES or 2 NO.', fr: 'Répondez 1 OUI ou 2 NON.' },
        timeout: TIMEOUT,
      }),
      ...question({
        key: 'q3',
        text: { en: '3/5: What most limits your work? Reply 1 stock-outs, 2 too few staff, 3 transport, 4 lack of training.', fr: '3/5 : Qu’est-ce qui limite le plus votre travail ? Répondez 1 ruptures de stock, 2 manque de personnel, 3 transport, 4 manque de formation.' },
        quickReplies: numbers(4),
        result: 'Main Challenge',
        categories: [
          choice(1, { en: 'Stock-outs', fr: 'Ruptures' }, { en: 'stock stockouts', fr: 'ruptures rupture stock' }, 'q4'),
          choice(2, { en: 'Staff', fr: 'Personnel' }, { en: 'staff', fr: 'personnel' }, 'q4'),
          choice(3, { en: 'Transport', fr: 'Transport' }, { en: 'transport', fr: 'transport' }, 'q4'),
          choice(4, { en: 'Training', fr: 'Formation' }, { en: 'training', fr: 'formation' }, 'q4'),
        ],
        retry: { en: 'Please reply with one number from 1 to 4.', fr: 'Répondez par un seul chiffre de 1 à 4.' },
        timeout: TIMEOUT,
      }),
      ...question({
        key: 'q4',
        text: { en: '4/5: How many days of training did you receive in the last 12 months? Reply with a number (0 if none).', fr: '4/5 : Combien de jours de formation avez-vous reçus ces 12 derniers mois ? Répondez par un nombre (0 si aucun).' },
        result: 'Training Days',
        categories: [numberBetween({ en: 'Days', fr: 'Jours' }, 0, 365, 'q5')],
        retry: { en: 'Please reply with a number of days between 0 and 365.', fr: 'Répondez par un nombre de jours entre 0 et 365.' },
        timeout: TIMEOUT,
      }),
      ...question({
        key: 'q5',
        text: { en: '5/5: How useful were your supervision visits this year? Reply 1 very useful, 2 useful, 3 not useful, 4 no visit.', fr: '5/5 : Les visites de supervision de cette année vous ont-elles été utiles ? Répondez 1 très utiles, 2 utiles, 3 pas utiles, 4 aucune visite.' },
        quickReplies: numbers(4),
        result: 'Supervision',
        categories: [
          choice(1, { en: 'Very useful', fr: 'Très utiles' }, { en: 'very', fr: 'très' }, 'thanks'),
          // only the number: "useful" is also a word of "very useful" and "not useful"
          choice(2, { en: 'Useful', fr: 'Utiles' }, { en: '', fr: '' }, 'thanks'),
          choice(3, { en: 'Not useful', fr: 'Pas utiles' }, { en: 'not', fr: 'pas' }, 'thanks'),
          choice(4, { en: 'No visit', fr: 'Aucune visite' }, { en: 'none', fr: 'aucune' }, 'thanks'),
        ],
        retry: { en: 'Please reply with one number from 1 to 4.', fr: 'Répondez par un seul chiffre de 1 à 4.' },
        timeout: TIMEOUT,
      }),
      { key: 'thanks', actions: [msg({ en: 'Thank you for answering the survey. Your answers help the Ministry plan support.', fr: 'Merci d’avoir répondu à l’enquête. Vos réponses aident le ministère à organiser son appui.' })], next: null },
      { key: 'no_reply', actions: [msg({ en: 'The survey is now closed for you. Thank you for the answers you gave.', fr: 'L’enquête est maintenant close pour vous. Merci pour les réponses données.' })], next: null },
    ],
  },
};
