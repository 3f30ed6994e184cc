/**
 * has_all_words(text, words): every word appears in the text, in any order (case/accent-insensitive; typos
 * tolerated when the workspace's word matching allows them).
 *   @(has_all_words("the quick brown FOX", "the fox").match) -> the FOX
 */
import { XError, xText } from '../../expressions/values.js';
import { textArgs } from './args.js';
import { FALSE_RESULT, trueResult, type CaseTestSpec } from './spec.js';
import { tokenizeForMatching, wordMatchingOf, wordsMatch } from './words.js';

export const hasAllWords: CaseTestSpec = {
  type: 'has_all_words',
  minArgs: 1,
  maxArgs: 1,
  legacy: false,
  description: 'has all of the words',
  run(env, args) {
    const texts = textArgs(env, args);
    if (texts instanceof XError) return texts;
    const matching = wordMatchingOf(env);
    const hay = tokenizeForMatching(texts[0], matching);
    const pins = tokenizeForMatching(texts[1], matching).keys;
    const found = new Set<string>();
    const matches: string[] = [];
    hay.keys.forEach((k, i) => {
      const matched = pins.filter((p) => wordsMatch(k, p, matching));
      if (matched.length > 0) {
        for (const p of matched) found.add(p);
        matches.push(hay.originals[i]!);
      }
    });
    return pins.every((p) => found.has(p)) ? trueResult(xText(matches.join(' '))) : FALSE_RESULT;
  },
};
