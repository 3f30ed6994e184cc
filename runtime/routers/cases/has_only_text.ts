/**
 * has_only_text(text1, text2): the two texts are identical (case-sensitive, no trimming).
 *   @(has_only_text("foo", "foo").match) -> foo;  @(has_only_text("foo", "FOO")) -> false
 */
import { XError, xText } from '../../expressions/values.js';
import { textArgs } from './args.js';
import { FALSE_RESULT, trueResult, type CaseTestSpec } from './spec.js';

export const hasOnlyText: CaseTestSpec = {
  type: 'has_only_text',
  minArgs: 1,
  maxArgs: 1,
  legacy: false,
  description: 'has only the exact text',
  run(env, args) {
    const texts = textArgs(env, args);
    if (texts instanceof XError) return texts;
    return texts[0] === texts[1] ? trueResult(xText(texts[0])) : FALSE_RESULT;
  },
};
