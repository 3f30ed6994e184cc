/**
 * Held-out evaluation of a classifier: a deterministic part of each intent's examples (per language) is kept
 * out of training, then classified by a model trained on the rest. The result (accuracy, per-language and
 * per-intent figures, and which intent was mistaken for which) is stored with the version.
 *
 * Example:
 *   const { train, heldOut } = splitForEvaluation(examples);           // ~20 % of each (intent, language) held out
 *   const metrics = await evaluateModel(loadModel(await trainModel(train)), heldOut, { threshold: 0.6, today });
 *   metrics.accuracy   → 0.91
 *   metrics.confusion  → [{ expected: 'thanks', predicted: 'greeting', count: 2, examples: ['asante sana'] }]
 */
import type { LoadedModel, TrainingExample } from './model.js';

/** Share of each (intent, language) group held out. */
export const HELD_OUT_FRACTION = 0.2;
/** Groups smaller than this are not split: every example is needed for training. */
export const MIN_GROUP_FOR_HOLDOUT = 5;

/** One kind of mistake. Example: `{ expected: 'stock_out', predicted: 'none', count: 3, examples: ['hakuna glavu'] }`. */
export interface ConfusionEntry {
  expected: string;
  predicted: string;
  count: number;
  /** Up to three of the misclassified texts, to show people what to fix. */
  examples: string[];
}

/** Correct answers out of a total. Example: `{ total: 20, correct: 18, accuracy: 0.9 }`. */
export interface Tally {
  total: number;
  correct: number;
  accuracy: number;
}

/** Stored as `classifier_versions.metrics`. `accuracy` is null when no example could be held out. */
export interface EvaluationMetrics {
  heldOut: number;
  trainedOn: number;
  accuracy: number | null;
  byLanguage: Record<string, Tally>;
  byIntent: Record<string, Tally>;
  /** How often the language was guessed right when not given (over the same held-out examples). */
  languageDetection: Tally | null;
  /** Mistakes, most frequent first. */
  confusion: ConfusionEntry[];
  threshold: number;
}

/** FNV-1a: a stable, dependency-free hash so the split is the same on every machine and run. */
function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** Splits examples into training and held-out sets, the same way every time for the same examples. */
export function splitForEvaluation(examples: readonly TrainingExample[], fraction = HELD_OUT_FRACTION): { train: TrainingExample[]; heldOut: TrainingExample[] } {
  if (!(fraction >= 0 && fraction < 1)) throw new Error(`fraction: must be ≥ 0 and < 1, got ${fraction}`);
  const groups = new Map<string, TrainingExample[]>();
  for (const e of examples) {
    const key = `${e.intent}\u0000${e.language}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(e);
  }
  const heldOutSet = new Set<TrainingExample>();
  for (const group of groups.values()) {
    if (group.length < MIN_GROUP_FOR_HOLDOUT) continue;
    const count = Math.max(1, Math.floor(group.length * fraction));
    const ordered = [...group].sort((a, b) => stableHash(a.text) - stableHash(b.text) || (a.text < b.text ? -1 : 1));
    for (const e of ordered.slice(0, count)) heldOutSet.add(e);
  }
  return { train: examples.filter((e) => !heldOutSet.has(e)), heldOut: examples.filter((e) => heldOutSet.has(e)) };
}

function tally(total: number, correct: number): Tally {
  return { total, correct, accuracy: total === 0 ? 0 : Math.round((correct / total) * 10000) / 10000 };
}

/** Classifies each held-out example with the model and counts what it got right. */
export async function evaluateModel(
  model: LoadedModel,
  heldOut: readonly TrainingExample[],
  options: { threshold: number; today: string; trainedOn: number },
): Promise<EvaluationMetrics> {
  const byLanguage = new Map<string, [number, number]>();
  const byIntent = new Map<string, [number, number]>();
  const mistakes = new Map<string, ConfusionEntry>();
  let correct = 0;
  let detectedRight = 0;
  const bump = (map: Map<string, [number, number]>, key: string, ok: boolean) => {
    const t = map.get(key) ?? [0, 0];
    map.set(key, [t[0] + 1, t[1] + (ok ? 1 : 0)]);
  };
  for (const e of heldOut) {
    const result = await model.classify(e.text, { language: e.language, threshold: options.threshold, today: options.today });
    const predicted = result.intents[0]?.name ?? 'none';
    const ok = predicted === e.intent;
    if (ok) correct++;
    bump(byLanguage, e.language, ok);
    bump(byIntent, e.intent, ok);
    if (!ok) {
      const key = `${e.intent}\u0000${predicted}`;
      const entry = mistakes.get(key) ?? { expected: e.intent, predicted, count: 0, examples: [] };
      entry.count++;
      if (entry.examples.length < 3) entry.examples.push(e.text);
      mistakes.set(key, entry);
    }
    if (model.model.languages.length > 1) {
      const guess = await model.classify(e.text, { language: null, threshold: options.threshold, today: options.today });
      if (guess.language === e.language) detectedRight++;
    }
  }
  const toRecord = (map: Map<string, [number, number]>) =>
    Object.fromEntries([...map.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([k, [t, c]]) => [k, tally(t, c)]));
  return {
    heldOut: heldOut.length,
    trainedOn: options.trainedOn,
    accuracy: heldOut.length === 0 ? null : tally(heldOut.length, correct).accuracy,
    byLanguage: toRecord(byLanguage),
    byIntent: toRecord(byIntent),
    languageDetection: model.model.languages.length > 1 && heldOut.length > 0 ? tally(heldOut.length, detectedRight) : null,
    confusion: [...mistakes.values()].sort((a, b) => b.count - a.count || (a.expected + a.predicted < b.expected + b.predicted ? -1 : 1)),
    threshold: options.threshold,
  };
}
