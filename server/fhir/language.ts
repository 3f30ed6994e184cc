import type { CodeableConcept } from '@medplum/fhirtypes';

/**
 * BCP-47 primary subtags (what FHIR `communication` carries) → ISO-639-3 (what Kiunga contacts and flow
 * translations use). Covers the languages of mHero deployments; others map to null rather than guessed.
 */
const ISO639_1_TO_3: Record<string, string> = {
  en: 'eng', fr: 'fra', pt: 'por', es: 'spa', ar: 'ara', sw: 'swa', am: 'amh', ha: 'hau', yo: 'yor', ig: 'ibo',
  rw: 'kin', rn: 'run', lg: 'lug', so: 'som', om: 'orm', ti: 'tir', zu: 'zul', xh: 'xho', ny: 'nya', sn: 'sna',
  wo: 'wol', ff: 'ful', ln: 'lin', kg: 'kon', mg: 'mlg', ak: 'aka', tw: 'twi', ee: 'ewe', bm: 'bam', st: 'sot',
  tn: 'tsn', ts: 'tso', ve: 'ven', ss: 'ssw', nd: 'nde', af: 'afr', sg: 'sag', ki: 'kik', lu: 'lub',
};

/**
 * The ISO-639-3 code of the first usable language of a FHIR communication list, or null.
 *
 * Example: `languageFromCommunication([{ coding: [{ system: 'urn:ietf:bcp:47', code: 'fr-CM' }] }])` → `'fra'`.
 */
export function languageFromCommunication(concepts: readonly (CodeableConcept | undefined)[]): string | null {
  for (const concept of concepts) {
    for (const coding of concept?.coding ?? []) {
      const primary = coding.code?.trim().toLowerCase().split(/[-_]/)[0];
      if (!primary) continue;
      if (primary.length === 3 && /^[a-z]{3}$/.test(primary)) return primary;
      const mapped = ISO639_1_TO_3[primary];
      if (mapped) return mapped;
    }
  }
  return null;
}
