/**
 * The portable training-set file (e.g. flows-library/faq/training.json): intents with example sentences per
 * language. Used to seed a classifier, by the tests and by the benchmark.
 *
 * Example file:
 *   { "name": "Health worker FAQ", "languages": ["eng", "swa"], "threshold": 0.6,
 *     "intents": { "greeting": { "eng": ["hello"], "swa": ["habari"] }, "none": { "eng": ["tell me a joke"] } } }
 */
import { z } from 'zod';
import { requireLanguageCode } from './languages.js';
import { NONE_INTENT, type TrainingExample } from './model.js';

/** Intent names: lower case letters, digits and "_", starting with a letter, as flows refer to them. */
export const INTENT_NAME = /^[a-z][a-z0-9_]{0,63}$/;
/** Longest example accepted (one SMS-sized message, with room). */
export const MAX_EXAMPLE_LENGTH = 500;

const fileSchema = z.object({
  name: z.string().trim().min(1).max(100),
  description: z.string().optional(),
  languages: z.array(z.string()).min(1),
  threshold: z.number().min(0).max(1).optional(),
  intents: z.record(z.string(), z.record(z.string(), z.array(z.string()))),
});

/** A parsed training set. Example: `{ name: 'FAQ', languages: ['eng'], threshold: 0.6, examples: [{ intent: 'greeting', language: 'eng', text: 'hello' }] }`. */
export interface TrainingSet {
  name: string;
  languages: string[];
  threshold: number | null;
  examples: TrainingExample[];
}

/** Validates a training-set JSON value; every error names the intent/language/position at fault. */
export function parseTrainingSet(value: unknown): TrainingSet {
  const parsed = fileSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`training set: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  const file = parsed.data;
  const languages = file.languages.map((l, i) => requireLanguageCode(l, `languages[${i}]`));
  const examples: TrainingExample[] = [];
  for (const [intent, byLanguage] of Object.entries(file.intents)) {
    if (!INTENT_NAME.test(intent)) throw new Error(`training set: intents.${intent}: intent names use a-z, 0-9 and _ and start with a letter.`);
    for (const [rawLanguage, texts] of Object.entries(byLanguage)) {
      const language = requireLanguageCode(rawLanguage, `intents.${intent}.${rawLanguage}`);
      if (!languages.includes(language)) throw new Error(`training set: intents.${intent}.${rawLanguage}: "${language}" is not in the set's languages (${languages.join(', ')}).`);
      texts.forEach((raw, i) => {
        const text = raw.trim();
        if (text === '' || text.length > MAX_EXAMPLE_LENGTH) {
          throw new Error(`training set: intents.${intent}.${rawLanguage}[${i}]: an example must have 1 to ${MAX_EXAMPLE_LENGTH} characters.`);
        }
        examples.push({ intent, language, text });
      });
    }
  }
  if (!examples.some((e) => e.intent !== NONE_INTENT)) throw new Error('training set: intents: needs examples of at least one intent besides "none".');
  return { name: file.name, languages, threshold: file.threshold ?? null, examples };
}
