/**
 * A trained classifier model: training from examples, the JSON stored in `classifier_versions.model`, and
 * classification of one message with Kiunga's rules (threshold, "none", language fallback, entities).
 *
 * Example:
 *   const model = await trainModel([{ intent: 'greeting', language: 'eng', text: 'hello' }, …]);
 *   const loaded = loadModel(model);
 *   loaded.classify('helo', { language: 'eng', threshold: 0.6, today: '2026-11-25' });
 *   // → { language: 'eng', languageDetected: false, intents: [{ name: 'greeting', confidence: 0.97 }, …], entities: {} }
 */
import type { ClassifierResult } from '../../runtime/services.js';
import { createNlp, importNlp, NLPJS_NONE } from './nlpjs-engine.js';
import { nlpjsLocaleOf } from './languages.js';
import { buildLanguageProfiles, detectLanguage, type LanguageProfile } from './language-detect.js';
import { extractEntities } from './entities.js';

/** The intent every classifier has: "not one of the others". */
export const NONE_INTENT = 'none';

/** One training sentence. Example: `{ intent: 'stock_out', language: 'fra', text: 'rupture de paracétamol' }`. */
export interface TrainingExample {
  intent: string;
  /** ISO-639-3. */
  language: string;
  text: string;
}

/** What is stored per version. Example: `{ format: 'kiunga-nlp-1', languages: ['eng'], intents: ['greeting', 'none'], nlpjs: '{…}', languageProfiles: {…} }`. */
export interface TrainedModel {
  format: 'kiunga-nlp-1';
  /** The languages that had examples (ISO-639-3). */
  languages: string[];
  /** Every intent the model knows, "none" included, sorted. */
  intents: string[];
  /** The NLP.js network, as `Nlp.export(true)` wrote it. */
  nlpjs: string;
  /** For guessing the language of a message when the contact's language is unknown. */
  languageProfiles: Record<string, LanguageProfile>;
}

/** How to classify one message. Example: `{ language: null, threshold: 0.6, today: '2026-11-25' }`. */
export interface ClassifyOptions {
  /** The contact's language (ISO-639-3) or null to detect it; a language the model has no examples in counts as unknown. */
  language: string | null;
  /** Below this confidence the best intent is not trusted and the answer is "none". */
  threshold: number;
  /** When guessing the language, only these (e.g. the workspace's languages); ignored if none of them was trained. */
  candidateLanguages?: readonly string[];
  /** Reference day for date entities, "YYYY-MM-DD". */
  today: string;
}

/** The answer for one message: the runtime's `ClassifierResult` plus which language was used. */
export interface Classification extends ClassifierResult {
  language: string;
  /** True when the language was guessed from the text rather than given. */
  languageDetected: boolean;
}

/** Trains a model on the examples; throws a specific message when there is nothing to learn from. */
export async function trainModel(examples: readonly TrainingExample[]): Promise<TrainedModel> {
  const languages = [...new Set(examples.map((e) => e.language))].sort();
  const intents = [...new Set([...examples.map((e) => e.intent), NONE_INTENT])].sort();
  for (const language of languages) {
    const own = examples.filter((e) => e.language === language);
    if (!own.some((e) => e.intent !== NONE_INTENT)) {
      throw new Error(`examples: language "${language}" has only "none" examples; add examples of at least one other intent.`);
    }
  }
  if (languages.length === 0) throw new Error('examples: there are no examples to train on.');

  const nlp = createNlp(languages);
  for (const e of examples) nlp.addDocument(nlpjsLocaleOf(e.language), e.text, e.intent);
  await nlp.train();

  const textsByLanguage: Record<string, string[]> = {};
  for (const e of examples) (textsByLanguage[e.language] ??= []).push(e.text);
  return { format: 'kiunga-nlp-1', languages, intents, nlpjs: nlp.export(true), languageProfiles: buildLanguageProfiles(textsByLanguage) };
}

/** Checks stored JSON is a model this code can load; the message names what is wrong. */
export function parseTrainedModel(json: string): TrainedModel {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new Error(`model: stored model is not valid JSON (${(error as Error).message}).`);
  }
  const model = value as Partial<TrainedModel> | null;
  if (!model || model.format !== 'kiunga-nlp-1') throw new Error(`model: unknown model format ${JSON.stringify(model?.format)}; retrain the classifier.`);
  if (!Array.isArray(model.languages) || !Array.isArray(model.intents) || typeof model.nlpjs !== 'string' || typeof model.languageProfiles !== 'object') {
    throw new Error('model: stored model is incomplete (languages, intents, nlpjs or languageProfiles missing); retrain the classifier.');
  }
  return model as TrainedModel;
}

/** A model ready to classify. Loading costs a few milliseconds; keep it (see classifier-service.ts). */
export interface LoadedModel {
  readonly model: TrainedModel;
  classify(text: string, options: ClassifyOptions): Promise<Classification>;
}

/**
 * Orders the NLP.js scores into the runtime's intents list, applying the threshold:
 * - NLP.js's own "None" (unknown words) and the trained "none" intent are one intent, "none";
 * - when the best other intent scores below the threshold, "none" goes first with confidence
 *   max(1 − best, best), so it stays the top intent however the list is sorted, and the real candidates
 *   follow with their own scores (a flow can still test them with has_intent and a lower confidence).
 */
export function applyThreshold(scores: readonly { intent: string; score: number }[], threshold: number): ClassifierResult['intents'] {
  const merged = new Map<string, number>();
  for (const { intent, score } of scores) {
    const name = intent === NLPJS_NONE ? NONE_INTENT : intent;
    merged.set(name, (merged.get(name) ?? 0) + score);
  }
  const ranked = [...merged.entries()]
    .map(([name, confidence]) => ({ name, confidence }))
    .sort((a, b) => b.confidence - a.confidence || (a.name < b.name ? -1 : 1));
  const best = ranked[0];
  if (!best) return [{ name: NONE_INTENT, confidence: 1 }];
  if (best.name === NONE_INTENT || best.confidence >= threshold) return ranked;
  const others = ranked.filter((i) => i.name !== NONE_INTENT);
  return [{ name: NONE_INTENT, confidence: Math.max(1 - best.confidence, best.confidence) }, ...others];
}

/**
 * NLP.js remembers the tokens of every text it has seen (for an hour), so a long-running server would grow
 * with every distinct message; a fresh copy is loaded after this many classifications (a few ms each time).
 */
export const CLASSIFICATIONS_PER_RELOAD = 20_000;

/** Loads a trained model (from `trainModel` or `parseTrainedModel`). */
export function loadModel(model: TrainedModel, options: { reloadEvery?: number } = {}): LoadedModel {
  const reloadEvery = options.reloadEvery ?? CLASSIFICATIONS_PER_RELOAD;
  let nlp = importNlp(model.languages, model.nlpjs);
  let sinceReload = 0;
  return {
    model,
    async classify(text, options) {
      if (++sinceReload > reloadEvery) {
        nlp = importNlp(model.languages, model.nlpjs);
        sinceReload = 1;
      }
      let language = options.language && model.languages.includes(options.language) ? options.language : null;
      const languageDetected = language === null;
      if (language === null) {
        const allowed = model.languages.filter((l) => options.candidateLanguages?.includes(l) ?? true);
        const candidates = allowed.length > 0 ? allowed : model.languages;
        language = detectLanguage(text, model.languageProfiles, candidates)?.language ?? candidates[0];
      }
      const answer = await nlp.nluManager.process(nlpjsLocaleOf(language), text);
      return {
        language,
        languageDetected,
        intents: applyThreshold(answer.classifications ?? [], options.threshold),
        entities: extractEntities(text, { language, today: options.today }),
      };
    },
  };
}
