/**
 * The NLP.js side of a classifier: a private container per model (so models never share state), the language
 * packs Kiunga has (English, French, Portuguese; Swahili uses NLP.js's generic tokenizer plus our own light
 * stemmer), training, and export/import of the trained network as JSON. Nothing is read or written on disk.
 *
 * Example:
 *   const nlp = createNlp(['eng', 'swa']);
 *   nlp.addDocument('sw', 'chanjo ni lini', 'vaccine_schedule');
 *   await nlp.train();
 *   const json = nlp.export(true);          // stored in classifier_versions.model
 *   const again = importNlp(['eng', 'swa'], json);
 */
import { Nlp } from '@nlpjs/nlp';
import { containerBootstrap, type NlpjsContainer } from '@nlpjs/core';
import { LangEn } from '@nlpjs/lang-en-min';
import { LangFr } from '@nlpjs/lang-fr';
import { LangPt } from '@nlpjs/lang-pt';
import { nlpjsLocaleOf } from './languages.js';
import { swahiliStemmer } from './swahili-stemmer.js';

/** NLP.js's name for "no intent matched". */
export const NLPJS_NONE = 'None';

const LANGUAGE_PACKS: Record<string, unknown> = { en: LangEn, fr: LangFr, pt: LangPt };

function containerFor(locales: string[]): NlpjsContainer {
  const container = containerBootstrap();
  for (const locale of locales) {
    const pack = LANGUAGE_PACKS[locale];
    if (pack) container.use(pack);
  }
  if (locales.includes('sw')) container.register('stemmer-sw', swahiliStemmer, true);
  // Settings of every per-language NLU ("nlu-??" matches nlu-en, nlu-sw…). Registered before NLP.js
  // registers its defaults, which do not override an existing configuration.
  container.registerConfiguration('nlu-??', {
    // Drop "the", "le", "o"… (for languages with a stopword list) so they do not pull towards an intent.
    keepStopwords: false,
    // Map a misspelt word to a known one at most one edit away ("vacine" → "vaccine"); words of 4+ letters.
    spellCheck: true,
    spellCheckDistance: 1,
    nonefeatureValue: 1,
    nonedeltaMultiplier: 1.2,
    filterZeros: true,
    log: false,
  }, true);
  return container;
}

/** A fresh, untrained NLP.js instance for the given ISO-639-3 languages. */
export function createNlp(languages: readonly string[]): Nlp {
  const locales = languages.map(nlpjsLocaleOf);
  return new Nlp({
    container: containerFor(locales),
    languages: locales,
    // Never touch the disk: models live in the database.
    autoSave: false,
    autoLoad: false,
    calculateSentiment: false,
    // Kiunga applies its own threshold; NLP.js must report every score.
    threshold: 0,
    nlu: {
      log: false,
      // Unknown words push towards "None" in every language (NLP.js turns this off for some by default).
      useNoneFeature: true,
    },
  });
}

/** An NLP.js instance loaded from `nlp.export()` output. */
export function importNlp(languages: readonly string[], exported: string): Nlp {
  const nlp = createNlp(languages);
  nlp.import(exported);
  return nlp;
}
