/**
 * The shipped FAQ training set (flows-library/faq/training.json), parsed, for the NLP tests.
 * Example: `const set = faqTrainingSet(); set.examples.length` → 504.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseTrainingSet, type TrainingSet } from '../../server/nlp/training-set.js';

export const FAQ_PATH = path.resolve(import.meta.dirname, '../../flows-library/faq/training.json');

export function faqJson(): unknown {
  return JSON.parse(fs.readFileSync(FAQ_PATH, 'utf8'));
}

export function faqTrainingSet(): TrainingSet {
  return parseTrainingSet(faqJson());
}
