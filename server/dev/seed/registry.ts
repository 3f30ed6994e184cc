import type { Location, Organization, Practitioner, PractitionerRole } from '@medplum/fhirtypes';
import { createNumberPool, generatePractitionerPhone, type GeneratedPhone } from './phones.js';
import type { Prng } from './prng.js';
import { CADRES, FACILITY_KINDS, FAMILY_NAMES, GIVEN_NAMES, PLACE_SYLLABLES, REGION_NAMES, type Cadre } from './vocabulary.js';

export const IHRIS_JOB_SYSTEM = 'http://ihris.org/fhir/CodeSystem/ihris-job';
export const JURISDICTION_SYSTEM = 'http://ihris.org/fhir/CodeSystem/ihris-jurisdiction';
export const PHYSICAL_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/location-physical-type';
export const MCSD_TYPE_SYSTEM = 'urn:ietf:rfc:3986';
export const MCSD_FACILITY_CODE = 'urn:ihe:iti:mcsd:2019:facility';
export const ROLE_CODE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-RoleCode';
export const HR_NUMBER_SYSTEM = 'urn:kiunga:dev:hr-number';

/** Sizes of the generated registry. Example: `{ regions: 3, districtsPerRegion: [3, 3, 2], facilities: 25, practitioners: 50 }`. */
export interface RegistrySize {
  regions: number;
  districtsPerRegion: readonly number[];
  facilities: number;
  practitioners: number;
}

export const DEFAULT_REGISTRY_SIZE: RegistrySize = { regions: 3, districtsPerRegion: [3, 3, 2], facilities: 25, practitioners: 50 };

/**
 * What the generator intended for one practitioner, so tests can check the sync against the generator's
 * intent rather than against the sync's own output.
 *
 * Example: `{ id: 'P1007', active: true, phone: { kind: 'valid', e164: '+237699001122' }, activeRoles: [...] }`.
 */
export interface PractitionerIntent {
  id: string;
  name: string;
  gender: 'male' | 'female';
  language?: 'fr' | 'en';
  active: boolean;
  phone: GeneratedPhone;
  /** Set when this practitioner deliberately reuses another practitioner's number. */
  duplicatesPhoneOf?: string;
  /** Roles that are active today, each with its cadre and facility Location id. */
  activeRoles: { roleId: string; cadre: Cadre; facilityId: string }[];
}

/** Example: `{ id: 'CM.HP.BAK.3', name: 'Bakomé Health Post', districtId: 'CM.HP.BAK', regionId: 'CM.HP' }`. */
export interface FacilityIntent {
  id: string;
  name: string;
  districtId: string;
  regionId: string;
}

/** The generated registry resources plus the generator's intent. */
export interface GeneratedRegistry {
  locations: Location[];
  organizations: Organization[];
  practitioners: Practitioner[];
  roles: PractitionerRole[];
  facilities: FacilityIntent[];
  intents: PractitionerIntent[];
  /** Location id → name for the country, regions and districts. */
  jurisdictionNames: Map<string, string>;
  nextNumber: () => string;
}

/**
 * Cases every seed contains whatever the PRNG draws (practitioner index → phone kind), so the sync's
 * skip paths are always exercised: a trunk-0/short/"N/A" number, and no phone.
 */
const FORCED_PHONE_KINDS: Record<number, GeneratedPhone['kind']> = { 0: 'valid', 3: 'invalid', 6: 'missing', 11: 'invalid', 17: 'missing' };
const FORCED_INACTIVE = 9;
const FORCED_ENDED_ROLE = 14;

function placeName(prng: Prng, used: Set<string>): string {
  for (;;) {
    const parts = Array.from({ length: prng.int(2, 3) }, () => prng.pick(PLACE_SYLLABLES));
    const word = parts.join('');
    const name = word.charAt(0).toUpperCase() + word.slice(1) + (prng.chance(0.2) ? 'é' : '');
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}

function jurisdiction(id: string, name: string, level: 'country' | 'region' | 'district', parent?: string): Location {
  return {
    resourceType: 'Location',
    id,
    meta: { profile: ['http://ihe.net/fhir/StructureDefinition/IHE.mCSD.Location', 'http://ihris.org/fhir/StructureDefinition/ihris-jurisdiction'] },
    status: 'active',
    name,
    ...(level === 'country' ? { identifier: [{ system: 'urn:iso:std:iso:3166', value: 'CM' }] } : {}),
    type: [{ coding: [{ system: JURISDICTION_SYSTEM, code: level }], text: level.charAt(0).toUpperCase() + level.slice(1) }],
    physicalType: { coding: [{ system: PHYSICAL_TYPE_SYSTEM, code: 'jdn', display: 'Jurisdiction' }], text: 'Jurisdiction' },
    ...(parent ? { partOf: { reference: `Location/${parent}` } } : {}),
  };
}

function pickCadre(prng: Prng): Cadre {
  const total = CADRES.reduce((sum, c) => sum + c.share, 0);
  let roll = prng.next() * total;
  for (const cadre of CADRES) {
    roll -= cadre.share;
    if (roll < 0) return cadre;
  }
  return CADRES[CADRES.length - 1];
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/**
 * Generates an iHRIS/mCSD-shaped health workforce registry: a country Location, regions and districts
 * (jurisdiction Locations linked by partOf), facilities (a Location and an Organization with the same id,
 * Location.partOf = district), and practitioners with PractitionerRoles (code = cadre, location = facility).
 * About 8% of practitioners have no phone, 8% an invalid one, a few are inactive or have only ended roles.
 */
export function generateRegistry(prng: Prng, today: Date, size: RegistrySize = DEFAULT_REGISTRY_SIZE): GeneratedRegistry {
  if (size.districtsPerRegion.length !== size.regions) {
    throw new Error(`districtsPerRegion has ${size.districtsPerRegion.length} entries but regions is ${size.regions}`);
  }
  const usedNames = new Set<string>();
  const jurisdictionNames = new Map<string, string>();
  const locations: Location[] = [jurisdiction('CM', 'Cameroon (Kiunga demo)', 'country')];
  jurisdictionNames.set('CM', 'Cameroon (Kiunga demo)');
  const organizations: Organization[] = [
    {
      resourceType: 'Organization',
      id: 'MOH',
      active: true,
      name: 'Ministry of Public Health (demo)',
      type: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/organization-type', code: 'govt' }], text: 'Government' }],
    },
  ];
  const districts: { id: string; regionId: string }[] = [];
  for (let r = 0; r < size.regions; r++) {
    const region = REGION_NAMES[r] ?? { name: placeName(prng, usedNames), code: `R${r + 1}` };
    const regionId = `CM.${region.code}`;
    locations.push(jurisdiction(regionId, region.name, 'region', 'CM'));
    jurisdictionNames.set(regionId, region.name);
    for (let d = 0; d < size.districtsPerRegion[r]; d++) {
      const name = placeName(prng, usedNames);
      const id = `${regionId}.${name.slice(0, 3).toUpperCase()}${d + 1}`;
      locations.push(jurisdiction(id, name, 'district', regionId));
      jurisdictionNames.set(id, name);
      districts.push({ id, regionId });
    }
  }

  const facilities: FacilityIntent[] = [];
  for (let f = 0; f < size.facilities; f++) {
    // Round-robin first so every district has at least one facility, then random.
    const district = f < districts.length ? districts[f] : prng.pick(districts);
    const kind = f < districts.length ? FACILITY_KINDS[0] : prng.pick(FACILITY_KINDS.slice(1));
    const id = `${district.id}.${f + 1}`;
    const name = `${placeName(prng, usedNames)} ${kind.suffix}`;
    const type = [
      { coding: [{ system: MCSD_TYPE_SYSTEM, code: MCSD_FACILITY_CODE }], text: 'Facility' },
      { coding: [{ system: ROLE_CODE_SYSTEM, code: kind.code }], text: kind.text },
    ];
    organizations.push({
      resourceType: 'Organization',
      id,
      meta: { profile: ['http://ihe.net/fhir/StructureDefinition/IHE.mCSD.FacilityOrganization'] },
      active: true,
      name,
      type,
      partOf: { reference: 'Organization/MOH' },
    });
    locations.push({
      resourceType: 'Location',
      id,
      meta: { profile: ['http://ihe.net/fhir/StructureDefinition/IHE.mCSD.FacilityLocation', 'http://ihris.org/fhir/StructureDefinition/ihris-facility'] },
      status: 'active',
      name,
      type,
      physicalType: { coding: [{ system: PHYSICAL_TYPE_SYSTEM, code: 'bu', display: 'Building' }], text: 'Building' },
      partOf: { reference: `Location/${district.id}` },
      managingOrganization: { reference: `Organization/${id}` },
      position: { latitude: 3 + prng.int(0, 7000) / 1000, longitude: 9 + prng.int(0, 6000) / 1000 },
    });
    facilities.push({ id, name, districtId: district.id, regionId: district.regionId });
  }

  const nextNumber = createNumberPool(prng);
  const practitioners: Practitioner[] = [];
  const roles: PractitionerRole[] = [];
  const intents: PractitionerIntent[] = [];
  let roleSeq = 1000;
  for (let p = 0; p < size.practitioners; p++) {
    const id = `P${1001 + p}`;
    const given = prng.pick(GIVEN_NAMES);
    const family = prng.pick(FAMILY_NAMES);
    const lastOne = p === size.practitioners - 1;
    const secondLast = p === size.practitioners - 2;
    // The last two are fixed cases: a foreign (Nigerian) number, and a number shared with P1001.
    let phone: GeneratedPhone;
    let duplicatesPhoneOf: string | undefined;
    if (secondLast) {
      const national = `803${prng.digits(7)}`;
      phone = { kind: 'valid', e164: `+234${national}`, telecom: [{ system: 'phone', use: 'mobile', value: `+234 ${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}` }] };
    } else if (lastOne && intents[0]?.phone.e164) {
      const national = intents[0].phone.e164.slice(4);
      phone = { kind: 'valid', e164: intents[0].phone.e164, telecom: [{ system: 'phone', use: 'mobile', value: national }] };
      duplicatesPhoneOf = intents[0].id;
    } else {
      phone = generatePractitionerPhone(prng, nextNumber, FORCED_PHONE_KINDS[p]);
    }
    const active = p === 0 || lastOne || secondLast ? true : p === FORCED_INACTIVE ? false : !prng.chance(0.08);
    const language = prng.chance(0.7) ? given.language : undefined;
    practitioners.push({
      resourceType: 'Practitioner',
      id,
      meta: { profile: ['http://ihris.org/fhir/StructureDefinition/ihris-practitioner'] },
      identifier: [{ system: HR_NUMBER_SYSTEM, value: `HR-${2005 + prng.int(0, 18)}-${String(p + 1).padStart(4, '0')}` }],
      active,
      name: [{ use: 'official', text: `${given.given} ${family}`, given: [given.given], family }],
      gender: given.gender,
      birthDate: `${1965 + prng.int(0, 35)}-${String(prng.int(1, 12)).padStart(2, '0')}-${String(prng.int(1, 28)).padStart(2, '0')}`,
      ...(phone.telecom ? { telecom: phone.telecom } : {}),
      ...(language ? { communication: [{ coding: [{ system: 'urn:ietf:bcp:47', code: language }] }] } : {}),
    });

    const cadre = pickCadre(prng);
    const facility = prng.pick(facilities);
    const activeRoles: PractitionerIntent['activeRoles'] = [];
    const start = new Date(today.getTime() - prng.int(200, 6000) * 86_400_000);
    // ~6%: the only role ended last month (transferred out of the public service).
    const ended = p === 0 || lastOne || secondLast ? false : p === FORCED_ENDED_ROLE || prng.chance(0.06);
    const roleId = `PR${++roleSeq}`;
    roles.push(role(roleId, id, cadre, facility.id, isoDate(start), ended ? isoDate(new Date(today.getTime() - 30 * 86_400_000)) : undefined));
    if (!ended) activeRoles.push({ roleId, cadre, facilityId: facility.id });
    if (prng.chance(0.12)) {
      // A second, concurrent posting at another facility (e.g. outreach), sometimes in another cadre.
      const other = prng.pick(facilities.filter((f) => f.id !== facility.id));
      const secondCadre = prng.chance(0.5) ? cadre : pickCadre(prng);
      const secondId = `PR${++roleSeq}`;
      roles.push(role(secondId, id, secondCadre, other.id, isoDate(new Date(today.getTime() - prng.int(30, 199) * 86_400_000))));
      activeRoles.push({ roleId: secondId, cadre: secondCadre, facilityId: other.id });
    }
    intents.push({ id, name: `${given.given} ${family}`, gender: given.gender, language, active, phone, duplicatesPhoneOf, activeRoles });
  }
  return { locations, organizations, practitioners, roles, facilities, intents, jurisdictionNames, nextNumber };
}

function role(id: string, practitionerId: string, cadre: Cadre, facilityId: string, start: string, end?: string): PractitionerRole {
  return {
    resourceType: 'PractitionerRole',
    id,
    meta: { profile: ['http://ihris.org/fhir/StructureDefinition/ihris-practitioner-role'] },
    active: end === undefined,
    practitioner: { reference: `Practitioner/${practitionerId}` },
    code: [{ coding: [{ system: IHRIS_JOB_SYSTEM, code: cadre.code, display: cadre.display }], text: cadre.display }],
    location: [{ reference: `Location/${facilityId}` }],
    organization: { reference: `Organization/${facilityId}` },
    period: end ? { start, end } : { start },
  };
}
