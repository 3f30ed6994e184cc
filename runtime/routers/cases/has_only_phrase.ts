/**
 * has_only_phrase(text, phrase): the text is exactly the phrase (word by word, case/accent-insensitive;
 * typos tolerated when the workspace's word matching allows them).
 *   @(has_only_phrase("Quick Brown", "quick brown").match) -> Quick Brown
 */
import { XError, xText } from '../../expressions/values.js';
import { textArgs } from './args.js';
import { FALSE_RESULT, trueResult, type CaseTestSpec } from './spec.js';
import { tokenizeForMatching, wordMatchingOf, wordsMatch } from './words.js';

export const hasOnlyPhrase: CaseTestSpec = {
  type: 'has_only_phrase',
  minArgs: 1,
  maxArgs: 1,
  legacy: false,
  description: 'has only the phrase',
  run(env, args) {
    const texts = textArgs(env, args);
    if (texts instanceof XError) return texts;
    const matching = wordMatchingOf(env);
    const hay = tokenizeForMatching(texts[0], matching);
    const pins = tokenizeForMatching(texts[1], matching).keys;
    if (hay.keys.length !== pins.length) return FALSE_RESULT;
    if (!hay.keys.every((k, i) => wordsMatch(k, pins[i]!, matching))) return FALSE_RESULT;
    return trueResult(xText(hay.originals.join(' ')));
  },
};
