/**
 * Languages a flow can be written in (ISO-639-3, as flow definitions use), named in the interface
 * language by the browser. Example: `languageName('swa', 'fr')` → `"swahili"`.
 */
export const FLOW_LANGUAGES = ['eng', 'fra', 'por', 'swa', 'ara', 'spa', 'kin', 'lin', 'hau', 'amh', 'som', 'lug'] as const;

// Intl.DisplayNames wants ISO-639-1 where one exists.
const TWO_LETTER: Record<string, string> = {
  eng: 'en', fra: 'fr', por: 'pt', swa: 'sw', ara: 'ar', spa: 'es', kin: 'rw', lin: 'ln', hau: 'ha', amh: 'am',
  som: 'so', lug: 'lg',
};

/** The name of a flow language in the interface language, or the code itself when unknown. */
export function languageName(code: string, uiLanguage: string): string {
  try {
    const names = new Intl.DisplayNames([uiLanguage], { type: 'language' });
    return names.of(TWO_LETTER[code] ?? code) ?? code;
  } catch {
    return code;
  }
}
