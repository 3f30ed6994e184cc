/**
 * Word lists for the generated dev registry: a bilingual (French/English) Central/West African setting,
 * numbered like Cameroon (+237, mobiles 6XX XX XX XX). Place names are built from syllables, so they are
 * invented; person names combine common given names with common family names at random.
 */

/** Example: `{ given: 'Aurélie', gender: 'female', language: 'fr' }`. */
export interface GivenName {
  given: string;
  gender: 'male' | 'female';
  language: 'fr' | 'en';
}

export const GIVEN_NAMES: readonly GivenName[] = [
  ...['Aurélie', 'Marie-Claire', 'Brigitte', 'Odile', 'Solange', 'Clarisse', 'Delphine', 'Josiane', 'Pélagie', 'Hortense'].map(
    (given) => ({ given, gender: 'female' as const, language: 'fr' as const }),
  ),
  ...['Jean-Pierre', 'Emmanuel', 'Serge', 'Thierry', 'Hervé', 'Achille', 'Didier', 'Blaise', 'Landry', 'Rodrigue'].map((given) => ({
    given,
    gender: 'male' as const,
    language: 'fr' as const,
  })),
  ...['Grace', 'Blessing', 'Comfort', 'Mercy', 'Patience', 'Esther', 'Judith', 'Gladys', 'Vivian', 'Loveline'].map((given) => ({
    given,
    gender: 'female' as const,
    language: 'en' as const,
  })),
  ...['Peter', 'Godlove', 'Emmanuel', 'Collins', 'Divine', 'Eric', 'Felix', 'Kingsley', 'Wilfred', 'Ernest'].map((given) => ({
    given,
    gender: 'male' as const,
    language: 'en' as const,
  })),
];

export const FAMILY_NAMES: readonly string[] = [
  'Mbarga', 'Fotso', 'Kamga', 'Njoya', 'Atangana', 'Essomba', 'Tchoupo', 'Nana', 'Ewane', 'Ngono',
  'Ayuk', 'Tabe', 'Besong', 'Eyong', 'Ngwa', 'Tanyi', 'Fon', 'Nkeng', 'Che', 'Mbah', 'Ndifor', 'Awah',
];

/** Syllables that build invented place names such as "Bakomé" or "Ndinga". */
export const PLACE_SYLLABLES: readonly string[] = [
  'ba', 'ko', 'nde', 'mbo', 'li', 'nga', 'so', 'ta', 'me', 'ki', 'du', 'lo', 'fa', 'ye', 'mu', 'ngo', 'sa', 'we', 'ri', 'bi',
];

/** Example: `{ code: '2221', display: 'Nurse', share: 30 }` — share is the relative frequency in the workforce. */
export interface Cadre {
  code: string;
  display: string;
  share: number;
}

/** ISCO-08-like job codes, as iHRIS uses for PractitionerRole.code. */
export const CADRES: readonly Cadre[] = [
  { code: '2221', display: 'Nurse', share: 30 },
  { code: '2222', display: 'Midwife', share: 18 },
  { code: '3253', display: 'Community Health Worker', share: 22 },
  { code: '2211', display: 'Medical Doctor', share: 10 },
  { code: '3212', display: 'Laboratory Technician', share: 12 },
  { code: '2262', display: 'Pharmacist', share: 8 },
];

/** Example: `{ code: 'HOSP', text: 'Hospital', suffix: 'District Hospital' }`. */
export interface FacilityKind {
  code: string;
  text: string;
  suffix: string;
}

export const FACILITY_KINDS: readonly FacilityKind[] = [
  { code: 'HOSP', text: 'Hospital', suffix: 'District Hospital' },
  { code: 'HC', text: 'Health Centre', suffix: 'Integrated Health Centre' },
  { code: 'HC', text: 'Health Centre', suffix: 'Centre de Santé' },
  { code: 'HC', text: 'Health Post', suffix: 'Health Post' },
];

export const REGION_NAMES: readonly { name: string; code: string }[] = [
  { name: 'Hauts-Plateaux', code: 'HP' },
  { name: 'Littoral-Sud', code: 'LS' },
  { name: 'North-West Savannah', code: 'NW' },
];
