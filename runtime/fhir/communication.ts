/**
 * Communication (one message sent to or received from a contact) and CommunicationRequest (a broadcast or
 * a flow start aimed at many contacts), with real references (mHero v2 used "Practitioner/P1" strings in
 * extensions; we use Reference elements).
 *
 *   buildCommunicationRequest({ uuid, kind: 'broadcast', text: 'Stock count due Friday', recipients: ['Practitioner/P1'], authoredOn })
 *   buildCommunication({ msgUuid, direction: 'out', text: 'How many doses?', at, contact, basedOn: 'CommunicationRequest/cr1' })
 */
import type { Communication, CommunicationRequest } from '@medplum/fhirtypes';
import type { Contact } from '../engine/api.js';
import { contactReference, fhirInstant, parseReference, uuidIdentifier, type FhirReference } from './references.js';

const MEDIUM_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ParticipationMode';

export interface CommunicationInput {
  msgUuid: string;
  /** out: Kiunga → contact; in: contact → Kiunga. */
  direction: 'out' | 'in';
  text: string;
  at: string;
  contact: Pick<Contact, 'fields' | 'name'>;
  /** "CommunicationRequest/<id>" of the broadcast/start this message belongs to. */
  basedOn?: string | null;
  /** What replies answer (the QuestionnaireResponse, or the outgoing Communication). */
  inResponseTo?: string | null;
}

function refs(values: (string | null | undefined)[], allowed: string[]): FhirReference[] {
  return values.map((v) => parseReference(v, allowed)).filter((r): r is NonNullable<typeof r> => r !== null).map((r) => ({ reference: r.reference }));
}

export function buildCommunication(input: CommunicationInput): Communication {
  const who = contactReference(input.contact);
  const at = fhirInstant(input.at);
  const basedOn = refs([input.basedOn], ['CommunicationRequest']);
  const inResponseTo = refs([input.inResponseTo], ['Communication']);
  return {
    resourceType: 'Communication',
    identifier: [uuidIdentifier(input.msgUuid)],
    status: 'completed',
    medium: [{ coding: [{ system: MEDIUM_SYSTEM, code: 'WRITTEN', display: 'written' }] }],
    ...(basedOn.length ? { basedOn } : {}),
    ...(inResponseTo.length ? { inResponseTo } : {}),
    ...(input.direction === 'out' ? { sent: at, ...(who ? { recipient: [who] } : {}) } : { received: at, ...(who ? { sender: who } : {}) }),
    payload: [{ contentString: input.text }],
  };
}

export interface CommunicationRequestInput {
  /** The broadcast's or start's UUID. */
  uuid: string;
  kind: 'broadcast' | 'flow_start';
  /** Broadcast text, or the flow's name for a start. */
  text: string;
  /** "Practitioner/<id>" / "Patient/<id>" of each recipient that has one. */
  recipients: string[];
  authoredOn: string;
  status?: CommunicationRequest['status'];
  /** Who asked (e.g. "Practitioner/<id>" of a supervisor), when known. */
  requester?: string | null;
}

export function buildCommunicationRequest(input: CommunicationRequestInput): CommunicationRequest {
  const recipients = refs(input.recipients, ['Practitioner', 'Patient', 'PractitionerRole', 'RelatedPerson']);
  const bad = input.recipients.filter((r) => !parseReference(r, ['Practitioner', 'Patient', 'PractitionerRole', 'RelatedPerson']));
  if (bad.length) throw new Error(`CommunicationRequest ${input.uuid}: recipient "${bad[0]}" is not a Practitioner/Patient/PractitionerRole/RelatedPerson reference`);
  const requester = refs([input.requester], ['Practitioner', 'PractitionerRole', 'Organization']);
  return {
    resourceType: 'CommunicationRequest',
    identifier: [uuidIdentifier(input.uuid)],
    status: input.status ?? 'active',
    category: [{ text: input.kind === 'broadcast' ? 'Broadcast' : 'Flow start' }],
    medium: [{ coding: [{ system: MEDIUM_SYSTEM, code: 'WRITTEN', display: 'written' }] }],
    authoredOn: fhirInstant(input.authoredOn),
    ...(recipients.length ? { recipient: recipients } : {}),
    ...(requester.length ? { requester: requester[0] } : {}),
    payload: [{ contentString: input.text }],
  };
}
