/**
 * Word tokenizing and comparison shared by the word/phrase case tests. Words are runs of letters, marks,
 * digits, `_` and `'`; each symbol (emoji, currency sign, ...) is a word of its own, as in goflow.
 *
 * How forgiving the comparison is comes from the evaluation environment's `wordMatching` (a Kiunga
 * workspace setting, see runtime/expressions/environment.ts). Without it, the tests behave as they always
 * have (goflow conformance): case- and accent-insensitive, no typo tolerance.
 *
 *   tokenize("Hi, ARRÊT 👍") -> ["Hi", "ARRÊT", "👍"];  wordKey("ARRÊT") -> "arret"
 *   wordsMatch("vacine", "vaccine", { foldAccents: true, maxTypos: 1, minTypoLength: 4 }) -> true
 */
import type { EvaluationEnvironment, WordMatching } from '../../expressions/environment.js';

const WORD_TOKEN = /[\p{M}\p{L}\p{N}_']+|\p{S}/gu;

/** The matching used when the environment says nothing: case and accents ignored, no typos. */
export const DEFAULT_WORD_MATCHING: WordMatching = Object.freeze({ foldAccents: true, maxTypos: 0, minTypoLength: 4 });

export function tokenize(text: string): string[] {
  return text.match(WORD_TOKEN) ?? [];
}

/** The word matching of an evaluation environment (the default when it has none). */
export function wordMatchingOf(env: EvaluationEnvironment): WordMatching {
  return env.wordMatching ?? DEFAULT_WORD_MATCHING;
}

/** Comparison key for one word: lower case, and without Latin diacritics unless `foldAccents` is false. */
export function wordKey(word: string, matching: WordMatching = DEFAULT_WORD_MATCHING): string {
  const lower = word.toLowerCase();
  if (!matching.foldAccents) return lower.normalize('NFC');
  return lower
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC');
}

/** Tokens of the text in original form, and their comparison keys (same length, same order). */
export function tokenizeForMatching(text: string, matching: WordMatching = DEFAULT_WORD_MATCHING): { originals: string[]; keys: string[] } {
  const originals = tokenize(text.trim());
  return { originals, keys: originals.map((w) => wordKey(w, matching)) };
}

/**
 * Edit distance with adjacent swaps counted as one edit (optimal string alignment). Stops early and returns
 * `limit + 1` once the distance is known to exceed `limit`, so matching long messages stays cheap.
 * Example: `editDistance("vacine", "vaccine")` → 1; `editDistance("hte", "the")` → 1.
 */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  if (a === b) return 0;
  const cols = b.length + 1;
  let prevPrev = new Array<number>(cols).fill(0);
  let prev = Array.from({ length: cols }, (_, j) => j);
  let current = new Array<number>(cols).fill(0);
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = current[0];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(prev[j]! + 1, current[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, prevPrev[j - 2]! + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    [prevPrev, prev, current] = [prev, current, prevPrev];
  }
  return prev[b.length]!;
}

/**
 * Whether a word of the text (key) matches a word of the test (key): equal, or, when typos are tolerated,
 * within `maxTypos` edits provided both words have at least `minTypoLength` letters ("vax" must not match "tax").
 */
export function wordsMatch(textKey: string, testKey: string, matching: WordMatching): boolean {
  if (textKey === testKey) return true;
  if (matching.maxTypos <= 0) return false;
  if (textKey.length < matching.minTypoLength || testKey.length < matching.minTypoLength) return false;
  return editDistance(textKey, testKey, matching.maxTypos) <= matching.maxTypos;
}
