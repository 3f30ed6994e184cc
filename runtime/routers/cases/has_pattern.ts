/**
 * has_pattern(text, pattern): the text matches the regular expression (case-insensitive, multi-line).
 * Patterns run on RE2 (linear time), so a user pattern can never hang the engine.
 *   @(has_pattern("Buy cheese please", "buy (\w+)").extra) -> {0: Buy cheese, 1: cheese}
 */
import { XError, XObject, xText } from '../../expressions/values.js';
import { compileUserRegex } from '../../expressions/regex.js';
import { textArgs } from './args.js';
import { FALSE_RESULT, trueResult, type CaseTestSpec } from './spec.js';

export const hasPattern: CaseTestSpec = {
  type: 'has_pattern',
  minArgs: 1,
  maxArgs: 1,
  legacy: false,
  description: 'matches the regular expression',
  run(env, args) {
    const texts = textArgs(env, args);
    if (texts instanceof XError) return texts;
    const regex = compileUserRegex('(?mi)' + texts[1].trim());
    if (regex instanceof XError) return new XError('must be called with a valid regular expression');
    const groups = regex.firstMatch(texts[0]);
    if (!groups) return FALSE_RESULT;
    const extra: Record<string, unknown> = {};
    groups.forEach((g, i) => (extra[String(i)] = xText(g ?? '')));
    return trueResult(xText(groups[0] ?? ''), new XObject(extra));
  },
};
