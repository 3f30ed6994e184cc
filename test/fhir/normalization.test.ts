import type { Location } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { LocationHierarchy } from '../../server/fhir/hierarchy.js';
import { languageFromCommunication } from '../../server/fhir/language.js';
import { assertCountry, normalizePhone, phonesFromTelecom } from '../../server/fhir/phone.js';
import { planPractitioner, roleIsCurrent } from '../../server/fhir/registry-plan.js';

describe('normalizePhone', () => {
  it.each([
    ['677 12 34 56', 'CM', '+237677123456'],
    ['00237677123456', 'CM', '+237677123456'],
    ['237-677-123-456', 'CM', '+237677123456'],
    ['(+237) 677-12-34-56', 'CM', '+237677123456'],
    ['0712 345 678', 'KE', '+254712345678'],
    ['+254 712 345678', 'CM', '+254712345678'],
    ['0770 000 302', 'LR', '+231770000302'],
  ])('%s (%s) → %s', (raw, country, e164) => {
    expect(normalizePhone(raw, country as 'CM')).toEqual({ e164, mobile: true });
  });

  it.each([
    ['0677123456', 'CM', /^invalid phone number "0677123456" for CM \(TOO_LONG\)$/],
    ['67712', 'CM', /TOO_SHORT/],
    ['N/A', 'CM', /^invalid phone number "N\/A" \(no digits\)$/],
  ])('rejects %s', (raw, country, reason) => {
    const result = normalizePhone(raw, country as 'CM');
    expect('error' in result && result.error).toMatch(reason);
  });

  it('rejects unknown default countries', () => {
    expect(assertCountry(' cm ')).toBe('CM');
    expect(() => assertCountry('ZZ')).toThrow(/"ZZ" is not an ISO-3166 alpha-2 code/);
  });
});

describe('phonesFromTelecom', () => {
  const now = new Date('2026-11-25T00:00:00Z');
  it('keeps phone/sms/system-less entries, drops email and ended numbers, puts mobiles first and dedupes', () => {
    const phones = phonesFromTelecom(
      [
        { system: 'email', value: 'a@b.org' },
        { system: 'phone', use: 'work', value: '222 22 33 44' },
        { system: 'phone', use: 'mobile', value: '699 00 11 22', period: { end: '2025-01-01' } },
        { value: '677123456' },
        { system: 'sms', value: '+237 677 12 34 56' },
        { system: 'phone', value: '12' },
      ],
      'CM',
      now,
    );
    expect(phones.numbers).toEqual(['+237677123456', '+237222223344']);
    expect(phones.rejected).toEqual([{ value: '12', reason: 'invalid phone number "12" for CM (TOO_SHORT)' }]);
  });
});

describe('languageFromCommunication', () => {
  it('maps BCP-47 to ISO-639-3 and ignores what it does not know', () => {
    expect(languageFromCommunication([{ coding: [{ system: 'urn:ietf:bcp:47', code: 'fr-CM' }] }])).toBe('fra');
    expect(languageFromCommunication([{ coding: [{ code: 'xx' }] }, { coding: [{ code: 'sw' }] }])).toBe('swa');
    expect(languageFromCommunication([{ coding: [{ code: 'ful' }] }])).toBe('ful');
    expect(languageFromCommunication([{ text: 'French' }])).toBeNull();
  });
});

const loc = (id: string, parent?: string, level?: string): Location => ({
  resourceType: 'Location',
  id,
  name: `Name ${id}`,
  ...(parent ? { partOf: { reference: `Location/${parent}` } } : {}),
  ...(level ? { type: [{ coding: [{ code: level }] }] } : {}),
});

describe('LocationHierarchy', () => {
  it('finds district and region by jurisdiction type, skipping untyped levels in between', () => {
    const h = new LocationHierarchy([loc('C', undefined, 'country'), loc('R', 'C', 'region'), loc('D', 'R', 'district'), loc('SUB', 'D'), loc('F', 'SUB')]);
    expect(h.place('Location/F')).toEqual({ facility: { id: 'F', name: 'Name F' }, district: { id: 'D', name: 'Name D' }, region: { id: 'R', name: 'Name R' } });
  });
  it('falls back to parent and grandparent without types, and survives cycles and dangling parents', () => {
    const h = new LocationHierarchy([loc('A', 'B'), loc('B', 'C'), loc('C', 'A'), loc('X', 'missing')]);
    expect(h.place('Location/A')).toEqual({ facility: { id: 'A', name: 'Name A' }, district: { id: 'B', name: 'Name B' }, region: { id: 'C', name: 'Name C' } });
    expect(h.place('Location/X')).toEqual({ facility: { id: 'X', name: 'Name X' }, district: undefined, region: undefined });
    expect(h.isWithin('A', new Set(['C']))).toBe(true);
  });
  it('uses the organization when a role has no location (mCSD: same id as the facility Location)', () => {
    const h = new LocationHierarchy([loc('D', undefined, 'district'), loc('F', 'D')], [{ resourceType: 'Organization', id: 'F', name: 'Org F' }, { resourceType: 'Organization', id: 'O', name: 'Only Org' }]);
    expect(h.place(undefined, 'Organization/F').district?.id).toBe('D');
    expect(h.place(undefined, 'Organization/O')).toEqual({ facility: { id: 'O', name: 'Only Org' } });
  });
});

describe('planPractitioner', () => {
  const now = new Date('2026-11-25T00:00:00Z');
  const h = new LocationHierarchy([loc('R', undefined, 'region'), loc('D', 'R', 'district'), loc('F1', 'D'), loc('F2', 'D')]);
  const role = (id: string, facility: string, code: string, start: string, extra = {}) => ({
    resourceType: 'PractitionerRole' as const,
    id,
    practitioner: { reference: 'Practitioner/P' },
    code: [{ coding: [{ system: 'urn:job', code }], text: code === '1' ? 'Nurse' : 'Midwife' }],
    location: [{ reference: `Location/${facility}` }],
    period: { start },
    ...extra,
  });

  it('takes fields from the latest current role and groups from all current roles', () => {
    const plan = planPractitioner(
      { resourceType: 'Practitioner', id: 'P', name: [{ use: 'old', text: 'Maiden' }, { given: ['Ama'], family: 'Fon' }], telecom: [{ system: 'phone', value: '677123456' }] },
      [role('a', 'F1', '1', '2010-01-01'), role('b', 'F2', '2', '2020-01-01'), role('c', 'F2', '1', '2000-01-01', { period: { start: '2000-01-01', end: '2001-01-01' } })],
      h,
      'CM',
      now,
    );
    expect(plan.name).toBe('Ama Fon');
    expect(plan.fields).toMatchObject({ cadre: 'Midwife', facility_id: 'F2', district: 'Name D', region: 'Name R' });
    expect(plan.groups.map((g) => g.name).sort()).toEqual(['Cadre: Midwife', 'Cadre: Nurse', 'District: Name D', 'Facility: Name F1', 'Facility: Name F2', 'Region: Name R']);
    expect(plan.active).toBe(true);
  });

  it('is inactive with a future-only or inactive role', () => {
    expect(roleIsCurrent(role('x', 'F1', '1', '2027-01-01'), now)).toBe(false);
    expect(roleIsCurrent(role('x', 'F1', '1', '2020-01-01', { active: false }), now)).toBe(false);
    const plan = planPractitioner({ resourceType: 'Practitioner', id: 'P', telecom: [{ value: '677123456' }] }, [role('x', 'F1', '1', '2027-01-01')], h, 'CM', now);
    expect(plan).toMatchObject({ active: false, inactiveReason: 'no current PractitionerRole', groups: [] });
  });
});
