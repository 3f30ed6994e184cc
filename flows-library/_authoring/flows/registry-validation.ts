/**
 * (g) Health-worker registry validation: reads the health worker's Practitioner and PractitionerRole from the
 * FHIR registry, asks them to confirm their name, facility and cadre, and writes each correction back
 * (Practitioner.name; PractitionerRole.location or .code), keeping every other element of the record as read.
 * No reply after two days ends the check with "No Response".
 */
import { choice, fhirRead, fhirWrite, msg, NO_RESPONSE, question, setResult, yesNo, type Bilingual, type NodeSpec } from '../builder.js';
import type { LibraryEntrySpec } from '../entry.js';

const TIMEOUT = { seconds: 2 * 86_400, to: 'no_reply' };
const YES_NO: Bilingual[] = [{ en: '1 YES', fr: '1 OUI' }, { en: '2 NO', fr: '2 NON' }];
const PRACTITIONER = 'results.practitioner.extra';
const ROLE = 'results.role.extra.entry.0.resource';

/**
 * A resource template that copies `fields` from the resource read into `base` (an absent element is left
 * out: `default(…, null)` gives null, and null elements are dropped) and replaces `overrides`.
 */
function copyOf(resourceType: string, base: string, fields: string[], overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    resourceType,
    id: `@(${base}.id)`,
    ...Object.fromEntries(fields.filter((f) => !(f in overrides)).map((f) => [f, `@(default(${base}.${f}, null))`])),
    ...overrides,
  };
}
const PRACTITIONER_FIELDS = ['extension', 'identifier', 'active', 'telecom', 'address', 'gender', 'birthDate', 'photo', 'qualification', 'communication'];
const ROLE_FIELDS = ['extension', 'identifier', 'active', 'period', 'practitioner', 'organization', 'code', 'specialty', 'location', 'healthcareService', 'telecom', 'availableTime', 'notAvailable'];

/** A non-waiting split: has the result `key` a value? (a missing result counts as no) */
function ifAnswered(key: string, resultKey: string, then: string, otherwise: string): NodeSpec {
  return {
    key,
    router: {
      operand: `@(default(results.${resultKey}.value, ""))`,
      categories: [{ name: { en: 'Corrected', fr: 'Corrigé' }, to: then, cases: [{ test: 'has_text' }] }],
      other: { name: { en: 'Confirmed', fr: 'Confirmé' }, to: otherwise },
    },
  };
}

export const registryValidation: LibraryEntrySpec = {
  manifest: {
    title: { en: 'Health worker registry validation', fr: 'Validation du registre des personnels de santé' },
    description: {
      en: 'Each health worker confirms the name, facility and cadre the national registry holds for them. Corrections are written back to the registry over FHIR (Practitioner name, PractitionerRole facility or cadre), keeping the rest of the record; every answer is also a result and a QuestionnaireResponse.',
      fr: 'Chaque agent de santé confirme le nom, la formation sanitaire et le cadre que le registre national détient pour lui. Les corrections sont réécrites dans le registre via FHIR (nom du Practitioner, formation sanitaire ou cadre du PractitionerRole), en gardant le reste de la fiche ; chaque réponse est aussi un résultat et une QuestionnaireResponse.',
    },
    use_case: 'registry_validation',
    audience: 'health_worker',
    started_by: 'flow_start',
    contact_fields: ['fhir_ref', 'facility', 'cadre'],
  },
  flow: {
    id: 'registry-validation',
    uuid: '3b0e1c52-6a51-4d3e-9d0e-1a2b3c4d5e07',
    name: 'Health worker registry validation',
    expireAfterMinutes: 3 * 24 * 60,
    extra: { _kiunga: { fhir_writeback: { questionnaire_response: true } } },
    nodes: [
      { key: 'read', actions: [fhirRead('@fields.fhir_ref', 'Practitioner'), fhirRead('PractitionerRole?practitioner=@fields.fhir_ref&_count=1', 'Role')], next: 'name' },
      ...question({
        key: 'name',
        text: { en: 'Ministry of Health registry check. Is your name @contact.name? Reply 1 YES or 2 NO.', fr: 'Vérification du registre du ministère de la Santé. Vous appelez-vous @contact.name ? Répondez 1 OUI ou 2 NON.' },
        quickReplies: YES_NO,
        result: 'Name Confirmed',
        categories: yesNo('facility', 'fix_name'),
        retry: { en: 'Please reply 1 YES or 2 NO.', fr: 'Répondez 1 OUI ou 2 NON.' },
        timeout: TIMEOUT,
      }),
      ...question({
        key: 'fix_name',
        text: { en: 'Please send your full name as it should appear in the registry.', fr: 'Envoyez votre nom complet tel qu’il doit figurer dans le registre.' },
        result: 'Correct Name',
        categories: [],
        next: 'facility',
        timeout: TIMEOUT,
      }),
      ...question({
        key: 'facility',
        text: { en: 'Do you work at @(default(fields.facility, "?"))? Reply 1 YES or 2 NO.', fr: 'Travaillez-vous à @(default(fields.facility, "?")) ? Répondez 1 OUI ou 2 NON.' },
        quickReplies: YES_NO,
        result: 'Facility Confirmed',
        categories: yesNo('cadre', 'fix_facility'),
        retry: { en: 'Please reply 1 YES or 2 NO.', fr: 'Répondez 1 OUI ou 2 NON.' },
        timeout: TIMEOUT,
      }),
      ...question({
        key: 'fix_facility',
        text: { en: 'Please send the name of the facility where you work now.', fr: 'Envoyez le nom de la formation sanitaire où vous travaillez maintenant.' },
        result: 'Correct Facility',
        categories: [],
        next: 'cadre',
        timeout: TIMEOUT,
      }),
      ...question({
        key: 'cadre',
        text: { en: 'Is your cadre @(default(fields.cadre, "?"))? Reply 1 YES or 2 NO.', fr: 'Votre cadre est-il @(default(fields.cadre, "?")) ? Répondez 1 OUI ou 2 NON.' },
        quickReplies: YES_NO,
        result: 'Cadre Confirmed',
        categories: yesNo('check_name', 'fix_cadre'),
        retry: { en: 'Please reply 1 YES or 2 NO.', fr: 'Répondez 1 OUI ou 2 NON.' },
        timeout: TIMEOUT,
      }),
      ...question({
        key: 'fix_cadre',
        text: {
          en: 'What is your cadre? Reply 1 nurse, 2 midwife, 3 clinical officer, 4 medical doctor, 5 community health worker, 6 laboratory technician.',
          fr: 'Quel est votre cadre ? Répondez 1 infirmier, 2 sage-femme, 3 technicien médical, 4 médecin, 5 agent de santé communautaire, 6 technicien de laboratoire.',
        },
        result: 'Correct Cadre',
        categories: [
          choice(1, { en: 'Nurse', fr: 'Infirmier' }, { en: 'nurse', fr: 'infirmier infirmière' }, 'check_name'),
          choice(2, { en: 'Midwife', fr: 'Sage-femme' }, { en: 'midwife', fr: 'sage-femme' }, 'check_name'),
          choice(3, { en: 'Clinical officer', fr: 'Technicien médical' }, { en: 'clinical', fr: 'technicien' }, 'check_name'),
          choice(4, { en: 'Medical doctor', fr: 'Médecin' }, { en: 'doctor', fr: 'médecin' }, 'check_name'),
          choice(5, { en: 'Community health worker', fr: 'Agent de santé communautaire' }, { en: 'community', fr: 'communautaire' }, 'check_name'),
          choice(6, { en: 'Laboratory technician', fr: 'Technicien de laboratoire' }, { en: 'laboratory lab', fr: 'laboratoire' }, 'check_name'),
        ],
        retry: { en: 'Please reply with one number from 1 to 6.', fr: 'Répondez par un seul chiffre de 1 à 6.' },
        timeout: TIMEOUT,
      }),
      // write-back: each correction replaces one element of the record as read at the start
      ifAnswered('check_name', 'correct_name', 'write_name', 'check_facility'),
      {
        key: 'write_name',
        actions: [fhirWrite(copyOf('Practitioner', PRACTITIONER, PRACTITIONER_FIELDS, { name: [{ use: 'official', text: '@results.correct_name.value' }] }), 'Practitioner Update')],
        next: 'check_facility',
      },
      ifAnswered('check_facility', 'correct_facility', 'write_facility', 'check_cadre'),
      {
        key: 'write_facility',
        actions: [
          fhirWrite(copyOf('PractitionerRole', ROLE, ROLE_FIELDS, { location: [{ display: '@results.correct_facility.value' }] }), 'Facility Update'),
          // the cadre correction below starts from the record as it is now
          fhirRead('PractitionerRole?practitioner=@fields.fhir_ref&_count=1', 'Role'),
        ],
        next: 'check_cadre',
      },
      ifAnswered('check_cadre', 'correct_cadre', 'write_cadre', 'thanks'),
      {
        key: 'write_cadre',
        actions: [fhirWrite(copyOf('PractitionerRole', ROLE, ROLE_FIELDS, { code: [{ text: '@results.correct_cadre.category' }] }), 'Cadre Update')],
        next: 'thanks',
      },
      {
        key: 'thanks',
        actions: [msg({ en: 'Thank you, your registry record is confirmed. Corrections are sent to the national registry.', fr: 'Merci, votre fiche du registre est confirmée. Les corrections sont transmises au registre national.' })],
        next: null,
      },
      { key: 'no_reply', actions: [setResult('Registry Check', 'no reply', NO_RESPONSE)], next: null },
    ],
  },
};
