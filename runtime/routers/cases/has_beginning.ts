/**
 * has_beginning(text, beginning): the trimmed text starts with the trimmed beginning
 * (case- and accent-insensitive, no tokenizing). The match keeps the text's own spelling.
 *   @(has_beginning("The Quick Brown", "the quick").match) -> The Quick
 */
import { XError, xText } from '../../expressions/values.js';
import { textArgs } from './args.js';
import { wordKey } from './words.js';
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
    const hay = texts[0].trim();
    const pin = texts[1].trim();
    if (hay === '' || pin === '') return FALSE_RESULT;
    const hayChars = Array.from(hay);
    const pinChars = Array.from(pin);
    if (hayChars.length < pinChars.length) return FALSE_RESULT;
    const segment = hayChars.slice(0, pinChars.length).join('');
    return wordKey(segment) === wordKey(pin) ? trueResult(xText(segment)) : FALSE_RESULT;
  },
};
