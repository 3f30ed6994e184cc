/**
 * FHIR references and canonical URLs Kiunga derives from its own data.
 *
 *   contactReference({ fields: { fhir_ref: { text: 'Practitioner/P1001' } } })  // { reference: 'Practitioner/P1001' }
 *   questionnaireUrl(flow)   // 'urn:uuid:615b8a0f-…'
 */
import type { Reference, ResourceType } from '@medplum/fhirtypes';
import type { Contact } from '../engine/api.js';

/** A FHIR Reference as Kiunga writes it. Example: `{ reference: 'Patient/8f3c', type: 'Patient' }`. */
// `never`: the resource type is only known at run time, and such a reference fits every typed Reference field
export type FhirReference = Reference<never>;

const RELATIVE_REFERENCE = /^(Practitioner|Patient|PractitionerRole|RelatedPerson|Location|Organization|Communication|CommunicationRequest|QuestionnaireResponse)\/[A-Za-z0-9\-.]{1,64}$/;

/** Identifier system for ids Kiunga makes itself (`urn:uuid:…`), so retried writes can be conditional. */
export const URI_IDENTIFIER_SYSTEM = 'urn:ietf:rfc:3986';

/** Parses "Type/id" (as contacts' `fhir_ref` field holds) into a reference, or null when it is not one. */
export function parseReference(text: string | null | undefined, allowed?: readonly string[]): FhirReference | null {
  const value = (text ?? '').trim();
  if (!RELATIVE_REFERENCE.test(value)) return null;
  const type = value.slice(0, value.indexOf('/')) as ResourceType;
  if (allowed && !allowed.includes(type)) return null;
  return { reference: value, type };
}

/** The Practitioner or Patient a contact stands for, from its `fhir_ref` field (set by the registry/patient sync). */
export function contactReference(contact: Pick<Contact, 'fields' | 'name'>): FhirReference | null {
  const ref = parseReference(contact.fields?.fhir_ref?.text, ['Practitioner', 'Patient']);
  return ref ? { ...ref, ...(contact.name ? { display: contact.name } : {}) } : null;
}

/** The canonical URL of the Questionnaire generated from a flow: the flow's UUID as a URN. */
export function questionnaireUrl(flow: { uuid: string }): string {
  return `urn:uuid:${flow.uuid}`;
}

/** The code system of a router's categories: the router node's UUID as a URN. */
export function categorySystem(nodeUuid: string): string {
  return `urn:uuid:${nodeUuid}`;
}

/** An identifier made from a Kiunga UUID. Example: `{ system: 'urn:ietf:rfc:3986', value: 'urn:uuid:0196…' }`. */
export function uuidIdentifier(uuid: string): { system: string; value: string } {
  return { system: URI_IDENTIFIER_SYSTEM, value: `urn:uuid:${uuid}` };
}

/** goflow timestamps carry nanoseconds; FHIR instants are fine with them but servers vary: keep milliseconds. */
export function fhirInstant(timestamp: string): string {
  const parsed = new Date(timestamp);
  if (Number.isNaN(parsed.getTime())) throw new Error(`"${timestamp}" is not a timestamp`);
  return parsed.toISOString();
}
