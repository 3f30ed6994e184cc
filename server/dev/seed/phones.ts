import type { ContactPoint } from '@medplum/fhirtypes';
import type { Prng } from './prng.js';

/**
 * What a generated telecom is meant to exercise in the sync: a mobile written in one of the ways people
 * type numbers into HR systems, a number that cannot be valid, or no phone at all.
 *
 * Example: `{ kind: 'valid', e164: '+237677123456', telecom: [{ system: 'phone', value: '677 12 34 56' }] }`.
 */
export interface GeneratedPhone {
  kind: 'valid' | 'invalid' | 'missing';
  /** The expected normalized number when kind is "valid". */
  e164?: string;
  telecom?: ContactPoint[];
}

/** Cameroon mobile ranges that libphonenumber's full metadata accepts as MOBILE. */
const MOBILE_PREFIXES = ['67', '69', '68', '65'] as const;

/** Ways a valid Cameroon mobile `6ABCDEFGH` gets written; each takes the 9 national digits. */
const VALID_WRITINGS: readonly ((n: string) => string)[] = [
  (n) => `+237 ${n.slice(0, 3)} ${n.slice(3, 5)} ${n.slice(5, 7)} ${n.slice(7)}`,
  (n) => n,
  (n) => `${n.slice(0, 3)} ${n.slice(3, 5)} ${n.slice(5, 7)} ${n.slice(7)}`,
  (n) => `00237${n}`,
  (n) => `237-${n.slice(0, 3)}-${n.slice(3, 6)}-${n.slice(6)}`,
  (n) => `(+237) ${n.slice(0, 3)}-${n.slice(3, 5)}-${n.slice(5, 7)}-${n.slice(7)}`,
  (n) => `+237${n}`,
];

/** Generates unique Cameroon mobile numbers (9 national digits) for one seed run. */
export function createNumberPool(prng: Prng): () => string {
  const used = new Set<string>();
  return () => {
    for (;;) {
      const national = prng.pick(MOBILE_PREFIXES) + prng.digits(7);
      if (!used.has(national)) {
        used.add(national);
        return national;
      }
    }
  };
}

/**
 * A practitioner's telecom: mostly valid mobiles in varied spellings (sometimes with an email or a work
 * landline alongside), a few numbers that cannot be valid, a few with no phone.
 */
export function generatePractitionerPhone(prng: Prng, nextNumber: () => string, forced?: GeneratedPhone['kind']): GeneratedPhone {
  const roll = prng.next();
  const kind = forced ?? (roll < 0.08 ? 'missing' : roll < 0.16 ? 'invalid' : 'valid');
  if (kind === 'missing') {
    return prng.chance(0.5) ? { kind } : { kind, telecom: [{ system: 'email', value: `hr.${prng.digits(4)}@example.org` }] };
  }
  const national = nextNumber();
  if (kind === 'invalid') {
    const badWritings = [`0${national}`, national.slice(0, 6), `+237 ${national.slice(0, 5)}`, 'N/A'];
    return { kind, telecom: [{ system: 'phone', use: 'mobile', value: prng.pick(badWritings) }] };
  }
  const telecom: ContactPoint[] = [{ system: prng.chance(0.15) ? 'sms' : 'phone', use: 'mobile', value: prng.pick(VALID_WRITINGS)(national) }];
  if (prng.chance(0.25)) telecom.unshift({ system: 'email', value: `staff.${prng.digits(5)}@example.org` });
  if (prng.chance(0.1)) telecom.push({ system: 'phone', use: 'work', value: `222 ${prng.digits(2)} ${prng.digits(2)} ${prng.digits(2)}` });
  return { kind, e164: `+237${national}`, telecom };
}

/** An OpenMRS FHIR2 patient telecom: no `system`, only an id and a locally written value. */
export function generatePatientPhone(prng: Prng, nextNumber: () => string, id: string): GeneratedPhone {
  const national = nextNumber();
  const value = prng.chance(0.5) ? national : `${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}`;
  return { kind: 'valid', e164: `+237${national}`, telecom: [{ id, value }] };
}
