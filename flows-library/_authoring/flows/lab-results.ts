/**
 * (h) Lab-result delivery behind a PIN. Started by the FHIR lab-results watcher for the health worker of the
 * ordering facility with the trigger params of the contract (docs/HELPERS-SESSION2.md): `count`, `facility`,
 * `results`, `summary`. The results are sent only after the health worker replies with the PIN held in their
 * contact field `results_pin`; three wrong PINs lock access (contact field `results_pin_locked`, cleared by a
 * supervisor). The PIN itself is never saved as a result.
 */
import { fhirWrite, msg, NO_RESPONSE, setField, setLocal, setResult, type Bilingual } from '../builder.js';
import type { LibraryEntrySpec } from '../entry.js';

const DAY = 86_400;
const HEADER: Bilingual = {
  en: 'You have @trigger.params.count new lab result(s) for @trigger.params.facility.name',
  fr: 'Vous avez @trigger.params.count nouveau(x) résultat(s) de laboratoire pour @trigger.params.facility.name',
};

export const labResults: LibraryEntrySpec = {
  manifest: {
    title: { en: 'Lab results delivery (PIN protected)', fr: 'Remise des résultats de laboratoire (protégée par code)' },
    description: {
      en: 'Started by the FHIR lab-results watcher when results are ready for a facility: the health worker replies with their personal results PIN (contact field results_pin) to receive the results summary, and confirms receipt. Three wrong PINs lock access until a supervisor clears the field results_pin_locked. Delivery and receipt are results and a FHIR QuestionnaireResponse; a Communication records each delivery.',
      fr: 'Lancé par la surveillance FHIR des résultats de laboratoire quand des résultats sont prêts pour une formation sanitaire : l’agent répond avec son code personnel (champ de contact results_pin) pour recevoir le résumé des résultats, puis confirme la réception. Trois codes erronés bloquent l’accès jusqu’à ce qu’un superviseur efface le champ results_pin_locked. Remise et réception sont des résultats et une QuestionnaireResponse FHIR ; une Communication trace chaque remise.',
    },
    use_case: 'lab_results',
    audience: 'health_worker',
    started_by: 'fhir_watcher',
    contact_fields: ['results_pin', 'results_pin_locked', 'fhir_ref'],
    trigger_params: ['kind', 'facility.id', 'facility.name', 'count', 'results', 'summary'],
  },
  flow: {
    id: 'lab-results',
    uuid: '3b0e1c52-6a51-4d3e-9d0e-1a2b3c4d5e08',
    name: 'Lab results delivery',
    expireAfterMinutes: 2 * 24 * 60,
    extra: { _kiunga: { fhir_writeback: { questionnaire_response: true } } },
    nodes: [
      {
        key: 'check_locked',
        router: {
          operand: '@(default(fields.results_pin_locked, ""))',
          categories: [{ name: { en: 'Locked', fr: 'Bloqué' }, to: 'locked', cases: [{ test: 'has_text' }] }],
          other: { name: { en: 'Open', fr: 'Ouvert' }, to: 'check_pin' },
        },
      },
      {
        key: 'locked',
        actions: [
          setResult('Delivery', 'locked', { en: 'Locked', fr: 'Bloqué' }),
          msg({ en: `${HEADER.en}, but access to results is locked after 3 wrong PINs. Ask your supervisor to unlock it.`, fr: `${HEADER.fr}, mais l’accès aux résultats est bloqué après 3 codes erronés. Demandez à votre superviseur de le débloquer.` }),
        ],
        next: null,
      },
      {
        key: 'check_pin',
        router: {
          operand: '@(default(fields.results_pin, ""))',
          categories: [{ name: { en: 'Has PIN', fr: 'Code défini' }, to: 'ask_pin', cases: [{ test: 'has_text' }] }],
          other: { name: { en: 'No PIN', fr: 'Pas de code' }, to: 'no_pin' },
        },
      },
      {
        key: 'no_pin',
        actions: [
          setResult('Delivery', 'no PIN', { en: 'No PIN', fr: 'Pas de code' }),
          msg({ en: `${HEADER.en}, but no results PIN is set for you. Ask your supervisor to set one.`, fr: `${HEADER.fr}, mais aucun code de résultats n’est défini pour vous. Demandez à votre superviseur d’en définir un.` }),
        ],
        next: null,
      },
      {
        key: 'ask_pin',
        actions: [setLocal('tries', '0'), msg({ en: `${HEADER.en}. Reply with your results PIN to see them.`, fr: `${HEADER.fr}. Répondez avec votre code de résultats pour les voir.` })],
        next: 'pin',
      },
      {
        // no result name: the PIN is not kept in results or exports
        key: 'pin',
        router: {
          // has_only_text is exact: spaces around the PIN do not make it wrong
          operand: '@(trim(input.text))',
          wait: { timeout: { seconds: DAY, to: 'not_opened' } },
          categories: [{ name: { en: 'Correct PIN', fr: 'Code correct' }, to: 'deliver', cases: [{ test: 'has_only_text', args: ['@fields.results_pin'] }] }],
          other: { name: { en: 'Wrong PIN', fr: 'Code erroné' }, to: 'count_try' },
        },
      },
      {
        key: 'count_try',
        actions: [setLocal('tries', '1', 'increment')],
        next: 'check_tries',
      },
      {
        key: 'check_tries',
        router: {
          operand: '@locals.tries',
          categories: [{ name: { en: 'Too many', fr: 'Trop d’essais' }, to: 'lock', cases: [{ test: 'has_number_gte', args: ['3'] }] }],
          other: { name: { en: 'Tries left', fr: 'Essais restants' }, to: 'wrong_pin' },
        },
      },
      {
        key: 'wrong_pin',
        actions: [msg({ en: 'Wrong PIN. @(3 - locals.tries) tries left. Reply with your results PIN.', fr: 'Code erroné. Encore @(3 - locals.tries) essai(s). Répondez avec votre code de résultats.' })],
        next: 'pin',
      },
      {
        key: 'lock',
        actions: [
          setField('results_pin_locked', 'Results PIN locked', '@(now())'),
          setResult('Delivery', 'locked', { en: 'Locked', fr: 'Bloqué' }),
          msg({ en: 'Wrong PIN 3 times: access to lab results is now locked. Ask your supervisor to unlock it.', fr: 'Code erroné 3 fois : l’accès aux résultats est maintenant bloqué. Demandez à votre superviseur de le débloquer.' }),
        ],
        next: null,
      },
      {
        key: 'deliver',
        actions: [
          setResult('Delivery', 'delivered', { en: 'Delivered', fr: 'Remis' }),
          msg({ en: 'Lab results for @trigger.params.facility.name: @trigger.params.summary', fr: 'Résultats de laboratoire pour @trigger.params.facility.name : @trigger.params.summary' }),
          msg({ en: 'Reply OK once you have recorded them in the register.', fr: 'Répondez OK une fois qu’ils sont inscrits dans le registre.' }),
          fhirWrite(
            {
              resourceType: 'Communication', status: 'completed', category: [{ text: 'lab-results-delivery' }],
              recipient: [{ reference: '@fields.fhir_ref' }], sent: '@(now())',
              about: [{ reference: '@trigger.params.facility.id', display: '@trigger.params.facility.name' }],
              payload: [{ contentString: '@trigger.params.summary' }],
            },
            'Delivery Record',
          ),
        ],
        next: 'receipt',
      },
      {
        key: 'receipt',
        router: {
          operand: '@input.text', result: 'Receipt', wait: { timeout: { seconds: DAY, to: 'no_receipt' } },
          categories: [{ name: { en: 'Recorded', fr: 'Inscrit' }, to: 'thanks', cases: [{ test: 'has_any_word', args: [{ en: 'ok yes done recorded', fr: 'ok oui fait inscrit' }] }] }],
          other: { to: 'thanks' },
        },
      },
      { key: 'thanks', actions: [msg({ en: 'Thank you.', fr: 'Merci.' })], next: null },
      { key: 'no_receipt', actions: [setResult('Receipt', 'no reply', NO_RESPONSE)], next: null },
      {
        key: 'not_opened',
        actions: [
          setResult('Delivery', 'not opened', { en: 'Not opened', fr: 'Non ouvert' }),
          msg({ en: 'Your lab results were not opened by SMS. They remain available from the laboratory.', fr: 'Vos résultats n’ont pas été ouverts par SMS. Ils restent disponibles auprès du laboratoire.' }),
        ],
        next: null,
      },
    ],
  },
};
