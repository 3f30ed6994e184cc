/**
 * (e) Real-time stock report: stock on hand of four tracer commodities, each count written to the FHIR
 * server as an Observation (local stock code system, UCUM-style units), plus the QuestionnaireResponse.
 * No reply after 12 hours to a count ends the report (the counts given are still written).
 */
import { msg, numberBetween, question } from '../builder.js';
import type { LibraryEntrySpec } from '../entry.js';

const TIMEOUT = { seconds: 12 * 3600, to: 'no_reply' };
const STOCK_SYSTEM = 'http://moh.example.org/fhir/CodeSystem/stock';
const RETRY = { en: 'Please reply with the number on hand today, 0 if none.', fr: 'Répondez par la quantité disponible aujourd’hui, 0 s’il n’y en a pas.' };

export const stockReport: LibraryEntrySpec = {
  manifest: {
    title: { en: 'Stock report (tracer commodities)', fr: 'Rapport de stock (produits traceurs)' },
    description: {
      en: 'Health workers report the stock on hand of four tracer commodities (ACT, malaria rapid tests, ORS, amoxicillin). Each count is written to the FHIR server as an Observation at once, so stock-outs are visible in real time. Adapt the commodities and codes to the national list.',
      fr: 'Les agents de santé déclarent le stock disponible de quatre produits traceurs (CTA, tests rapides du paludisme, SRO, amoxicilline). Chaque quantité est aussitôt écrite sur le serveur FHIR comme Observation : les ruptures sont visibles en temps réel. Adaptez les produits et les codes à la liste nationale.',
    },
    use_case: 'stock',
    audience: 'health_worker',
    started_by: 'flow_start',
    contact_fields: ['facility'],
  },
  flow: {
    id: 'stock-report',
    uuid: '3b0e1c52-6a51-4d3e-9d0e-1a2b3c4d5e05',
    name: 'Stock report',
    expireAfterMinutes: 2 * 24 * 60,
    extra: {
      _kiunga: {
        fhir_writeback: {
          questionnaire_response: true,
          observations: [
            { result: 'ACT Packs', code: 'act-al-6x4-packs', system: STOCK_SYSTEM, display: 'Artemether-lumefantrine 6x4 packs on hand', unit: '{packs}' },
            { result: 'Malaria RDTs', code: 'mrdt-tests', system: STOCK_SYSTEM, display: 'Malaria rapid diagnostic tests on hand', unit: '{tests}' },
            { result: 'ORS Sachets', code: 'ors-sachets', system: STOCK_SYSTEM, display: 'ORS sachets on hand', unit: '{sachets}' },
            { result: 'Amoxicillin Packs', code: 'amoxicillin-dt-packs', system: STOCK_SYSTEM, display: 'Amoxicillin dispersible tablet packs on hand', unit: '{packs}' },
          ],
        },
      },
    },
    nodes: [
      ...question({
        key: 'act',
        text: {
          en: 'Ministry of Health stock report for @(default(fields.facility, "your facility")). How many packs of ACT (artemether-lumefantrine 6x4) are on hand today?',
          fr: 'Rapport de stock du ministère de la Santé pour @(default(fields.facility, "votre formation sanitaire")). Combien de boîtes de CTA (artéméther-luméfantrine 6x4) avez-vous aujourd’hui ?',
        },
        result: 'ACT Packs',
        categories: [numberBetween({ en: 'Count', fr: 'Quantité' }, 0, 100000, 'rdt')],
        retry: RETRY,
        timeout: TIMEOUT,
      }),
      ...question({
        key: 'rdt',
        text: { en: 'How many malaria rapid tests (RDTs)?', fr: 'Combien de tests de diagnostic rapide du paludisme (TDR) ?' },
        result: 'Malaria RDTs',
        categories: [numberBetween({ en: 'Count', fr: 'Quantité' }, 0, 100000, 'ors')],
        retry: RETRY,
        timeout: TIMEOUT,
      }),
      ...question({
        key: 'ors',
        text: { en: 'How many ORS sachets?', fr: 'Combien de sachets de SRO ?' },
        result: 'ORS Sachets',
        categories: [numberBetween({ en: 'Count', fr: 'Quantité' }, 0, 100000, 'amox')],
        retry: RETRY,
        timeout: TIMEOUT,
      }),
      ...question({
        key: 'amox',
        text: { en: 'How many packs of amoxicillin dispersible tablets?', fr: 'Combien de boîtes d’amoxicilline comprimés dispersibles ?' },
        result: 'Amoxicillin Packs',
        categories: [numberBetween({ en: 'Count', fr: 'Quantité' }, 0, 100000, 'summary')],
        retry: RETRY,
        timeout: TIMEOUT,
      }),
      {
        key: 'summary',
        actions: [
          msg({
            en: 'Thank you. Recorded: ACT @results.act_packs, RDT @results.malaria_rdts, ORS @results.ors_sachets, amoxicillin @results.amoxicillin_packs. Commodities at 0 are reported to the district pharmacy as stock-outs.',
            fr: 'Merci. Enregistré : CTA @results.act_packs, TDR @results.malaria_rdts, SRO @results.ors_sachets, amoxicilline @results.amoxicillin_packs. Les produits à 0 sont signalés en rupture à la pharmacie de district.',
          }),
        ],
        next: null,
      },
      { key: 'no_reply', actions: [msg({ en: 'We did not receive the rest of your stock report. The counts you sent are recorded.', fr: 'Nous n’avons pas reçu la suite de votre rapport de stock. Les quantités envoyées sont enregistrées.' })], next: null },
    ],
  },
};
