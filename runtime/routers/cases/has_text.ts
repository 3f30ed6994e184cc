/**
 * has_text(text): the text has something besides whitespace. The match is the trimmed text.
 *   @(has_text("quick brown").match) -> quick brown;  @(has_text(" \n")) -> false
 */
import { XError, xText } from '../../expressions/values.js';
import { textArgs } from './args.js';
import { FALSE_RESULT, trueResult, type CaseTestSpec } from './spec.js';

export const hasText: CaseTestSpec = {
  type: 'has_text',
  minArgs: 0,
  maxArgs: 0,
  legacy: false,
  description: 'has some text',
  run(env, args) {
    const texts = textArgs(env, args);
    if (texts instanceof XError) return texts;
    const trimmed = texts[0].trim();
    return trimmed.length > 0 ? trueResult(xText(trimmed)) : FALSE_RESULT;
  },
};
