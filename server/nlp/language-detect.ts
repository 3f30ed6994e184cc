/**
 * Guesses the language of a message among a known few (the classifier's languages), for contacts whose
 * language is not set. A character-trigram naive Bayes model learnt from the classifier's own examples plus
 * a few very common words of each language, so it needs no downloaded data and only chooses among languages
 * the classifier was trained on.
 *
 * Example:
 *   const profiles = buildLanguageProfiles({ eng: ['when is the vaccine day'], swa: ['chanjo ni lini'] });
 *   detectLanguage('ninapenda muziki', profiles)  → { language: 'swa', scores: { eng: -41.2, swa: -35.9 } }
 */
import { foldText } from './forgiving-match.js';

/** Trigram counts of one language. Example: `{ total: 5120, counts: { ' ch': 40, 'cha': 12 } }`. */
export interface LanguageProfile {
  total: number;
  counts: Record<string, number>;
}

/** The result of `detectLanguage`: the best language and each candidate's log-likelihood. */
export interface LanguageGuess {
  language: string;
  scores: Record<string, number>;
}

/** Very common words, so a language is recognised even from a handful of examples. */
const SEED_TEXT: Record<string, string> = {
  eng: 'the is are a an of to and in for my we you i it this that what when where how who have has not with from please our your there',
  fra: 'le la les un une des de du et est sont je nous vous il elle pour avec dans pas ne que qui quand comment où mon ma mes notre votre il y a',
  por: 'o a os as um uma de do da dos das e é são eu nós você ele ela para com em não que quem quando como onde meu minha nosso há está',
  swa: 'na ya wa za kwa ni si hii hiyo huo mimi sisi wewe yeye wao lini nini wapi gani nani kuna hakuna tuna sana yangu wangu zetu katika',
};

/** Only the most frequent trigrams are kept so stored models stay small. */
const MAX_TRIGRAMS = 3000;
/** Size of the assumed trigram vocabulary for add-one smoothing. */
const VOCABULARY = 8000;

function trigramsOf(text: string): string[] {
  const padded = ` ${foldText(text)} `;
  const out: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) out.push(padded.slice(i, i + 3));
  return out;
}

/** Builds one profile per language from that language's example texts. */
export function buildLanguageProfiles(textsByLanguage: Record<string, readonly string[]>): Record<string, LanguageProfile> {
  const profiles: Record<string, LanguageProfile> = {};
  for (const [language, texts] of Object.entries(textsByLanguage)) {
    const counts = new Map<string, number>();
    for (const text of [...texts, SEED_TEXT[language] ?? '']) {
      for (const gram of trigramsOf(text)) counts.set(gram, (counts.get(gram) ?? 0) + 1);
    }
    const kept = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, MAX_TRIGRAMS);
    profiles[language] = { total: kept.reduce((sum, [, n]) => sum + n, 0), counts: Object.fromEntries(kept) };
  }
  return profiles;
}

/**
 * The most likely language of `text` among the profiled languages (optionally only `candidates`).
 * Returns null when there is nothing to compare (no letters, or no candidate has a profile).
 */
export function detectLanguage(text: string, profiles: Record<string, LanguageProfile>, candidates?: readonly string[]): LanguageGuess | null {
  const languages = (candidates ?? Object.keys(profiles)).filter((l) => profiles[l]);
  const grams = trigramsOf(text).filter((g) => /\p{L}/u.test(g));
  if (languages.length === 0 || grams.length === 0) return null;
  const scores: Record<string, number> = {};
  let best: string | null = null;
  for (const language of languages) {
    const { total, counts } = profiles[language];
    let score = 0;
    for (const gram of grams) score += Math.log(((counts[gram] ?? 0) + 1) / (total + VOCABULARY));
    scores[language] = score;
    if (best === null || score > scores[best]) best = language;
  }
  return { language: best!, scores };
}
