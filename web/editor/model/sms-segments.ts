/**
 * How many SMS a text costs. GSM-7 texts fit 160 characters in one SMS and 153 per part when split;
 * characters of the GSM extension table (€ [ ] { } ^ ~ | \ and form feed) take two places. Any other
 * character switches the whole message to UCS-2: 70 in one SMS, 67 per part (characters outside the
 * Basic Multilingual Plane, such as emoji, take two places).
 *
 *   smsSegments('Hello')        → { encoding: 'gsm7', length: 5, segments: 1, perSegment: 160 }
 *   smsSegments('Habari 😀')    → { encoding: 'ucs2', length: 9, segments: 1, perSegment: 70 }
 */

const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '\f^{}\\[~]|€';

const BASIC = new Set(GSM_BASIC);
const EXTENSION = new Set(GSM_EXTENSION);

/** Example: `{ encoding: 'gsm7', length: 162, segments: 2, perSegment: 153 }`. */
export interface SmsCount {
  encoding: 'gsm7' | 'ucs2';
  /** Length in encoding units (GSM-7 septets or UTF-16 code units). */
  length: number;
  segments: number;
  /** Units per SMS for this message: 160/70 when it fits in one, 153/67 when split. */
  perSegment: number;
}

export function smsSegments(text: string): SmsCount {
  let septets = 0;
  let gsm = true;
  for (const char of text) {
    if (BASIC.has(char)) septets += 1;
    else if (EXTENSION.has(char)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return count('gsm7', septets, 160, 153);
  // UCS-2 counts UTF-16 code units: an emoji (surrogate pair) takes two.
  return count('ucs2', text.length, 70, 67);
}

function count(encoding: SmsCount['encoding'], length: number, single: number, multi: number): SmsCount {
  if (length <= single) return { encoding, length, segments: length === 0 ? 0 : 1, perSegment: single };
  return { encoding, length, segments: Math.ceil(length / multi), perSegment: multi };
}
