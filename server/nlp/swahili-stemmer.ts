/**
 * A light stemmer for Swahili, for which NLP.js has no language pack. Swahili builds words by stacking
 * prefixes (subject, tense, object, noun class) in front of a root: "imeisha", "zimeisha", "vimekwisha"
 * ("it/they have run out") share only their ends. Rather than strip prefixes (error-prone without a
 * dictionary), each longer word also yields an extra feature made of its last letters, so the classifier can
 * see that these words are related while still using the whole word.
 *
 * Example: `swahiliStemmer.stem(['dawa', 'zimeisha'])` → ['dawa', 'zimeisha', '~isha'].
 */

/** Words at least this long get an ending feature. */
const MIN_LENGTH = 6;
/** Letters kept in the ending feature. */
const ENDING_LENGTH = 4;

export const swahiliStemmer = {
  name: 'stemmer-sw',
  stem(tokens: string[]): string[] {
    const out: string[] = [];
    for (const token of tokens) {
      out.push(token);
      if (token.length >= MIN_LENGTH && /^\p{L}+$/u.test(token)) out.push(`~${token.slice(-ENDING_LENGTH)}`);
    }
    return out;
  },
};
