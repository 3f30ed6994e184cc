/**
 * Entity extraction for classifier results: numbers and dates, in the shape the flow engine expects
 * (`{ number: [{ value: "25", confidence: 1 }], date: [{ value: "2026-03-12", confidence: 1 }] }`).
 * Runs offline with no model. Digits are read in any language; number words, month names and today /
 * tomorrow / yesterday need the message's language.
 *
 * Example:
 *   extractEntities('Nous avons vingt-cinq cas depuis le 3 mars', { language: 'fra', today: '2026-11-25' })
 *   → { number: [{ value: '25', confidence: 1 }], date: [{ value: '2026-03-03', confidence: 1 }] }
 */
import type { ClassifierResult } from '../../runtime/services.js';
import { extractNumbers } from './entity-numbers.js';
import { extractDates } from './entity-dates.js';

/** Options of `extractEntities`. Example: `{ language: 'swa', today: '2026-11-25' }`. */
export interface EntityOptions {
  /** ISO-639-3 code, or null when unknown (then only digits and numeric dates are read). */
  language: string | null;
  /** Reference day "YYYY-MM-DD" for relative dates and dates without a year. */
  today: string;
}

/** Confidence of number words and relative dates, which are more often something else ("one of us", "leo" as a name). */
const WORD_CONFIDENCE = 0.8;

/**
 * The message as lower-case, accent-free tokens: runs of letters, and runs of digits that keep ".", ",", "/"
 * and "-" between digits, so "2,5", "12/03/2026" and "2026-03-12" stay one token each.
 * Example: `entityTokens("Le 1er mars: 2,5 kg")` → ["le", "1", "er", "mars", "2,5", "kg"].
 */
export function entityTokens(text: string): string[] {
  const folded = text.normalize('NFD').replace(/\p{M}+/gu, '').toLowerCase();
  return folded.match(/\d+(?:[.,/-]\d+)*|\p{L}+/gu) ?? [];
}

const DECIMAL = /^\d+(?:[.,]\d+)?$/;

/** Numbers and dates in a message. Entities that were not found are absent (not empty lists). */
export function extractEntities(text: string, options: EntityOptions): ClassifierResult['entities'] {
  const tokens = entityTokens(text);
  const dates = extractDates(tokens, options.language, options.today);
  const inDate = new Set<number>();
  for (const d of dates) for (let i = d.start; i < d.end; i++) inDate.add(i);

  const numbers: { value: string; confidence: number; position: number }[] = [];
  tokens.forEach((token, i) => {
    if (!inDate.has(i) && DECIMAL.test(token)) numbers.push({ value: String(Number(token.replace(',', '.'))), confidence: 1, position: i });
  });
  for (const span of extractNumbers(tokens, options.language)) {
    if (!inDate.has(span.start)) numbers.push({ value: String(span.value), confidence: WORD_CONFIDENCE, position: span.start });
  }
  numbers.sort((a, b) => a.position - b.position);

  const entities: ClassifierResult['entities'] = {};
  if (numbers.length) entities.number = numbers.map(({ value, confidence }) => ({ value, confidence }));
  if (dates.length) {
    entities.date = dates.map((d) => ({
      value: d.value,
      confidence: d.kind === 'relative' ? WORD_CONFIDENCE : 1,
    }));
  }
  return entities;
}

/** The calendar day of `now` in a time zone, as "YYYY-MM-DD". Example: `localDay(new Date(), 'Africa/Nairobi')`. */
export function localDay(now: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
