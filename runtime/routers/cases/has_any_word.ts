/**
 * has_any_word(text, words): any of the words appears in the text (case/accent-insensitive; typos
 * tolerated when the workspace's word matching allows them). The match is every matching word of the text, in order.
 *   @(has_any_word("The Quick Brown Fox", "fox quick").match) -> Quick Fox
 */
import { XError, xText } from '../../expressions/values.js';
import { textArgs } from './args.js';
import { FALSE_RESULT, trueResult, type CaseTestSpec } from './spec.js';
import { tokenizeForMatching, wordMatchingOf, wordsMatch } from './words.js';

export const hasAnyWord: CaseTestSpec = {
  type: 'has_any_word',
  minArgs: 1,
  maxArgs: 1,
  legacy: false,
  description: 'has any of the words',
  run(env, args) {
    const texts = textArgs(env, args);
    if (texts instanceof XError) return texts;
    const matching = wordMatchingOf(env);
    const hay = tokenizeForMatching(texts[0], matching);
    const pins = tokenizeForMatching(texts[1], matching).keys;
    const pinSet = new Set(pins);
    const matches = hay.keys.flatMap((k, i) => (pinSet.has(k) || pins.some((p) => wordsMatch(k, p, matching)) ? [hay.originals[i]] : []));
    return matches.length > 0 ? trueResult(xText(matches.join(' '))) : FALSE_RESULT;
  },
};
