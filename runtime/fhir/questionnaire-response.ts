/**
 * A FHIR QuestionnaireResponse from one run's results: typed answers per the flow's questions,
 * author and subject = the contact's Practitioner/Patient (its `fhir_ref` field), basedOn = the
 * CommunicationRequest of the start/broadcast that began the session (trigger param `communication_request`).
 *
 *   buildQuestionnaireResponse({ flow, run, contact, trigger })
 *   // { resourceType: 'QuestionnaireResponse', questionnaire: 'urn:uuid:<flow>', status: 'completed',
 *   //   author: { reference: 'Practitioner/P1001' }, subject: {…}, basedOn: [{ reference: 'CommunicationRequest/cr1' }],
 *   //   item: [{ linkId: 'weight', text: 'Weight', answer: [{ valueDecimal: 72.5 }] }] }
 */
import type { QuestionnaireResponse, QuestionnaireResponseItem, QuestionnaireResponseItemAnswer } from '@medplum/fhirtypes';
import type { Contact, Trigger } from '../engine/api.js';
import type { Flow } from '../definition/types.js';
import type { RunResult, RunStatus } from '../engine/state.js';
import { categoryCode, flowQuestions, type FlowQuestion } from './flow-questions.js';
import { categorySystem, contactReference, fhirInstant, parseReference, questionnaireUrl, uuidIdentifier } from './references.js';

/** The parts of a run the builder needs. Example: `{ uuid, status: 'completed', results: { weight: {…} }, created_on, exited_on }`. */
export interface RunForFhir {
  uuid: string;
  status: RunStatus;
  results: Record<string, RunResult>;
  created_on: string;
  exited_on?: string | null;
}

export interface QuestionnaireResponseInput {
  flow: Flow;
  run: RunForFhir;
  contact: Pick<Contact, 'fields' | 'name'>;
  trigger?: Pick<Trigger, 'params'>;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;
const ISO_DATE = /^(\d{4}-\d{2}-\d{2})/;
const TIME = /^(\d{2}:\d{2})(:\d{2})?/;

/** The CommunicationRequest a session was started for, from the trigger's `communication_request` param. */
export function communicationRequestOf(trigger: Pick<Trigger, 'params'> | undefined): string | null {
  const value = trigger?.params?.communication_request;
  return typeof value === 'string' && parseReference(value, ['CommunicationRequest']) ? value : null;
}

/** The typed answer of one result, or null when the value does not fit the question's type. */
export function answerFor(question: FlowQuestion, result: RunResult): QuestionnaireResponseItemAnswer | null {
  const value = result.value.trim();
  switch (question.type) {
    case 'decimal':
      return DECIMAL.test(value) ? { valueDecimal: Number(value) } : null;
    case 'integer':
      return /^-?\d+$/.test(value) ? { valueInteger: Number(value) } : null;
    case 'date': {
      const m = ISO_DATE.exec(value);
      return m ? { valueDate: m[1] } : null;
    }
    case 'time': {
      const m = TIME.exec(value);
      return m ? { valueTime: `${m[1]}${m[2] ?? ':00'}` } : null;
    }
    case 'choice':
    case 'open-choice': {
      const code = result.category ? categoryCode(result.category) : '';
      const option = question.options?.find((o) => o.code === code);
      if (option) return { valueCoding: { system: categorySystem(question.nodeUuid), code: option.code, display: option.display } };
      return question.type === 'open-choice' && value ? { valueString: value } : null;
    }
    default:
      return value ? { valueString: value } : null;
  }
}

export function buildQuestionnaireResponse(input: QuestionnaireResponseInput): QuestionnaireResponse {
  const { flow, run, contact } = input;
  const who = contactReference(contact);
  const items: QuestionnaireResponseItem[] = [];
  for (const question of flowQuestions(flow)) {
    const result = run.results[question.key];
    if (!result) continue;
    const answer = answerFor(question, result);
    if (answer) items.push({ linkId: question.key, text: question.name, answer: [answer] });
  }
  const basedOn = communicationRequestOf(input.trigger);
  const authored = run.exited_on ?? Object.values(run.results).map((r) => r.created_on).sort().at(-1) ?? run.created_on;
  return {
    resourceType: 'QuestionnaireResponse',
    identifier: uuidIdentifier(run.uuid),
    questionnaire: questionnaireUrl(flow),
    // a run that ended any other way than completing (expired, interrupted) only partly answered
    status: run.status === 'completed' ? 'completed' : run.status === 'active' || run.status === 'waiting' ? 'in-progress' : 'stopped',
    authored: fhirInstant(authored),
    ...(who ? { author: who, subject: who, source: who } : {}),
    ...(basedOn ? { basedOn: [{ reference: basedOn }] } : {}),
    ...(items.length ? { item: items } : {}),
  };
}
