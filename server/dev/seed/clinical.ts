import type {
  Appointment,
  DiagnosticReport,
  Observation,
  Patient,
  Resource,
  ServiceRequest,
  Task,
} from '@medplum/fhirtypes';
import { generatePatientPhone, type GeneratedPhone } from './phones.js';
import type { Prng } from './prng.js';
import type { FacilityIntent } from './registry.js';
import { FAMILY_NAMES, GIVEN_NAMES } from './vocabulary.js';

export const CIEL_SYSTEM = 'https://cielterminology.org';
export const CIEL_RETURN_VISIT_DATE = '5096';
export const LOINC_SYSTEM = 'http://loinc.org';
export const LOINC_VIRAL_LOAD = '20447-9';

/** Example: `{ id: '3f2a…', name: 'Odile Fotso', phone: { kind: 'valid', e164: '+237690112233' }, active: true }`. */
export interface PatientIntent {
  id: string;
  name: string;
  phone: GeneratedPhone;
  active: boolean;
}

/** The generated clinical resources plus the generator's intent for each patient. */
export interface GeneratedClinical {
  resources: Resource[];
  patients: PatientIntent[];
}

/** A v4-shaped UUID from the PRNG (OpenMRS ids are UUIDs; these must be deterministic). */
function uuidFrom(prng: Prng): string {
  const hex = Array.from({ length: 32 }, () => prng.int(0, 15).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

function day(today: Date, offsetDays: number): Date {
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + offsetDays, 8, 0, 0));
}

/**
 * Generates OpenMRS-FHIR2-shaped patients (identifier typed "OpenMRS ID", telecom with only `id` and a
 * locally written `value`, no `system`), their CIEL 5096 "return visit date" Observations and booked
 * Appointments, and a viral-load lab workflow per patient in the OpenHIE shape:
 * ServiceRequest ← Task (requested, or completed with output → DiagnosticReport → Observation).
 * Dates are relative to `today` so reminders are always upcoming.
 */
export function generateClinical(
  prng: Prng,
  today: Date,
  facilities: readonly FacilityIntent[],
  practitionerIds: readonly string[],
  nextNumber: () => string,
  count = 8,
): GeneratedClinical {
  const resources: Resource[] = [];
  const patients: PatientIntent[] = [];
  for (let i = 0; i < count; i++) {
    const id = uuidFrom(prng);
    const given = prng.pick(GIVEN_NAMES);
    const family = prng.pick(FAMILY_NAMES);
    const facility = prng.pick(facilities);
    // Patient 2 has no phone on file; patient 5 has a number typed with a trunk 0 that Cameroon does not use.
    let phone: GeneratedPhone;
    if (i === 2) phone = { kind: 'missing' };
    else if (i === 5) phone = { kind: 'invalid', telecom: [{ id: uuidFrom(prng), value: `0${nextNumber()}` }] };
    else phone = generatePatientPhone(prng, nextNumber, uuidFrom(prng));
    const active = i !== 7;
    const patient: Patient = {
      resourceType: 'Patient',
      id,
      active,
      identifier: [
        {
          id: uuidFrom(prng),
          use: 'official',
          type: { coding: [{ code: '05a29f94-c0ed-11e2-94be-8c13b969e334' }], text: 'OpenMRS ID' },
          value: `10${prng.digits(4)}${String.fromCharCode(65 + prng.int(0, 25))}`,
        },
      ],
      name: [{ id: uuidFrom(prng), text: `${given.given} ${family}`, family, given: [given.given] }],
      gender: given.gender,
      birthDate: `${1970 + prng.int(0, 35)}-${String(prng.int(1, 12)).padStart(2, '0')}-${String(prng.int(1, 28)).padStart(2, '0')}`,
      ...(phone.telecom ? { telecom: phone.telecom } : {}),
      address: [{ id: uuidFrom(prng), use: 'home', city: facility.name.split(' ')[0], country: 'Cameroon' }],
      ...(prng.chance(0.5) ? { communication: [{ language: { coding: [{ system: 'urn:ietf:bcp:47', code: given.language }] }, preferred: true }] } : {}),
    };
    resources.push(patient);
    patients.push({ id, name: `${given.given} ${family}`, phone, active });

    const visitInDays = prng.int(2, 40);
    const observation: Observation = {
      resourceType: 'Observation',
      id: uuidFrom(prng),
      status: 'final',
      category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'exam' }] }],
      code: {
        coding: [
          { code: `${CIEL_RETURN_VISIT_DATE}AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`, display: 'Return visit date' },
          { system: CIEL_SYSTEM, code: CIEL_RETURN_VISIT_DATE },
          { system: 'http://snomed.info/sct', code: '390840006' },
        ],
      },
      subject: { reference: `Patient/${id}`, type: 'Patient', display: `${given.given} ${family}` },
      effectiveDateTime: day(today, -prng.int(20, 60)).toISOString(),
      issued: day(today, -prng.int(1, 19)).toISOString(),
      valueDateTime: day(today, visitInDays).toISOString().slice(0, 10),
    };
    const start = day(today, visitInDays);
    const appointment: Appointment = {
      resourceType: 'Appointment',
      id: uuidFrom(prng),
      status: 'booked',
      serviceType: [{ text: prng.pick(['ART refill', 'Antenatal care visit', 'Immunization follow-up']) }],
      start: start.toISOString(),
      end: new Date(start.getTime() + 30 * 60_000).toISOString(),
      participant: [
        { actor: { reference: `Patient/${id}` }, status: 'accepted', required: 'required' },
        { actor: { reference: `Location/${facility.id}` }, status: 'accepted' },
      ],
    };
    resources.push(observation, appointment);
    resources.push(...labWorkflow(prng, today, id, facility.id, prng.pick(practitionerIds), i % 3 !== 0));
  }
  return { resources, patients };
}

/** ServiceRequest + Task, and when `resulted` a DiagnosticReport with its viral-load Observation. */
function labWorkflow(prng: Prng, today: Date, patientId: string, facilityId: string, practitionerId: string, resulted: boolean): Resource[] {
  const requestId = uuidFrom(prng);
  const ordered = day(today, -prng.int(10, 30));
  const code = { coding: [{ system: LOINC_SYSTEM, code: LOINC_VIRAL_LOAD, display: 'HIV 1 RNA [#/volume] (viral load) in Serum or Plasma by NAA with probe detection' }] };
  const serviceRequest: ServiceRequest = {
    resourceType: 'ServiceRequest',
    id: requestId,
    status: resulted ? 'completed' : 'active',
    intent: 'order',
    category: [{ coding: [{ system: 'http://snomed.info/sct', code: '108252007', display: 'Laboratory procedure' }] }],
    code,
    subject: { reference: `Patient/${patientId}` },
    requester: { reference: `Practitioner/${practitionerId}` },
    authoredOn: ordered.toISOString().slice(0, 10),
  };
  const task: Task = {
    resourceType: 'Task',
    id: uuidFrom(prng),
    identifier: [{ system: 'urn:kiunga:dev:lab-task', value: uuidFrom(prng) }],
    basedOn: [{ reference: `ServiceRequest/${requestId}`, type: 'ServiceRequest' }],
    status: resulted ? 'completed' : 'requested',
    intent: 'order',
    for: { reference: `Patient/${patientId}` },
    authoredOn: ordered.toISOString(),
    requester: { reference: `Organization/${facilityId}` },
    owner: { reference: 'Organization/MOH' },
  };
  if (!resulted) return [serviceRequest, task];
  const observationId = uuidFrom(prng);
  const reportId = uuidFrom(prng);
  const issued = day(today, -prng.int(1, 9)).toISOString();
  const copies = prng.chance(0.5) ? prng.int(20, 999) : prng.int(1000, 250000);
  const observation: Observation = {
    resourceType: 'Observation',
    id: observationId,
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'laboratory' }] }],
    code,
    subject: { reference: `Patient/${patientId}` },
    basedOn: [{ reference: `ServiceRequest/${requestId}` }],
    effectiveDateTime: ordered.toISOString(),
    issued,
    valueQuantity: { value: copies, unit: 'copies/mL', system: 'http://unitsofmeasure.org', code: '{copies}/mL' },
    interpretation: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation', code: copies >= 1000 ? 'H' : 'N' }] }],
  };
  const report: DiagnosticReport = {
    resourceType: 'DiagnosticReport',
    id: reportId,
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0074', code: 'LAB' }] }],
    code,
    basedOn: [{ reference: `ServiceRequest/${requestId}` }],
    subject: { reference: `Patient/${patientId}` },
    issued,
    result: [{ reference: `Observation/${observationId}` }],
  };
  task.lastModified = issued;
  task.output = [{ type: { text: 'DiagnosticReport' }, valueReference: { reference: `DiagnosticReport/${reportId}` } }];
  return [serviceRequest, observation, report, task];
}
