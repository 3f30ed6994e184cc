/**
 * Word matching for opt-out words and keyword triggers: case- and accent-insensitive, punctuation ignored.
 *
 * Example: `normalizeWord("ARRÊT!")` → "arret"; `firstWord("Join now")` → "join"; `onlyWord("  stop. ")` → "stop".
 */
import { foldedWords, foldText } from '../nlp/forgiving-match.js';

/** Lower case, accents removed, punctuation folded to single spaces (the same folding as the NLP matcher). */
export const normalizeWord = foldText;

/** The words of a message, normalized. */
export const wordsOf = foldedWords;

export function firstWord(text: string): string | null {
  return wordsOf(text)[0] ?? null;
}

/** The message's single word, or null when it has zero or several words. */
export function onlyWord(text: string): string | null {
  const words = wordsOf(text);
  return words.length === 1 ? words[0]! : null;
}

/** True when the whole message is one of `words` (e.g. an opt-out word). */
export function isOnlyOneOf(text: string, words: readonly string[]): boolean {
  const word = onlyWord(text);
  return word !== null && words.some((w) => normalizeWord(w) === word);
}
