import type { CodeableConcept, HumanName, Practitioner, PractitionerRole } from '@medplum/fhirtypes';
import type { CountryCode } from 'libphonenumber-js';
import type { ContactPlan, GroupWant } from './contact-plan.js';
import type { LocationHierarchy } from './hierarchy.js';
import { languageFromCommunication } from './language.js';
import { noPhoneReason, phonesFromTelecom } from './phone.js';

/** Contact field keys the registry sync owns (others, e.g. set by flows, are left alone). */
export const REGISTRY_FIELD_KEYS = ['cadre', 'facility', 'facility_id', 'district', 'region', 'gender', 'fhir_ref'] as const;

/** Display name of a HumanName list: `text`, else "given family", official name first. */
export function displayName(names: readonly HumanName[] | undefined): string | null {
  const list = [...(names ?? [])].sort((a, b) => Number(b.use === 'official') - Number(a.use === 'official'));
  for (const name of list) {
    if (name.use === 'old') continue;
    const text = name.text?.trim() || [...(name.given ?? []), name.family].filter(Boolean).join(' ').trim();
    if (text) return text;
  }
  return null;
}

/** Label and stable key of a role's cadre: the first coding (system|code, display) or the text. */
function cadreOf(codes: readonly CodeableConcept[] | undefined): { key: string; label: string } | undefined {
  for (const concept of codes ?? []) {
    const coding = concept.coding?.find((c) => c.code);
    const label = concept.text?.trim() || coding?.display?.trim() || coding?.code;
    if (coding?.code) return { key: `${coding.system ?? ''}|${coding.code}`, label: label ?? coding.code };
    if (label) return { key: `|${label.toLowerCase()}`, label };
  }
  return undefined;
}

/** A role counts when `active` is not false and its period (if any) contains `now`. */
export function roleIsCurrent(role: PractitionerRole, now: Date): boolean {
  if (role.active === false) return false;
  const t = now.getTime();
  if (role.period?.start && Date.parse(role.period.start) > t) return false;
  if (role.period?.end && Date.parse(role.period.end) < t) return false;
  return true;
}

/** Practitioner id from a role's `practitioner` reference ("Practitioner/P1", absolute URLs too). */
export function practitionerIdOf(role: PractitionerRole): string | undefined {
  return /(?:^|\/)Practitioner\/([^/]+)(?:\/_history\/[^/]+)?$/.exec(role.practitioner?.reference ?? '')?.[1];
}

/**
 * Builds the contact plan of one practitioner.
 * - Active when the Practitioner is not `active: false` and has at least one current role; otherwise the
 *   contact is archived.
 * - Fields come from the primary role (the current role that started last; ties by id); groups from every
 *   current role: one per cadre, region, district and facility.
 */
export function planPractitioner(
  practitioner: Practitioner,
  roles: readonly PractitionerRole[],
  hierarchy: LocationHierarchy,
  defaultCountry: CountryCode,
  now: Date,
): ContactPlan {
  const ref = `Practitioner/${practitioner.id}`;
  const current = roles
    .filter((r) => roleIsCurrent(r, now))
    .sort((a, b) => (b.period?.start ?? '').localeCompare(a.period?.start ?? '') || (a.id ?? '').localeCompare(b.id ?? ''));
  const phones = phonesFromTelecom(practitioner.telecom, defaultCountry, now);
  const fields: Record<string, string> = { fhir_ref: ref };
  if (practitioner.gender) fields.gender = practitioner.gender;
  const groups = new Map<string, GroupWant>();
  const want = (g: GroupWant) => groups.set(`${g.kind}:${g.key}`, g);
  current.forEach((role, index) => {
    const cadre = cadreOf(role.code);
    const place = hierarchy.place(role.location?.[0]?.reference, role.organization?.reference);
    if (index === 0) {
      if (cadre) fields.cadre = cadre.label;
      if (place.facility) {
        fields.facility = place.facility.name;
        fields.facility_id = place.facility.id;
      }
      if (place.district) fields.district = place.district.name;
      if (place.region) fields.region = place.region.name;
    }
    if (cadre) want({ kind: 'cadre', key: cadre.key, name: `Cadre: ${cadre.label}` });
    if (place.region) want({ kind: 'region', key: place.region.id, name: `Region: ${place.region.name}` });
    if (place.district) want({ kind: 'district', key: place.district.id, name: `District: ${place.district.name}` });
    if (place.facility) want({ kind: 'facility', key: place.facility.id, name: `Facility: ${place.facility.name}` });
  });
  const active = practitioner.active !== false && current.length > 0;
  return {
    ref,
    active,
    inactiveReason: practitioner.active === false ? 'Practitioner.active is false' : current.length === 0 ? 'no current PractitionerRole' : undefined,
    problem: active && phones.numbers.length === 0 ? noPhoneReason(phones) : undefined,
    name: displayName(practitioner.name),
    language: languageFromCommunication(practitioner.communication ?? []),
    phones: phones.numbers,
    fields,
    groups: active ? [...groups.values()] : [],
  };
}
