/**
 * A FHIR Observation for one numeric result, coded as the flow's write-back config says
 * (LOINC or a local code system), e.g. a health worker reporting a patient's weight or a facility's stock.
 * Health workers are performers; a Patient contact is the subject.
 *
 *   buildObservation({ result, config: { result: 'weight', code: '29463-7', system: 'http://loinc.org', unit: 'kg' }, contact })
 *   // { resourceType: 'Observation', status: 'final', code: { coding: [{ system: 'http://loinc.org', code: '29463-7' }], text: 'Weight' },
 *   //   performer: [{ reference: 'Practitioner/P1001' }], valueQuantity: { value: 72.5, unit: 'kg', system: 'http://unitsofmeasure.org', code: 'kg' } }
 */
import type { Observation } from '@medplum/fhirtypes';
import type { Contact } from '../engine/api.js';
import type { RunResult } from '../engine/state.js';
import type { ObservationWriteback } from './writeback-config.js';
import { contactReference, fhirInstant, type FhirReference } from './references.js';

export interface ObservationInput {
  /** The run the result belongs to (its UUID + the result key make the Observation's identifier). */
  runUuid: string;
  result: RunResult;
  config: ObservationWriteback;
  contact: Pick<Contact, 'fields' | 'name'>;
  /** The QuestionnaireResponse the answer came in, when it is written alongside. */
  derivedFrom?: FhirReference;
}

const UCUM = 'http://unitsofmeasure.org';
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** The Observation, or a sentence saying why the result cannot be one (not a number). */
export function buildObservation(input: ObservationInput): { observation: Observation } | { skipped: string } {
  const { result, config } = input;
  const value = result.value.trim();
  if (!DECIMAL.test(value)) return { skipped: `result '${config.result}' is "${value}", not a number` };
  const who = contactReference(input.contact);
  const patient = who?.type === 'Patient';
  const observation: Observation = {
    resourceType: 'Observation',
    // run + result: unique, so a retried write can be made conditional on it
    identifier: [{ system: `urn:uuid:${input.runUuid}`, value: config.result }],
    status: 'final',
    code: { coding: [{ system: config.system, code: config.code, ...(config.display ? { display: config.display } : {}) }], text: config.display ?? result.name },
    ...(patient && who ? { subject: who } : {}),
    ...(!patient && who ? { performer: [who] } : {}),
    effectiveDateTime: fhirInstant(result.created_on),
    valueQuantity: { value: Number(value), ...(config.unit ? { unit: config.unit, system: UCUM, code: config.unit } : {}) },
    ...(input.derivedFrom ? { derivedFrom: [input.derivedFrom] } : {}),
  };
  return { observation };
}
