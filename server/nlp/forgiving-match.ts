/**
 * "Matching that forgives": keyword matching that ignores case and accents and tolerates small typos, for
 * people typing on basic phones. The word-level distance is the flow runtime's (runtime/routers/cases/words.ts),
 * so keyword case tests and the classifier forgive the same typos.
 *
 * Example:
 *   matchesForgivingly('Je veux le VACCINÉ', 'vaccine')                 → true  (case and accents)
 *   matchesForgivingly('when is the vacine day', 'vaccine')             → true  (one letter missing)
 *   matchesForgivingly('when is the vacine day', 'vaccine', { maxDistance: 0 }) → false
 *   findForgivingMatches('ripoti kesi ya surua', ['report case', 'surua']) → [{ keyword: 'surua', … }]
 */
import { editDistance } from '../../runtime/routers/cases/words.js';

/** How forgiving to be. Example: `{ maxDistance: 2, minWordLength: 5 }`. */
export interface ForgivingMatchOptions {
  /** Largest number of edits (insert, delete, substitute, swap two neighbours) per word. Default 1. */
  maxDistance?: number;
  /** Words shorter than this must match exactly (after folding): "vax" must not match "tax". Default 4. */
  minWordLength?: number;
}

/** One keyword found in a text. Example: `{ keyword: 'vaccine', matched: 'vacine', distance: 1, index: 3 }`. */
export interface ForgivingMatch {
  keyword: string;
  /** The words of the text that matched, folded, joined by one space. */
  matched: string;
  /** Total edits over the keyword's words. */
  distance: number;
  /** Position (in words) of the first matched word. */
  index: number;
}

/** Lower case, accents removed, everything that is not a letter or digit turned into single spaces. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The folded words of a text. Example: `foldedWords("L'épidémie, ici!")` → ["l", "epidemie", "ici"]. */
export function foldedWords(text: string): string[] {
  const folded = foldText(text);
  return folded === '' ? [] : folded.split(' ');
}

/** The flow runtime's edit distance (adjacent swaps count as one edit), re-exported: one implementation. */
export { editDistance };

function checkedOptions(options: ForgivingMatchOptions): Required<ForgivingMatchOptions> {
  const { maxDistance = 1, minWordLength = 4 } = options;
  if (!Number.isInteger(maxDistance) || maxDistance < 0) throw new Error(`maxDistance: must be a whole number ≥ 0, got ${maxDistance}`);
  if (!Number.isInteger(minWordLength) || minWordLength < 1) throw new Error(`minWordLength: must be a whole number ≥ 1, got ${minWordLength}`);
  return { maxDistance, minWordLength };
}

/** Edits between one folded word and one folded keyword word, or null when they do not match. */
function wordDistance(word: string, keyword: string, options: Required<ForgivingMatchOptions>): number | null {
  if (word === keyword) return 0;
  if (keyword.length < options.minWordLength || word.length < options.minWordLength) return null;
  const distance = editDistance(word, keyword, options.maxDistance);
  return distance <= options.maxDistance ? distance : null;
}

/**
 * Every keyword (a word or a phrase of several words) that occurs in the text, forgivingly, each at its best
 * (fewest edits, then earliest) position, in the order the keywords were given.
 */
export function findForgivingMatches(text: string, keywords: readonly string[], options: ForgivingMatchOptions = {}): ForgivingMatch[] {
  const checked = checkedOptions(options);
  const words = foldedWords(text);
  const found: ForgivingMatch[] = [];
  for (const keyword of keywords) {
    const keywordWords = foldedWords(keyword);
    if (keywordWords.length === 0) continue;
    let best: ForgivingMatch | null = null;
    for (let start = 0; start + keywordWords.length <= words.length; start++) {
      let total = 0;
      for (let k = 0; k < keywordWords.length && total !== -1; k++) {
        const d = wordDistance(words[start + k], keywordWords[k], checked);
        total = d === null ? -1 : total + d;
      }
      if (total !== -1 && (!best || total < best.distance)) {
        best = { keyword, matched: words.slice(start, start + keywordWords.length).join(' '), distance: total, index: start };
        if (total === 0) break;
      }
    }
    if (best) found.push(best);
  }
  return found;
}

/** True when the keyword (word or phrase) occurs in the text, forgivingly. */
export function matchesForgivingly(text: string, keyword: string, options: ForgivingMatchOptions = {}): boolean {
  return findForgivingMatches(text, [keyword], options).length > 0;
}
