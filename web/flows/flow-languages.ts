/**
 * Languages a flow can be written in (ISO-639-3, as flow definitions use), named in the interface
 * language by the browser. Example: `languageName('swa', 'fr')` → `"Swahili"`.
 */
export const FLOW_LANGUAGES = ['eng', 'fra', 'por', 'swa', 'ara', 'spa', 'kin', 'lin', 'hau', 'amh', 'som', 'lug'] as const;

// Intl.DisplayNames wants ISO-639-1 where one exists.
const TWO_LETTER: Record<string, string> = {
  eng: 'en', fra: 'fr', por: 'pt', swa: 'sw', ara: 'ar', spa: 'es', kin: 'rw', lin: 'ln', hau: 'ha', amh: 'am',
  som: 'so', lug: 'lg',
};

/**
 * The name of a flow language in the interface language, or the code itself when unknown. Capitalized for
 * lists and labels ("Anglais"); pass `capitalize: false` inside a sentence ("le flux parlera anglais").
 */
export function languageName(code: string, uiLanguage: string, capitalize = true): string {
  let name: string | undefined;
  try {
    name = new Intl.DisplayNames([uiLanguage], { type: 'language', fallback: 'none' }).of(TWO_LETTER[code] ?? code);
  } catch {
    return code;
  }
  if (!name) return code;
  return capitalize ? name.charAt(0).toLocaleUpperCase(uiLanguage) + name.slice(1) : name;
}

/** The HTML `lang` of a flow language: the two-letter code where one exists (`fra` → `fr`), as BCP 47 wants. */
export function htmlLang(code: string): string {
  return TWO_LETTER[code] ?? code;
}
