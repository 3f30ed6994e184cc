/**
 * A FHIR Questionnaire generated from a flow: one item per result (see flow-questions.ts), linkId = the
 * result key, so every QuestionnaireResponse Kiunga writes for the flow matches it.
 *
 *   buildQuestionnaire(flow)
 *   // { resourceType: 'Questionnaire', url: 'urn:uuid:<flow uuid>', version: '3', status: 'active', item: [
 *   //     { linkId: 'weight', text: 'Weight', type: 'decimal' },
 *   //     { linkId: 'stock', text: 'Stock', type: 'open-choice', answerOption: [{ valueCoding: { system, code: 'yes', display: 'Yes' } }] } ] }
 */
import type { Questionnaire, QuestionnaireItem } from '@medplum/fhirtypes';
import type { Flow } from '../definition/types.js';
import { flowQuestions } from './flow-questions.js';
import { categorySystem, questionnaireUrl, uuidIdentifier } from './references.js';

export function buildQuestionnaire(flow: Flow, options: { status?: Questionnaire['status'] } = {}): Questionnaire {
  const items: QuestionnaireItem[] = flowQuestions(flow).map((q) => ({
    linkId: q.key,
    text: q.name,
    type: q.type,
    ...(q.options ? { answerOption: q.options.map((o) => ({ valueCoding: { system: categorySystem(q.nodeUuid), code: o.code, display: o.display } })) } : {}),
  }));
  return {
    resourceType: 'Questionnaire',
    url: questionnaireUrl(flow),
    identifier: [uuidIdentifier(flow.uuid)],
    ...(flow.revision !== undefined ? { version: String(flow.revision) } : {}),
    name: flow.name.replace(/[^A-Za-z0-9_]/g, '') || undefined,
    title: flow.name,
    status: options.status ?? 'active',
    subjectType: ['Practitioner', 'Patient'],
    ...(items.length ? { item: items } : {}),
  };
}
