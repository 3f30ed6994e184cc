/**
 * Word tokenizing shared by the word/phrase case tests. Words are runs of letters, marks, digits,
 * `_` and `'`; each symbol (emoji, currency sign, ...) is a word of its own, as in goflow.
 * Comparison keys are lower-cased and stripped of Latin diacritics so "ARRÊT" matches "arret".
 *
 *   tokenize("Hi, ARRÊT 👍") -> ["Hi", "ARRÊT", "👍"];  wordKey("ARRÊT") -> "arret"
 */
const WORD_TOKEN = /[\p{M}\p{L}\p{N}_']+|\p{S}/gu;

export function tokenize(text: string): string[] {
  return text.match(WORD_TOKEN) ?? [];
}

/** Case- and accent-insensitive comparison key for one word. */
export function wordKey(word: string): string {
  return word
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC');
}

/** Tokens of the text in original form, and their comparison keys (same length, same order). */
export function tokenizeForMatching(text: string): { originals: string[]; keys: string[] } {
  const originals = tokenize(text.trim());
  return { originals, keys: originals.map(wordKey) };
}
