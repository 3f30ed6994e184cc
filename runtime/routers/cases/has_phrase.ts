/**
 * has_phrase(text, phrase): the phrase's words appear in order with nothing in between (case/accent-insensitive;
 * typos tolerated when the workspace's word matching allows them).
 *   @(has_phrase("the quick brown fox", "brown fox").match) -> brown fox
 *   @(has_phrase("the Quick Brown fox", "quick fox")) -> false
 */
import { XError, X_EMPTY, xText } from '../../expressions/values.js';
import { textArgs } from './args.js';
import { FALSE_RESULT, trueResult, type CaseTestSpec } from './spec.js';
import { tokenizeForMatching, wordMatchingOf, wordsMatch } from './words.js';

export const hasPhrase: CaseTestSpec = {
  type: 'has_phrase',
  minArgs: 1,
  maxArgs: 1,
  legacy: false,
  description: 'has the phrase',
  run(env, args) {
    const texts = textArgs(env, args);
    if (texts instanceof XError) return texts;
    const matching = wordMatchingOf(env);
    const hay = tokenizeForMatching(texts[0], matching);
    const pins = tokenizeForMatching(texts[1], matching).keys;
    if (pins.length === 0) return trueResult(X_EMPTY);
    // goflow's scan: on a mismatch the phrase restarts at its first word (without re-testing this word)
    let pinIdx = 0;
    const matches: string[] = [];
    for (let i = 0; i < hay.keys.length; i++) {
      if (wordsMatch(hay.keys[i]!, pins[pinIdx]!, matching)) {
        matches[pinIdx] = hay.originals[i];
        pinIdx++;
        if (pinIdx === pins.length) break;
      } else {
        pinIdx = 0;
      }
    }
    return pinIdx === pins.length ? trueResult(xText(matches.join(' '))) : FALSE_RESULT;
  },
};
