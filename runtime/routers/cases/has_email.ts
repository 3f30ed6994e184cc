/**
 * has_email(text): the text contains an email address.
 *   @(has_email("my email is <foo@bar2.com>").match) -> foo@bar2.com
 */
import { XError, xText } from '../../expressions/values.js';
import { toXText } from '../../expressions/conversions.js';
import { FALSE_RESULT, trueResult, type CaseTestSpec } from './spec.js';

// local part, @, domain label, then one or more .labels (letters and digits of any script)
const EMAIL = /([\p{L}\p{N}][-_+$~.\p{L}\p{N}]*)@([\p{L}\p{N}][-_\p{L}\p{N}]*)(\.[\p{L}\p{N}][-_\p{L}\p{N}]*)+/u;

export const hasEmail: CaseTestSpec = {
  type: 'has_email',
  minArgs: 0,
  maxArgs: 0,
  legacy: false,
  description: 'has an email address',
  run(env, args) {
    const text = toXText(env, args[0]);
    if (text instanceof XError) return text;
    const m = EMAIL.exec(text.value);
    return m ? trueResult(xText(m[0])) : FALSE_RESULT;
  },
};
