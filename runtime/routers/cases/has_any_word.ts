/**
 * has_any_word(text, words): any of the words appears in the text (case/accent-insensitive).
 * The match is every matching word of the text, in order.
 *   @(has_any_word("The Quick Brown Fox", "fox quick").match) -> Quick Fox
 */
import { XError, xText } from '../../expressions/values.js';
import { textArgs } from './args.js';
import { FALSE_RESULT, trueResult, type CaseTestSpec } from './spec.js';
import { tokenizeForMatching } from './words.js';

export const hasAnyWord: CaseTestSpec = {
  type: 'has_any_word',
  minArgs: 1,
  maxArgs: 1,
  legacy: false,
  description: 'has any of the words',
  run(env, args) {
    const texts = textArgs(env, args);
    if (texts instanceof XError) return texts;
    const hay = tokenizeForMatching(texts[0]);
    const pins = new Set(tokenizeForMatching(texts[1]).keys);
    const matches = hay.keys.flatMap((k, i) => (pins.has(k) ? [hay.originals[i]] : []));
    return matches.length > 0 ? trueResult(xText(matches.join(' '))) : FALSE_RESULT;
  },
};
