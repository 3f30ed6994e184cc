/**
 * The languages classifiers support and how their codes map. Kiunga stores ISO-639-3 codes (like contacts and
 * workspaces: "eng", "fra", "por", "swa"); NLP.js works with two-letter locales. Callers may pass either form.
 *
 * Example: `toLanguageCode('fr')` → "fra"; `nlpjsLocaleOf('swa')` → "sw"; `toLanguageCode('xx')` → null.
 */

/** A supported language. Example: `{ code: 'swa', locale: 'sw', name: 'Swahili' }`. */
export interface NlpLanguage {
  /** ISO-639-3, the form stored everywhere in Kiunga. */
  code: string;
  /** The NLP.js locale. */
  locale: string;
  name: string;
}

export const NLP_LANGUAGES: readonly NlpLanguage[] = [
  { code: 'eng', locale: 'en', name: 'English' },
  { code: 'fra', locale: 'fr', name: 'French' },
  { code: 'por', locale: 'pt', name: 'Portuguese' },
  { code: 'swa', locale: 'sw', name: 'Swahili' },
];

/** Other spellings people and systems use for the same languages (ISO-639-2/B, macro-language members). */
const ALIASES: Record<string, string> = { fre: 'fra', swh: 'swa', en: 'eng', fr: 'fra', pt: 'por', sw: 'swa' };

/** The ISO-639-3 code of a supported language given any accepted spelling, or null when unsupported. */
export function toLanguageCode(input: string): string | null {
  const lower = input.trim().toLowerCase();
  const code = ALIASES[lower] ?? lower;
  return NLP_LANGUAGES.some((l) => l.code === code) ? code : null;
}

/** Like `toLanguageCode` but throws a message naming the field and the supported codes. */
export function requireLanguageCode(input: string, field = 'language'): string {
  const code = toLanguageCode(input);
  if (!code) {
    throw new Error(`${field}: "${input}" is not a supported language; use one of ${NLP_LANGUAGES.map((l) => l.code).join(', ')}.`);
  }
  return code;
}

/** The NLP.js locale of an ISO-639-3 code (which must be supported). */
export function nlpjsLocaleOf(code: string): string {
  const language = NLP_LANGUAGES.find((l) => l.code === code);
  if (!language) throw new Error(`language: "${code}" is not a supported language.`);
  return language.locale;
}
