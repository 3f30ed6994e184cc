/**
 * Date entities in English, French, Portuguese and Swahili: numeric dates read day first ("12/03/2026",
 * "12-3", "2026-03-12" is year first), dates with month names ("12 March", "12 de março de 2026",
 * "tarehe 12 Machi", "March 12, 2026") and today / tomorrow / yesterday ("demain", "amanhã", "kesho").
 * Values are ISO dates; a missing year is the reference year.
 *
 * Example: `extractDates(['kesho'], 'swa', '2026-11-25')` → [{ value: '2026-11-26', kind: 'relative', start: 0, end: 1 }].
 */

/** A date found in a list of entity tokens; `end` is exclusive. Example: `{ value: '2026-03-12', kind: 'named', start: 1, end: 3 }`. */
export interface DateSpan {
  value: string;
  /** numeric "12/03/2026", named "12 March", relative "tomorrow". */
  kind: 'numeric' | 'named' | 'relative';
  start: number;
  end: number;
}

const MONTHS: Record<string, Record<string, number>> = {
  eng: {
    january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
    jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  },
  fra: { janvier: 1, fevrier: 2, mars: 3, avril: 4, mai: 5, juin: 6, juillet: 7, aout: 8, septembre: 9, octobre: 10, novembre: 11, decembre: 12 },
  por: { janeiro: 1, fevereiro: 2, marco: 3, abril: 4, maio: 5, junho: 6, julho: 7, agosto: 8, setembro: 9, outubro: 10, novembro: 11, dezembro: 12 },
  swa: { januari: 1, februari: 2, machi: 3, aprili: 4, mei: 5, juni: 6, julai: 7, agosti: 8, septemba: 9, oktoba: 10, novemba: 11, desemba: 12 },
};

/** Words for "day relative to the reference date"; French "aujourd'hui" folds to two tokens. */
const RELATIVE: Record<string, Record<string, number>> = {
  eng: { today: 0, tomorrow: 1, yesterday: -1 },
  fra: { aujourdhui: 0, demain: 1, hier: -1 },
  por: { hoje: 0, amanha: 1, ontem: -1 },
  swa: { leo: 0, kesho: 1, jana: -1 },
};

/** Small words allowed between the parts of a date ("12 de março de 2026", "tarehe 12 Machi"). */
const FILLERS = new Set(['de', 'of', 'the', 'tarehe', 'le', 'st', 'nd', 'rd', 'th', 'er']);

function isoDate(year: number, month: number, day: number): string | null {
  if (!Number.isInteger(year) || month < 1 || month > 12 || day < 1) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null; // 30 February, 31 April…
  return date.toISOString().slice(0, 10);
}

function fullYear(text: string): number {
  const n = Number(text);
  return text.length === 2 ? 2000 + n : n;
}

function addDays(isoDay: string, days: number): string {
  const date = new Date(`${isoDay}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

const NUMERIC_DMY = /^(\d{1,2})[/.-](\d{1,2})(?:[/.-](\d{4}|\d{2}))?$/;
const NUMERIC_YMD = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const DAY = /^(\d{1,2})$/;
const YEAR = /^\d{4}$/;

/**
 * The dates among entity tokens (folded words, where digits keep their "/", "-" and "." separators).
 * `today` is the reference day as "YYYY-MM-DD" (in the workspace's time zone).
 */
export function extractDates(tokens: readonly string[], language: string | null, today: string): DateSpan[] {
  const referenceYear = Number(today.slice(0, 4));
  const months = language ? MONTHS[language] ?? {} : {};
  const relative = language ? RELATIVE[language] ?? {} : {};
  const spans: DateSpan[] = [];
  const monthAt = (i: number): number | undefined => (i < tokens.length && Object.hasOwn(months, tokens[i]) ? months[tokens[i]] : undefined);
  const skipFillers = (i: number): number => {
    let j = i;
    while (j < tokens.length && FILLERS.has(tokens[j])) j++;
    return j;
  };

  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i];
    let match: RegExpExecArray | null;
    if ((match = NUMERIC_YMD.exec(token))) {
      const value = isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
      if (value) spans.push({ value, kind: 'numeric', start: i, end: i + 1 });
      i++;
      continue;
    }
    if ((match = NUMERIC_DMY.exec(token))) {
      const value = isoDate(match[3] ? fullYear(match[3]) : referenceYear, Number(match[2]), Number(match[1]));
      if (value) spans.push({ value, kind: 'numeric', start: i, end: i + 1 });
      i++;
      continue;
    }
    // "aujourd'hui" folds to "aujourd hui".
    const word = token === 'aujourd' && tokens[i + 1] === 'hui' ? 'aujourdhui' : token;
    if (Object.hasOwn(relative, word)) {
      const width = word === 'aujourdhui' && token === 'aujourd' ? 2 : 1;
      spans.push({ value: addDays(today, relative[word]), kind: 'relative', start: i, end: i + width });
      i += width;
      continue;
    }
    // Day first: "12 March 2026", "12 de março", "tarehe 12 Machi".
    const day = DAY.exec(token);
    if (day) {
      const m = skipFillers(i + 1);
      const month = monthAt(m);
      if (month !== undefined) {
        const y = skipFillers(m + 1);
        const hasYear = y < tokens.length && YEAR.test(tokens[y]);
        const value = isoDate(hasYear ? Number(tokens[y]) : referenceYear, month, Number(day[1]));
        if (value) {
          spans.push({ value, kind: 'named', start: i, end: hasYear ? y + 1 : m + 1 });
          i = hasYear ? y + 1 : m + 1;
          continue;
        }
      }
    }
    // Month first (English style): "March 12", "March 12 2026".
    const month = monthAt(i);
    if (month !== undefined && i + 1 < tokens.length) {
      const dayAfter = DAY.exec(tokens[i + 1]);
      if (dayAfter) {
        const y = skipFillers(i + 2);
        const hasYear = y < tokens.length && YEAR.test(tokens[y]);
        const value = isoDate(hasYear ? Number(tokens[y]) : referenceYear, month, Number(dayAfter[1]));
        if (value) {
          spans.push({ value, kind: 'named', start: i, end: hasYear ? y + 1 : i + 2 });
          i = hasYear ? y + 1 : i + 2;
          continue;
        }
      }
    }
    i++;
  }
  return spans;
}
