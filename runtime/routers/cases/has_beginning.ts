/**
 * has_beginning(text, beginning): the trimmed text starts with the trimmed beginning
 * (case- and accent-insensitive, no tokenizing). The match keeps the text's own spelling. When the
 * workspace's word matching tolerates typos, the text's first words may also match the beginning's words
 * with typos ("vacine day" begins with "vaccine").
 *   @(has_beginning("The Quick Brown", "the quick").match) -> The Quick
 */
import { XError, xText } from '../../expressions/values.js';
import { textArgs } from './args.js';
import { tokenizeForMatching, wordKey, wordMatchingOf, wordsMatch } from './words.js';
import { FALSE_RESULT, trueResult, type CaseTestSpec } from './spec.js';

export const hasBeginning: CaseTestSpec = {
  type: 'has_beginning',
  minArgs: 1,
  maxArgs: 1,
  legacy: false,
  description: 'starts with',
  run(env, args) {
    const texts = textArgs(env, args);
    if (texts instanceof XError) return texts;
    const matching = wordMatchingOf(env);
    const hay = texts[0].trim();
    const pin = texts[1].trim();
    if (hay === '' || pin === '') return FALSE_RESULT;
    const hayChars = Array.from(hay);
    const pinChars = Array.from(pin);
    if (hayChars.length >= pinChars.length) {
      const segment = hayChars.slice(0, pinChars.length).join('');
      if (wordKey(segment, matching) === wordKey(pin, matching)) return trueResult(xText(segment));
    }
    if (matching.maxTypos <= 0) return FALSE_RESULT;
    // Typos can change the length: compare the first words instead of the first characters.
    const hayWords = tokenizeForMatching(hay, matching);
    const pinWords = tokenizeForMatching(pin, matching).keys;
    if (pinWords.length === 0 || hayWords.keys.length < pinWords.length) return FALSE_RESULT;
    if (!pinWords.every((p, i) => wordsMatch(hayWords.keys[i]!, p, matching))) return FALSE_RESULT;
    return trueResult(xText(hayWords.originals.slice(0, pinWords.length).join(' ')));
  },
};
