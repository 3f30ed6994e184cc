/**
 * Number words up to 999 in English, French, Portuguese and Swahili ("twenty five", "quatre-vingt-dix",
 * "vinte e cinco", "kumi na mbili"). Works on folded words (lower case, no accents); numbers written in
 * digits are recognised by entities.ts.
 *
 * Example: `extractNumbers(['we', 'have', 'twenty', 'five', 'cases'], 'eng')` → [{ value: 25, start: 2, end: 4 }].
 */

/** A number found in a list of words; `end` is exclusive. Example: `{ value: 90, start: 0, end: 3 }`. */
export interface NumberSpan {
  value: number;
  start: number;
  end: number;
}

const HUNDRED = 100;

/** Folded number words of each language → value. 100 multiplies what precedes it. */
const NUMBER_WORDS: Record<string, Record<string, number>> = {
  eng: {
    zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
    eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
    twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90, hundred: HUNDRED,
  },
  fra: {
    zero: 0, un: 1, une: 1, deux: 2, trois: 3, quatre: 4, cinq: 5, six: 6, sept: 7, huit: 8, neuf: 9, dix: 10,
    onze: 11, douze: 12, treize: 13, quatorze: 14, quinze: 15, seize: 16,
    vingt: 20, vingts: 20, trente: 30, quarante: 40, cinquante: 50, soixante: 60, cent: HUNDRED, cents: HUNDRED,
  },
  por: {
    zero: 0, um: 1, uma: 1, dois: 2, duas: 2, tres: 3, quatro: 4, cinco: 5, seis: 6, sete: 7, oito: 8, nove: 9, dez: 10,
    onze: 11, doze: 12, treze: 13, catorze: 14, quatorze: 14, quinze: 15, dezasseis: 16, dezesseis: 16, dezassete: 17,
    dezessete: 17, dezoito: 18, dezanove: 19, dezenove: 19, vinte: 20, trinta: 30, quarenta: 40, cinquenta: 50,
    sessenta: 60, setenta: 70, oitenta: 80, noventa: 90, cem: HUNDRED, cento: HUNDRED,
  },
  swa: {
    sifuri: 0, moja: 1, mmoja: 1, mbili: 2, wawili: 2, mawili: 2, tatu: 3, watatu: 3, matatu: 3, nne: 4, wanne: 4, manne: 4,
    tano: 5, watano: 5, matano: 5, sita: 6, saba: 7, nane: 8, wanane: 8, tisa: 9, kenda: 9, kumi: 10,
    ishirini: 20, thelathini: 30, arobaini: 40, hamsini: 50, sitini: 60, sabini: 70, themanini: 80, tisini: 90, mia: HUNDRED,
  },
};

/** Words that join parts of one number ("vingt et un", "vinte e cinco", "kumi na moja", "one hundred and five"). */
const CONNECTORS: Record<string, string> = { eng: 'and', fra: 'et', por: 'e', swa: 'na' };

/** Words that are usually articles, not numbers, when they stand alone ("un enfant", "uma criança"). */
const ARTICLES = new Set(['un', 'une', 'um', 'uma']);

/** Value of a run of number words, or null when the run does not form one number. */
function combine(values: number[], language: string, words: string[]): number | null {
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === HUNDRED) {
      total = (total === 0 ? 1 : total) * HUNDRED;
    } else if (language === 'fra' && v === 20 && values[i - 1] === 4 && words[i - 1] === 'quatre') {
      total += 76; // quatre-vingt(s) = 4 × 20: the 4 was already added.
    } else {
      total += v;
    }
  }
  return Number.isFinite(total) ? total : null;
}

/** The numbers written in words in a list of folded words. `language` picks the lexicon (null: none). */
export function extractNumbers(words: readonly string[], language: string | null): NumberSpan[] {
  const lexicon = language ? NUMBER_WORDS[language] ?? {} : {};
  const connector = language ? CONNECTORS[language] : undefined;
  const spans: NumberSpan[] = [];
  let i = 0;
  while (i < words.length) {
    const word = words[i];
    if (!Object.hasOwn(lexicon, word)) {
      i++;
      continue;
    }
    const values: number[] = [];
    const used: string[] = [];
    let j = i;
    while (j < words.length) {
      if (Object.hasOwn(lexicon, words[j])) {
        values.push(lexicon[words[j]]);
        used.push(words[j]);
        j++;
      } else if (connector && words[j] === connector && j + 1 < words.length && Object.hasOwn(lexicon, words[j + 1]) && values.length > 0) {
        j++;
      } else {
        break;
      }
    }
    const standaloneArticle = used.length === 1 && ARTICLES.has(used[0]);
    const value = combine(values, language ?? '', used);
    if (value !== null && !standaloneArticle) spans.push({ value, start: i, end: j });
    i = j;
  }
  return spans;
}
