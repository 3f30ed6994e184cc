/**
 * SMS encoding, segment counting and splitting.
 *
 * Counting agrees with server/messaging/segments.ts (`countSegments`, which the outbox uses for its
 * rate limit); this module adds what that one does not expose: which encoding a text needs, the
 * per-character cost, and splitting a long text into parts on word boundaries.
 *
 * GSM-7: 160 septets in a single SMS, 153 per part of a concatenated one; the extension-table
 * characters (^ { } \ [ ~ ] | € and form feed) take 2 septets and are never split across parts.
 * UCS-2: as soon as one character is outside GSM-7; counted in UTF-16 code units (an astral emoji is
 * 2), 70 in a single SMS, 67 per part; a surrogate pair is never split.
 *
 * Example:
 *   smsInfo('Habari yako')            → { encoding: 'gsm7', units: 11, segments: 1, perSegment: 160 }
 *   smsInfo('€'.repeat(81))           → { encoding: 'gsm7', units: 162, segments: 2, perSegment: 153 }
 *   smsInfo('Ŵ'.repeat(71))           → { encoding: 'ucs2', units: 71, segments: 2, perSegment: 67 }
 *   splitText('a long text …', 160)   → ['a long …', '… text']
 */

const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '^{}\\[~]|€\f';
const basic = new Set(GSM7_BASIC);
const extension = new Set(GSM7_EXTENSION);

/** "gsm7" when every character is in the GSM 03.38 basic or extension table, else "ucs2". */
export type SmsEncoding = 'gsm7' | 'ucs2';

/** What a text costs as SMS. `units` = septets (GSM-7) or UTF-16 code units (UCS-2). */
export interface SmsInfo {
  encoding: SmsEncoding;
  units: number;
  segments: number;
  /** Units per segment for this text: 160/70 when it fits one SMS, else 153/67. */
  perSegment: number;
}

/** True when `text` can be sent as GSM-7. Example: `isGsm7('Jambo €5')` → true, `isGsm7('Ŵ')` → false. */
export function isGsm7(text: string): boolean {
  for (const ch of text) if (!basic.has(ch) && !extension.has(ch)) return false;
  return true;
}

/** Septets of one GSM-7 character (1 or 2); call only on GSM-7 text. */
export function gsm7Cost(ch: string): number {
  return extension.has(ch) ? 2 : 1;
}

export function smsInfo(text: string): SmsInfo {
  if (isGsm7(text)) {
    let units = 0;
    for (const ch of text) units += gsm7Cost(ch);
    return units <= 160 ? { encoding: 'gsm7', units, segments: 1, perSegment: 160 } : { encoding: 'gsm7', units, segments: countParts(text, 153, gsm7Cost), perSegment: 153 };
  }
  const units = text.length;
  return units <= 70 ? { encoding: 'ucs2', units, segments: 1, perSegment: 70 } : { encoding: 'ucs2', units, segments: countParts(text, 67, (ch) => ch.length), perSegment: 67 };
}

/** The number of SMS segments of `text`. Example: `smsSegments('a'.repeat(161))` → 2. */
export function smsSegments(text: string): number {
  return smsInfo(text).segments;
}

/** Parts as a phone fills them: a 2-unit character (extension char, surrogate pair) that does not fit moves to the next part. */
function countParts(text: string, perPart: number, cost: (ch: string) => number): number {
  let parts = 1;
  let used = 0;
  for (const ch of text) {
    const c = cost(ch);
    if (used + c > perPart) {
      parts++;
      used = 0;
    }
    used += c;
  }
  return parts;
}

/** The measure a splitter uses. "chars" = UTF-16 code units (Twilio, WhatsApp, Telegram…), "sms" = GSM-7 septets or UCS-2 units. */
export type LengthMeasure = 'chars' | 'sms';

/**
 * Splits `text` into parts of at most `maxUnits` (measured per `measure`), preferring to cut after
 * whitespace or a newline in the last third of a part, trimming the whitespace at the cut. Never cuts
 * a surrogate pair. An empty text gives one empty part.
 *
 * Example: `splitText('aaa bbb ccc', 8)` → ['aaa bbb', 'ccc'].
 */
export function splitText(text: string, maxUnits: number, measure: LengthMeasure = 'chars'): string[] {
  if (!(maxUnits >= 2)) throw new Error(`splitText: maxUnits must be at least 2, got ${maxUnits}`);
  const gsm = measure === 'sms' && isGsm7(text);
  const cost = (ch: string): number => (gsm ? gsm7Cost(ch) : ch.length);
  const chars = Array.from(text);
  const parts: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let used = 0;
    let end = start;
    while (end < chars.length && used + cost(chars[end]!) <= maxUnits) used += cost(chars[end++]!);
    if (end < chars.length) {
      // Look back for a space to cut after, but do not make the part shorter than two thirds.
      const floor = start + Math.max(1, Math.floor(((end - start) * 2) / 3));
      for (let k = end; k > floor; k--) {
        if (/\s/.test(chars[k - 1]!) || /\s/.test(chars[k]!)) {
          end = k;
          break;
        }
      }
    }
    const part = chars.slice(start, end).join('').replace(/\s+$/u, '');
    if (part !== '') parts.push(part);
    start = end;
    while (start < chars.length && /\s/.test(chars[start]!)) start++; // the next part does not start with the space we cut at
  }
  return parts.length > 0 ? parts : [''];
}

/**
 * Splits a text into standalone SMS (each fits one segment: 160 GSM-7 septets or 70 UCS-2 units), for
 * gateways that do not concatenate. Example: `splitSms('x'.repeat(200))` → two parts of 160 and 40.
 */
export function splitSms(text: string): string[] {
  return splitText(text, isGsm7(text) ? 160 : 70, 'sms');
}
