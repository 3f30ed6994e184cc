/**
 * has_phone(text, country?): the text contains a phone number; the match is in E.164 form. The
 * country (ISO alpha-2) defaults to the environment's default country.
 *   @(has_phone("my number is 206 779 9294", "US").match) -> +12067799294
 */
import { XError, xText } from '../../expressions/values.js';
import { toXText } from '../../expressions/conversions.js';
import { findPhoneNumbers } from '../../expressions/phones.js';
import { FALSE_RESULT, trueResult, type CaseTestSpec } from './spec.js';

export const hasPhone: CaseTestSpec = {
  type: 'has_phone',
  minArgs: 0,
  maxArgs: 1,
  legacy: false,
  description: 'has a phone number',
  run(env, args) {
    const text = toXText(env, args[0]);
    if (text instanceof XError) return text;
    let country = env.defaultCountry ?? '';
    if (args.length > 1) {
      const c = toXText(env, args[1]);
      if (c instanceof XError) return c;
      country = c.value;
    }
    const numbers = findPhoneNumbers(text.value, country);
    return numbers.length > 0 ? trueResult(xText(numbers[0])) : FALSE_RESULT;
  },
};
