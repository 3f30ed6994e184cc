/**
 * has_all_words(text, words): every word appears in the text, in any order.
 *   @(has_all_words("the quick brown FOX", "the fox").match) -> the FOX
 */
import { XError, xText } from '../../expressions/values.js';
import { textArgs } from './args.js';
import { FALSE_RESULT, trueResult, type CaseTestSpec } from './spec.js';
import { tokenizeForMatching } from './words.js';

export const hasAllWords: CaseTestSpec = {
  type: 'has_all_words',
  minArgs: 1,
  maxArgs: 1,
  legacy: false,
  description: 'has all of the words',
  run(env, args) {
    const texts = textArgs(env, args);
    if (texts instanceof XError) return texts;
    const hay = tokenizeForMatching(texts[0]);
    const pins = tokenizeForMatching(texts[1]).keys;
    const pinSet = new Set(pins);
    const found = new Set<string>();
    const matches: string[] = [];
    hay.keys.forEach((k, i) => {
      if (pinSet.has(k)) {
        found.add(k);
        matches.push(hay.originals[i]);
      }
    });
    return pins.every((p) => found.has(p)) ? trueResult(xText(matches.join(' '))) : FALSE_RESULT;
  },
};
