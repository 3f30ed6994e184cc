import type { Patient } from '@medplum/fhirtypes';
import type { CountryCode } from 'libphonenumber-js';
import type { ContactPlan } from './contact-plan.js';
import { languageFromCommunication } from './language.js';
import { noPhoneReason, phonesFromTelecom } from './phone.js';
import { displayName } from './registry-plan.js';

/** Contact field keys the patient sync owns. */
export const PATIENT_FIELD_KEYS = ['gender', 'birth_date', 'patient_id', 'fhir_ref'] as const;

/** The one group every synced patient is in. */
export const PATIENTS_GROUP = { kind: 'patients', key: 'all', name: 'Patients' } as const;

/**
 * The identifier to show as `patient_id`: OpenMRS FHIR2 types its main identifier by text ("OpenMRS ID");
 * otherwise the `official` one, otherwise the first.
 */
function patientIdentifier(patient: Patient): string | undefined {
  const ids = patient.identifier ?? [];
  const chosen =
    ids.find((i) => /openmrs id/i.test(i.type?.text ?? '')) ?? ids.find((i) => i.use === 'official') ?? ids[0];
  return chosen?.value;
}

/**
 * Builds the contact plan of one patient (OpenMRS FHIR2 shape: telecom entries often carry only `value`,
 * no `system`). Inactive or deceased patients are archived. Everyone active is in the "Patients" group.
 *
 * Example: `planPatient(patient, 'CM', new Date()).fields` → `{ gender: 'female', birth_date: '1990-05-01', patient_id: '10023A', fhir_ref: 'Patient/…' }`.
 */
export function planPatient(patient: Patient, defaultCountry: CountryCode, now: Date): ContactPlan {
  const ref = `Patient/${patient.id}`;
  const phones = phonesFromTelecom(patient.telecom, defaultCountry, now);
  const deceased = patient.deceasedBoolean === true || Boolean(patient.deceasedDateTime);
  const active = patient.active !== false && !deceased;
  const fields: Record<string, string> = { fhir_ref: ref };
  if (patient.gender) fields.gender = patient.gender;
  if (patient.birthDate) fields.birth_date = patient.birthDate;
  const identifier = patientIdentifier(patient);
  if (identifier) fields.patient_id = identifier;
  return {
    ref,
    active,
    inactiveReason: deceased ? 'Patient is deceased' : patient.active === false ? 'Patient.active is false' : undefined,
    problem: active && phones.numbers.length === 0 ? noPhoneReason(phones) : undefined,
    name: displayName(patient.name),
    language: languageFromCommunication((patient.communication ?? []).sort((a, b) => Number(b.preferred) - Number(a.preferred)).map((c) => c.language)),
    phones: phones.numbers,
    fields,
    groups: active ? [PATIENTS_GROUP] : [],
  };
}
