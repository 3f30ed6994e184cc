/**
 * has_category(result, categories...): the result's category is one of the given categories
 * (exact, case-sensitive). The match is the category.
 *   @(has_category(results.webhook, "Success", "Failure").match) -> Success
 */
import { XError, XObject, xText } from '../../expressions/values.js';
import { toXText } from '../../expressions/conversions.js';
import { textArgs } from './args.js';
import { FALSE_RESULT, trueResult, type CaseTestSpec } from './spec.js';

export const hasCategory: CaseTestSpec = {
  type: 'has_category',
  minArgs: 1,
  maxArgs: Infinity,
  legacy: false,
  description: 'has the category',
  run(env, args) {
    const result = args[0];
    if (result instanceof XError) return result;
    if (!(result instanceof XObject) || !result.has('category')) return new XError('first argument must be a result');
    const category = toXText(env, result.get('category') ?? null);
    if (category instanceof XError) return category;
    const wanted = textArgs(env, args.slice(1));
    if (wanted instanceof XError) return wanted;
    return wanted.includes(category.value) ? trueResult(xText(category.value)) : FALSE_RESULT;
  },
};
