/**
 * has_error(value): the value is an error. The match is the error message.
 *   @(has_error(datetime("foo")).match) -> error calling DATETIME: unable to convert "foo" to a datetime
 */
import { XError, xText } from '../../expressions/values.js';
import { FALSE_RESULT, trueResult, type CaseTestSpec } from './spec.js';

export const hasError: CaseTestSpec = {
  type: 'has_error',
  minArgs: 0,
  maxArgs: 0,
  legacy: false,
  description: 'is an error',
  run(_env, args) {
    const v = args[0];
    return v instanceof XError ? trueResult(xText(v.message)) : FALSE_RESULT;
  },
};
