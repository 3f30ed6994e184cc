/**
 * Classifiers in the database: create/update/delete, intents and examples, training into immutable versions,
 * and choosing the active version. Every function is scoped to one workspace. Errors the caller can fix are
 * `NlpStoreError`s whose message names the field and the reason.
 *
 * Example:
 *   const c = await createClassifier(db, ws.id, { name: 'Health FAQ', languages: ['eng', 'swa'] });
 *   await addIntent(db, ws.id, c.uuid, 'stock_out');
 *   await addExamples(db, ws.id, c.uuid, { intent: 'stock_out', language: 'swa', texts: ['dawa zimeisha'] });
 *   const version = await trainClassifier(db, ws.id, c.uuid, { userId: null });   // version 1, now active
 */
import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../db/schema.js';
import { isoNow, newId } from '../db/ids.js';
import { isUniqueViolation } from '../db/errors.js';
import { asNlpDb, type ClassifiersTable, type ClassifierVersionsTable } from './schema.js';
import { NlpStoreError } from './store-error.js';
import { requireLanguageCode } from './languages.js';
import { loadModel, NONE_INTENT, trainModel, type TrainingExample } from './model.js';
import { evaluateModel, splitForEvaluation, type EvaluationMetrics } from './evaluation.js';
import { INTENT_NAME, MAX_EXAMPLE_LENGTH, type TrainingSet } from './training-set.js';
import { localDay } from './entities.js';

export type ClassifierRow = Selectable<ClassifiersTable>;
export type VersionRow = Selectable<ClassifierVersionsTable>;

/** Default confidence below which the answer is "none". */
export const DEFAULT_THRESHOLD = 0.6;

/** A classifier as the API shows it. Example: `{ uuid, name: 'Health FAQ', languages: ['eng'], threshold: 0.6, activeVersion: 2, … }`. */
export interface ClassifierSummary {
  id: string;
  uuid: string;
  name: string;
  languages: string[];
  threshold: number;
  activeVersionId: string | null;
  activeVersion: number | null;
  intentCount: number;
  exampleCount: number;
  createdAt: string;
  updatedAt: string;
}

/** A trained version without its (large) model. Example: `{ version: 2, accuracy: 0.81, exampleCount: 408, durationMs: 950, active: true }`. */
export interface VersionSummary {
  id: string;
  version: number;
  languages: string[];
  exampleCount: number;
  trainedAt: string;
  durationMs: number;
  accuracy: number | null;
  active: boolean;
  createdBy: string | null;
}

/** Where time comes from (tests pin it). */
export interface StoreClock {
  now(): Date;
}
const systemClock: StoreClock = { now: () => new Date() };

function checkName(name: string): string {
  const trimmed = name.trim();
  if (trimmed === '' || trimmed.length > 100) throw new NlpStoreError('invalid', 'name: must have 1 to 100 characters.');
  return trimmed;
}

function checkLanguages(languages: readonly string[]): string[] {
  if (languages.length === 0) throw new NlpStoreError('invalid', 'languages: give at least one language.');
  const codes = languages.map((l, i) => {
    try {
      return requireLanguageCode(l, `languages[${i}]`);
    } catch (error) {
      throw new NlpStoreError('invalid', (error as Error).message);
    }
  });
  const duplicate = codes.find((c, i) => codes.indexOf(c) !== i);
  if (duplicate) throw new NlpStoreError('invalid', `languages: "${duplicate}" is listed twice.`);
  return codes;
}

function checkThreshold(threshold: number): number {
  if (!(threshold >= 0 && threshold <= 1)) throw new NlpStoreError('invalid', `threshold: must be between 0 and 1, got ${threshold}.`);
  return threshold;
}

function checkIntentName(name: string): string {
  if (!INTENT_NAME.test(name)) {
    throw new NlpStoreError('invalid', `intent: "${name}" is not a valid intent name; use a-z, 0-9 and _, starting with a letter (at most 64).`);
  }
  return name;
}

/** Trims and collapses spaces; rejects empty and over-long examples. */
function cleanExample(text: string, index: number): string {
  const cleaned = text.replace(/\s+/g, ' ').trim();
  if (cleaned === '' || cleaned.length > MAX_EXAMPLE_LENGTH) {
    throw new NlpStoreError('invalid', `texts[${index}]: an example must have 1 to ${MAX_EXAMPLE_LENGTH} characters.`);
  }
  return cleaned;
}

/** The classifier with this uuid in the workspace, or a not_found error. */
export async function requireClassifier(db: Kysely<Database>, workspaceId: string, uuid: string): Promise<ClassifierRow> {
  const row = await asNlpDb(db).selectFrom('classifiers').selectAll().where('workspace_id', '=', workspaceId).where('uuid', '=', uuid).executeTakeFirst();
  if (!row) throw new NlpStoreError('not_found', `uuid: no classifier ${uuid} in this workspace.`);
  return row;
}

export function languagesOf(row: ClassifierRow): string[] {
  return JSON.parse(row.languages) as string[];
}

/** Creates a classifier with its mandatory "none" intent. */
export async function createClassifier(
  db: Kysely<Database>,
  workspaceId: string,
  input: { name: string; languages: readonly string[]; threshold?: number; uuid?: string },
  clock: StoreClock = systemClock,
): Promise<ClassifierRow> {
  const now = isoNow(clock.now());
  const row: ClassifierRow = {
    id: newId(),
    workspace_id: workspaceId,
    uuid: input.uuid ?? newId(),
    name: checkName(input.name),
    languages: JSON.stringify(checkLanguages(input.languages)),
    threshold: checkThreshold(input.threshold ?? DEFAULT_THRESHOLD),
    active_version_id: null,
    created_at: now,
    updated_at: now,
  };
  try {
    await asNlpDb(db).transaction().execute(async (tx) => {
      await tx.insertInto('classifiers').values(row).execute();
      await tx.insertInto('classifier_intents').values({ id: newId(), classifier_id: row.id, workspace_id: workspaceId, name: NONE_INTENT, created_at: now }).execute();
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new NlpStoreError('conflict', `uuid: a classifier ${row.uuid} already exists in this workspace.`);
    throw error;
  }
  return row;
}

/** Every classifier of the workspace with counts, by name. */
export async function listClassifiers(db: Kysely<Database>, workspaceId: string): Promise<ClassifierSummary[]> {
  const ndb = asNlpDb(db);
  const rows = await ndb.selectFrom('classifiers').selectAll().where('workspace_id', '=', workspaceId).orderBy('name').orderBy('id').execute();
  const intents = await ndb.selectFrom('classifier_intents').select(['classifier_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('workspace_id', '=', workspaceId).groupBy('classifier_id').execute();
  const examples = await ndb.selectFrom('classifier_examples').select(['classifier_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('workspace_id', '=', workspaceId).groupBy('classifier_id').execute();
  const versions = await ndb.selectFrom('classifier_versions').select(['id', 'version']).where('workspace_id', '=', workspaceId)
    .where('id', 'in', rows.map((r) => r.active_version_id ?? '').concat('')).execute();
  const count = (list: { classifier_id: string; n: number }[], id: string) => Number(list.find((x) => x.classifier_id === id)?.n ?? 0);
  return rows.map((r) => ({
    id: r.id,
    uuid: r.uuid,
    name: r.name,
    languages: languagesOf(r),
    threshold: r.threshold,
    activeVersionId: r.active_version_id,
    activeVersion: versions.find((v) => v.id === r.active_version_id)?.version ?? null,
    intentCount: count(intents, r.id),
    exampleCount: count(examples, r.id),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

/** Renames, changes languages or threshold. Examples in a removed language are kept but not trained on. */
export async function updateClassifier(
  db: Kysely<Database>,
  workspaceId: string,
  uuid: string,
  changes: { name?: string; languages?: readonly string[]; threshold?: number },
  clock: StoreClock = systemClock,
): Promise<ClassifierRow> {
  const row = await requireClassifier(db, workspaceId, uuid);
  const updated: ClassifierRow = {
    ...row,
    name: changes.name === undefined ? row.name : checkName(changes.name),
    languages: changes.languages === undefined ? row.languages : JSON.stringify(checkLanguages(changes.languages)),
    threshold: changes.threshold === undefined ? row.threshold : checkThreshold(changes.threshold),
    updated_at: isoNow(clock.now()),
  };
  await asNlpDb(db).updateTable('classifiers').set({ name: updated.name, languages: updated.languages, threshold: updated.threshold, updated_at: updated.updated_at })
    .where('id', '=', row.id).execute();
  return updated;
}

/** Deletes a classifier with its intents, examples and versions. */
export async function deleteClassifier(db: Kysely<Database>, workspaceId: string, uuid: string): Promise<void> {
  const row = await requireClassifier(db, workspaceId, uuid);
  await asNlpDb(db).deleteFrom('classifiers').where('id', '=', row.id).execute();
}

/** Adds an intent (idempotent: an existing intent is returned as is). */
export async function addIntent(db: Kysely<Database>, workspaceId: string, uuid: string, name: string, clock: StoreClock = systemClock): Promise<{ id: string; name: string }> {
  const row = await requireClassifier(db, workspaceId, uuid);
  checkIntentName(name);
  const ndb = asNlpDb(db);
  const existing = await ndb.selectFrom('classifier_intents').select(['id', 'name']).where('classifier_id', '=', row.id).where('name', '=', name).executeTakeFirst();
  if (existing) return existing;
  const intent = { id: newId(), classifier_id: row.id, workspace_id: workspaceId, name, created_at: isoNow(clock.now()) };
  await ndb.insertInto('classifier_intents').values(intent).execute();
  return { id: intent.id, name };
}

/** Removes an intent and its examples. "none" cannot be removed. Trained versions are not affected. */
export async function removeIntent(db: Kysely<Database>, workspaceId: string, uuid: string, name: string): Promise<void> {
  if (name === NONE_INTENT) throw new NlpStoreError('invalid', 'intent: "none" is part of every classifier and cannot be removed.');
  const row = await requireClassifier(db, workspaceId, uuid);
  const result = await asNlpDb(db).deleteFrom('classifier_intents').where('classifier_id', '=', row.id).where('name', '=', name).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new NlpStoreError('not_found', `intent: classifier "${row.name}" has no intent "${name}".`);
}

/** Adds example sentences to an intent; exact duplicates are skipped and counted. */
export async function addExamples(
  db: Kysely<Database>,
  workspaceId: string,
  uuid: string,
  input: { intent: string; language: string; texts: readonly string[] },
  clock: StoreClock = systemClock,
): Promise<{ added: number; skipped: number }> {
  const row = await requireClassifier(db, workspaceId, uuid);
  let language: string;
  try {
    language = requireLanguageCode(input.language);
  } catch (error) {
    throw new NlpStoreError('invalid', (error as Error).message);
  }
  if (!languagesOf(row).includes(language)) {
    throw new NlpStoreError('invalid', `language: classifier "${row.name}" is not set up for "${language}" (it has ${languagesOf(row).join(', ')}).`);
  }
  const texts = input.texts.map(cleanExample);
  const ndb = asNlpDb(db);
  const intent = await ndb.selectFrom('classifier_intents').select('id').where('classifier_id', '=', row.id).where('name', '=', input.intent).executeTakeFirst();
  if (!intent) throw new NlpStoreError('not_found', `intent: classifier "${row.name}" has no intent "${input.intent}"; add it first.`);
  const existing = new Set((await ndb.selectFrom('classifier_examples').select('text').where('intent_id', '=', intent.id).where('language', '=', language).execute()).map((e) => e.text));
  const now = isoNow(clock.now());
  const fresh = [...new Set(texts)].filter((t) => !existing.has(t));
  if (fresh.length) {
    await ndb.insertInto('classifier_examples')
      .values(fresh.map((text) => ({ id: newId(), intent_id: intent.id, classifier_id: row.id, workspace_id: workspaceId, language, text, created_at: now })))
      .execute();
  }
  return { added: fresh.length, skipped: texts.length - fresh.length };
}

/** Removes one example by id. */
export async function removeExample(db: Kysely<Database>, workspaceId: string, uuid: string, exampleId: string): Promise<void> {
  const row = await requireClassifier(db, workspaceId, uuid);
  const result = await asNlpDb(db).deleteFrom('classifier_examples').where('classifier_id', '=', row.id).where('id', '=', exampleId).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new NlpStoreError('not_found', `exampleId: classifier "${row.name}" has no example ${exampleId}.`);
}

/** Adds a training set's intents and examples (merging with what is there). Languages not set up are refused. */
export async function importTrainingSet(db: Kysely<Database>, workspaceId: string, uuid: string, set: TrainingSet, clock: StoreClock = systemClock): Promise<{ intents: number; added: number; skipped: number }> {
  const row = await requireClassifier(db, workspaceId, uuid);
  const missing = [...new Set(set.examples.map((e) => e.language))].filter((l) => !languagesOf(row).includes(l));
  if (missing.length) throw new NlpStoreError('invalid', `languages: classifier "${row.name}" is not set up for ${missing.join(', ')}; add them to its languages first.`);
  const groups = new Map<string, string[]>();
  for (const e of set.examples) {
    const key = `${e.intent}\u0000${e.language}`;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(e.text);
  }
  const intents = new Set<string>();
  let added = 0;
  let skipped = 0;
  for (const [key, texts] of groups) {
    const [intent, language] = key.split('\u0000');
    if (!intents.has(intent)) await addIntent(db, workspaceId, uuid, intent, clock);
    intents.add(intent);
    const result = await addExamples(db, workspaceId, uuid, { intent, language, texts }, clock);
    added += result.added;
    skipped += result.skipped;
  }
  return { intents: intents.size, added, skipped };
}

/** The classifier's intents with their examples, "none" last. Example item: `{ id, name: 'greeting', examples: [{ id, language: 'eng', text: 'hello' }] }`. */
export async function listIntents(db: Kysely<Database>, workspaceId: string, uuid: string) {
  const row = await requireClassifier(db, workspaceId, uuid);
  const ndb = asNlpDb(db);
  const intents = await ndb.selectFrom('classifier_intents').select(['id', 'name']).where('classifier_id', '=', row.id).orderBy('name').execute();
  const examples = await ndb.selectFrom('classifier_examples').select(['id', 'intent_id', 'language', 'text']).where('classifier_id', '=', row.id)
    .orderBy('language').orderBy('text').execute();
  return intents
    .sort((a, b) => Number(a.name === NONE_INTENT) - Number(b.name === NONE_INTENT) || (a.name < b.name ? -1 : 1))
    .map((i) => ({ id: i.id, name: i.name, examples: examples.filter((e) => e.intent_id === i.id).map(({ id, language, text }) => ({ id, language, text })) }));
}

/** The examples training uses: only the classifier's current languages, in a stable order. */
export async function trainingExamples(db: Kysely<Database>, classifier: ClassifierRow): Promise<TrainingExample[]> {
  const rows = await asNlpDb(db).selectFrom('classifier_examples')
    .innerJoin('classifier_intents', 'classifier_intents.id', 'classifier_examples.intent_id')
    .select(['classifier_intents.name as intent', 'classifier_examples.language', 'classifier_examples.text'])
    .where('classifier_examples.classifier_id', '=', classifier.id)
    .orderBy('classifier_intents.name').orderBy('classifier_examples.language').orderBy('classifier_examples.text')
    .execute();
  const languages = languagesOf(classifier);
  return rows.filter((r) => languages.includes(r.language));
}

/**
 * Trains a new version: evaluates on held-out examples (a model trained on the rest), then trains the stored
 * model on every example, saves both as the next version and makes it active.
 */
export async function trainClassifier(
  db: Kysely<Database>,
  workspaceId: string,
  uuid: string,
  options: { userId: string | null; clock?: StoreClock },
): Promise<VersionSummary> {
  const clock = options.clock ?? systemClock;
  const classifier = await requireClassifier(db, workspaceId, uuid);
  const examples = await trainingExamples(db, classifier);
  if (!examples.some((e) => e.intent !== NONE_INTENT)) {
    throw new NlpStoreError('invalid', `examples: classifier "${classifier.name}" has no examples besides "none" in its languages (${languagesOf(classifier).join(', ')}); add some before training.`);
  }
  for (const language of new Set(examples.map((e) => e.language))) {
    if (!examples.some((e) => e.language === language && e.intent !== NONE_INTENT)) {
      throw new NlpStoreError('invalid', `examples: classifier "${classifier.name}" has only "none" examples in "${language}"; add examples of other intents in that language or remove them.`);
    }
  }
  const workspace = await db.selectFrom('workspaces').select('timezone').where('id', '=', workspaceId).executeTakeFirstOrThrow();
  const started = performance.now();
  // The split never empties a group (it only splits groups of 5+ and keeps 80 %), so every language still
  // has examples of a real intent to train on.
  const { train, heldOut } = splitForEvaluation(examples);
  const evaluationModel = loadModel(await trainModel(train));
  const metrics: EvaluationMetrics = await evaluateModel(evaluationModel, heldOut, { threshold: classifier.threshold, today: localDay(clock.now(), workspace.timezone), trainedOn: train.length });
  const model = await trainModel(examples);
  const durationMs = Math.round(performance.now() - started);

  const ndb = asNlpDb(db);
  const version = await ndb.transaction().execute(async (tx) => {
    const last = await tx.selectFrom('classifier_versions').select((eb) => eb.fn.max('version').as('v')).where('classifier_id', '=', classifier.id).executeTakeFirst();
    const row: VersionRow = {
      id: newId(),
      classifier_id: classifier.id,
      workspace_id: workspaceId,
      version: Number(last?.v ?? 0) + 1,
      model: JSON.stringify(model),
      metrics: JSON.stringify(metrics),
      languages: JSON.stringify(model.languages),
      example_count: examples.length,
      trained_at: isoNow(clock.now()),
      duration_ms: durationMs,
      created_by: options.userId,
    };
    await tx.insertInto('classifier_versions').values(row).execute();
    await tx.updateTable('classifiers').set({ active_version_id: row.id, updated_at: row.trained_at }).where('id', '=', classifier.id).execute();
    return row;
  }).catch((error: unknown) => {
    // Two trainings finishing together (possible on PostgreSQL) would both claim the next number.
    if (isUniqueViolation(error)) throw new NlpStoreError('conflict', `classifier "${classifier.name}" was trained by someone else at the same moment; train again.`);
    throw error;
  });
  return summarizeVersion(version, version.id);
}

function summarizeVersion(row: Omit<VersionRow, 'model'>, activeId: string | null): VersionSummary {
  const metrics = JSON.parse(row.metrics) as EvaluationMetrics;
  return {
    id: row.id,
    version: row.version,
    languages: JSON.parse(row.languages) as string[],
    exampleCount: row.example_count,
    trainedAt: row.trained_at,
    durationMs: row.duration_ms,
    accuracy: metrics.accuracy,
    active: row.id === activeId,
    createdBy: row.created_by,
  };
}

/** Trained versions, newest first (without models). */
export async function listVersions(db: Kysely<Database>, workspaceId: string, uuid: string): Promise<VersionSummary[]> {
  const classifier = await requireClassifier(db, workspaceId, uuid);
  const rows = await asNlpDb(db).selectFrom('classifier_versions')
    .select(['id', 'classifier_id', 'workspace_id', 'version', 'metrics', 'languages', 'example_count', 'trained_at', 'duration_ms', 'created_by'])
    .where('classifier_id', '=', classifier.id).orderBy('version', 'desc').execute();
  return rows.map((r) => summarizeVersion(r, classifier.active_version_id));
}

/** The evaluation of a version (default: the active one). */
export async function versionEvaluation(db: Kysely<Database>, workspaceId: string, uuid: string, version?: number): Promise<{ version: VersionSummary; metrics: EvaluationMetrics }> {
  const classifier = await requireClassifier(db, workspaceId, uuid);
  let query = asNlpDb(db).selectFrom('classifier_versions')
    .select(['id', 'classifier_id', 'workspace_id', 'version', 'metrics', 'languages', 'example_count', 'trained_at', 'duration_ms', 'created_by'])
    .where('classifier_id', '=', classifier.id);
  if (version !== undefined) query = query.where('version', '=', version);
  else if (classifier.active_version_id) query = query.where('id', '=', classifier.active_version_id);
  else throw new NlpStoreError('not_found', `version: classifier "${classifier.name}" has not been trained yet.`);
  const row = await query.executeTakeFirst();
  if (!row) throw new NlpStoreError('not_found', `version: classifier "${classifier.name}" has no version ${version}.`);
  return { version: summarizeVersion(row, classifier.active_version_id), metrics: JSON.parse(row.metrics) as EvaluationMetrics };
}

/** Makes an earlier (or later) version the one used to classify, e.g. to roll back a bad training. */
export async function activateVersion(db: Kysely<Database>, workspaceId: string, uuid: string, version: number, clock: StoreClock = systemClock): Promise<VersionSummary> {
  const classifier = await requireClassifier(db, workspaceId, uuid);
  const ndb = asNlpDb(db);
  const row = await ndb.selectFrom('classifier_versions')
    .select(['id', 'classifier_id', 'workspace_id', 'version', 'metrics', 'languages', 'example_count', 'trained_at', 'duration_ms', 'created_by'])
    .where('classifier_id', '=', classifier.id).where('version', '=', version).executeTakeFirst();
  if (!row) throw new NlpStoreError('not_found', `version: classifier "${classifier.name}" has no version ${version}.`);
  await ndb.updateTable('classifiers').set({ active_version_id: row.id, updated_at: isoNow(clock.now()) }).where('id', '=', classifier.id).execute();
  return summarizeVersion(row, row.id);
}

/**
 * The classifiers as flow assets (`SessionAssets.classifiers`): what the server hands the engine so
 * call_classifier can find them. `intents` are the current intent names, "none" included.
 * Example: `[{ uuid: '1c06…', name: 'Health FAQ', type: 'kiunga', intents: ['greeting', 'none', 'stock_out'] }]`.
 */
export async function classifierAssets(db: Kysely<Database>, workspaceId: string): Promise<{ uuid: string; name: string; type: string; intents: string[] }[]> {
  const ndb = asNlpDb(db);
  const rows = await ndb.selectFrom('classifiers').select(['id', 'uuid', 'name']).where('workspace_id', '=', workspaceId).orderBy('name').orderBy('id').execute();
  const intents = await ndb.selectFrom('classifier_intents').select(['classifier_id', 'name']).where('workspace_id', '=', workspaceId).orderBy('name').execute();
  return rows.map((r) => ({ uuid: r.uuid, name: r.name, type: 'kiunga', intents: intents.filter((i) => i.classifier_id === r.id).map((i) => i.name) }));
}

/** The stored model JSON of one version of a classifier, or a not_found error (e.g. deleted meanwhile). */
export async function versionModelJson(db: Kysely<Database>, classifier: ClassifierRow, versionId: string): Promise<string> {
  const row = await asNlpDb(db).selectFrom('classifier_versions').select('model').where('id', '=', versionId)
    .where('classifier_id', '=', classifier.id).executeTakeFirst();
  if (!row) throw new NlpStoreError('not_found', `classifier "${classifier.name}" points at a version that no longer exists; retrain it.`);
  return row.model;
}
