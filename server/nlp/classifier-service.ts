/**
 * The flow engine's `Classifier` service (runtime/services.ts) over the classifiers of one workspace:
 * `classify(classifierUuid, text, language)` uses the classifier's active version, its threshold, the
 * workspace's time zone for dates, and guesses the language when the contact's is unknown or not one the
 * classifier was trained in, among the classifier's languages that the workspace uses (all of the
 * classifier's if the workspace uses none of them).
 *
 * Loaded models are cached by version id (versions never change), shared by every service in the process,
 * so a message costs one small query (which version is active) plus the classification.
 *
 * Example:
 *   const classifier = createClassifierService(db, workspaceId);
 *   const engineServices = { clock, ids, random, classifier };
 *   await classifier.classify('1c06…', 'dawa zimeisha', 'swa');
 *   // → { intents: [{ name: 'stock_out', confidence: 0.97 }, …], entities: {} }
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Classifier } from '../../runtime/services.js';
import { NlpStoreError } from './store-error.js';
import { requireClassifier, versionModelJson, type StoreClock } from './store.js';
import { loadModel, parseTrainedModel, type Classification, type LoadedModel } from './model.js';
import { toLanguageCode } from './languages.js';
import { localDay } from './entities.js';

/** Models kept in memory; a workspace rarely has more than a few classifiers in use. */
const MODEL_CACHE_SIZE = 32;
/** Loaded models by version id, least recently used first (Map keeps insertion order). */
const modelCache = new Map<string, Promise<LoadedModel>>();

async function cachedModel(versionId: string, load: () => Promise<string>): Promise<LoadedModel> {
  const hit = modelCache.get(versionId);
  if (hit) {
    modelCache.delete(versionId);
    modelCache.set(versionId, hit);
    return hit;
  }
  const loading = load().then((json) => loadModel(parseTrainedModel(json)));
  modelCache.set(versionId, loading);
  loading.catch(() => modelCache.delete(versionId));
  while (modelCache.size > MODEL_CACHE_SIZE) modelCache.delete(modelCache.keys().next().value!);
  return loading;
}

/** How many loaded models are cached now (for tests and diagnostics). */
export function cachedModelCount(): number {
  return modelCache.size;
}

/** The workspace's languages as supported ISO-639-3 codes (unknown or malformed entries are left out). */
function parseLanguages(json: string): string[] {
  try {
    const list = JSON.parse(json) as unknown;
    return Array.isArray(list) ? list.flatMap((l) => (typeof l === 'string' && toLanguageCode(l) ? [toLanguageCode(l)!] : [])) : [];
  } catch {
    return [];
  }
}

/** The runtime interface plus a detailed variant for the API's try-out (which language, which version). */
export interface ClassifierService extends Classifier {
  classifyDetailed(classifierUuid: string, text: string, language: string | null): Promise<Classification & { version: string; threshold: number }>;
}

/** A `Classifier` for one workspace. `clock` sets "today" for date entities (default: system time). */
export function createClassifierService(db: Kysely<Database>, workspaceId: string, options: { clock?: StoreClock } = {}): ClassifierService {
  const clock = options.clock ?? { now: () => new Date() };
  let workspace: Promise<{ timezone: string; languages: string[] }> | null = null;
  const workspaceSettings = () => (workspace ??= db.selectFrom('workspaces').select(['timezone', 'languages']).where('id', '=', workspaceId).executeTakeFirstOrThrow()
    .then((w) => ({ timezone: w.timezone, languages: parseLanguages(w.languages) })));

  async function classifyDetailed(classifierUuid: string, text: string, language: string | null) {
    const classifier = await requireClassifier(db, workspaceId, classifierUuid);
    const versionId = classifier.active_version_id;
    if (!versionId) throw new NlpStoreError('not_found', `classifier "${classifier.name}" (${classifierUuid}) has not been trained yet.`);
    const model = await cachedModel(versionId, () => versionModelJson(db, classifier, versionId));
    const settings = await workspaceSettings();
    const result = await model.classify(text, {
      language: language === null ? null : toLanguageCode(language),
      threshold: classifier.threshold,
      today: localDay(clock.now(), settings.timezone),
      candidateLanguages: settings.languages,
    });
    return { ...result, version: versionId, threshold: classifier.threshold };
  }

  return {
    classifyDetailed,
    async classify(classifierUuid, text, language) {
      const { intents, entities } = await classifyDetailed(classifierUuid, text, language);
      return { intents, entities };
    },
  };
}
