/**
 * NLP benchmark (`npm run bench -- nlp`): one JSON line per figure on stdout (/work/shared/BENCH.md).
 *
 *   train_500_examples_ms           training one model on 500 examples in four languages (target ≤ 5000 ms:
 *                                   "retrained in seconds")
 *   train_version_500_examples_ms   what the Train button costs: held-out evaluation (a model on 80 %, then
 *                                   classifying the rest) plus the stored model on all 500 (target ≤ 10000 ms)
 *   classify_per_s                  classifications per second with a loaded model, language given
 *                                   (intents, threshold and entities), one core (target ≥ 500)
 *   classify_detect_language_per_s  the same when the contact's language is unknown and guessed (target ≥ 500)
 *   keyword_tests_typos_per_s       has_any_word case tests with typo tolerance on (one edit per word), each
 *                                   against a whole FAQ message, one core (target ≥ 5000: a keyword router
 *                                   stays well under a millisecond per message); `detail.goflow_per_s` is the
 *                                   same without typo tolerance, for comparison
 *
 * The 500 examples are the first 500 of the shipped FAQ (flows-library/faq/training.json: 504 examples,
 * eight intents, four languages; the cut only drops four Swahili "none" examples).
 * Each figure is the median of BENCH_REPEAT runs (default 5); CPU times are in `detail`.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseTrainingSet } from '../server/nlp/training-set.js';
import { loadModel, trainModel, type TrainingExample } from '../server/nlp/model.js';
import { evaluateModel, splitForEvaluation } from '../server/nlp/evaluation.js';
import { makeEnvironment } from '../runtime/expressions/environment.js';
import { xText } from '../runtime/expressions/values.js';
import { isMatch, runCaseTest } from '../runtime/routers/cases/registry.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const REPEAT = Math.max(1, Number(process.env.BENCH_REPEAT ?? 5));
const FAQ = path.resolve(here, '../flows-library/faq/training.json');
const EXAMPLES = 500;
const CLASSIFICATIONS = 2000;
const TODAY = '2026-11-25';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function emit(name: string, value: number, unit: string, target: string, ok: boolean, detail: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify({ suite: 'nlp', name, value, unit, target, ok, detail })}\n`);
}

function benchExamples(): TrainingExample[] {
  const faq = parseTrainingSet(JSON.parse(readFileSync(FAQ, 'utf8'))).examples;
  if (faq.length < EXAMPLES) throw new Error(`${FAQ}: has ${faq.length} examples; the benchmark needs ${EXAMPLES}.`);
  return faq.slice(0, EXAMPLES);
}

/** Wall and CPU milliseconds of one call. */
async function timed<T>(work: () => Promise<T>): Promise<{ result: T; wallMs: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await work();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { result, wallMs, cpuMs: (used.user + used.system) / 1000 };
}

/**
 * Messages to classify: the examples cycling through all four languages, each made unique with a number
 * (NLP.js caches the tokens of texts it has seen, and real traffic rarely repeats a message exactly).
 */
function messages(examples: readonly TrainingExample[], run: number): { text: string; language: string }[] {
  return Array.from({ length: CLASSIFICATIONS }, (_, i) => {
    const e = examples[(i * 37) % examples.length]!;
    return { text: `${e.text} ${run * CLASSIFICATIONS + i}`, language: e.language };
  });
}

/** Runs the suite; `bench/run.ts` calls the default export. */
export async function main(_args: string[] = []): Promise<void> {
  const examples = benchExamples();
  process.stderr.write(`nlp bench: ${examples.length} examples, ${REPEAT} runs\n`);

  // Warm-up: module loading and JIT.
  await trainModel(examples.slice(0, 50));

  const train: { wallMs: number; cpuMs: number }[] = [];
  let model = null as Awaited<ReturnType<typeof trainModel>> | null;
  for (let r = 0; r < REPEAT; r++) {
    const t = await timed(() => trainModel(examples));
    train.push(t);
    model = t.result;
  }
  const trainMs = median(train.map((t) => t.wallMs));
  emit('train_500_examples_ms', Math.round(trainMs), 'ms', '<=5000', trainMs <= 5000, {
    examples: examples.length, runs_ms: train.map((t) => Math.round(t.wallMs)), cpu_ms: Math.round(median(train.map((t) => t.cpuMs))),
    model_bytes: JSON.stringify(model).length,
  });

  const version: { wallMs: number; cpuMs: number }[] = [];
  for (let r = 0; r < REPEAT; r++) {
    const t = await timed(async () => {
      const split = splitForEvaluation(examples);
      const metrics = await evaluateModel(loadModel(await trainModel(split.train)), split.heldOut, { threshold: 0.6, today: TODAY, trainedOn: split.train.length });
      await trainModel(examples);
      return metrics;
    });
    version.push({ wallMs: t.wallMs, cpuMs: t.cpuMs });
  }
  const versionMs = median(version.map((t) => t.wallMs));
  emit('train_version_500_examples_ms', Math.round(versionMs), 'ms', '<=10000', versionMs <= 10000, {
    examples: examples.length, runs_ms: version.map((t) => Math.round(t.wallMs)), cpu_ms: Math.round(median(version.map((t) => t.cpuMs))),
  });

  const loaded = loadModel(model!);
  let run = 0;
  for (const [name, withLanguage] of [['classify_per_s', true], ['classify_detect_language_per_s', false]] as const) {
    for (const m of messages(examples, run++).slice(0, 200)) await loaded.classify(m.text, { language: withLanguage ? m.language : null, threshold: 0.6, today: TODAY });
    const runs: { perS: number; cpuPerS: number }[] = [];
    for (let r = 0; r < REPEAT; r++) {
      const inputs = messages(examples, run++);
      const t = await timed(async () => {
        for (const m of inputs) await loaded.classify(m.text, { language: withLanguage ? m.language : null, threshold: 0.6, today: TODAY });
      });
      runs.push({ perS: inputs.length / (t.wallMs / 1000), cpuPerS: inputs.length / (t.cpuMs / 1000) });
    }
    const perS = median(runs.map((r) => r.perS));
    emit(name, Math.round(perS), 'per_s', '>=500', perS >= 500, {
      classifications: CLASSIFICATIONS, runs_per_s: runs.map((r) => Math.round(r.perS)), cpu_per_s: Math.round(median(runs.map((r) => r.cpuPerS))),
    });
  }

  // Forgiving keyword tests: what a "Split by keyword" router costs per message with typos tolerated.
  const keywords = xText('vacine stok salari trainng ripoti');
  const texts = messages(examples, run++).map((m) => xText(m.text));
  const keywordSpeed = async (env: ReturnType<typeof makeEnvironment>) => {
    const runs: number[] = [];
    let matched = 0;
    for (let r = 0; r < REPEAT; r++) {
      const t = await timed(async () => {
        matched = 0;
        for (const text of texts) if (isMatch(runCaseTest(env, 'has_any_word', text, [keywords]))) matched++;
      });
      runs.push(texts.length / (t.wallMs / 1000));
    }
    return { perS: median(runs), runs, matched };
  };
  const goflow = await keywordSpeed(makeEnvironment({}));
  const typos = await keywordSpeed(makeEnvironment({ word_matching: { mode: 'typos', max_distance: 1 } }));
  emit('keyword_tests_typos_per_s', Math.round(typos.perS), 'per_s', '>=5000', typos.perS >= 5000, {
    tests: texts.length, matched: typos.matched, runs_per_s: typos.runs.map(Math.round),
    goflow_per_s: Math.round(goflow.perS), goflow_matched: goflow.matched,
  });
}

export default main;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
