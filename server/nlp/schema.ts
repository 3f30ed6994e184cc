/**
 * Kysely types of the classifier tables (migration 0003_nlp), kept beside the code that uses them rather than
 * in server/db/schema.ts: `NlpDatabase` is the core `Database` plus these tables, and `asNlpDb` widens a
 * plain `Kysely<Database>` (the tables exist once migrations have run).
 *
 * Example:
 *   const db = asNlpDb(ctx.db);
 *   const rows = await db.selectFrom('classifiers').selectAll().where('workspace_id', '=', ws.id).execute();
 */
import type { Kysely } from 'kysely';
import type { Database, IsoTime, JsonText } from '../db/schema.js';

/** A classifier. Unique (workspace_id, uuid). Example: `{ name: 'Health FAQ', languages: '["eng","swa"]', threshold: 0.6, active_version_id: '019a…' }`. */
export interface ClassifiersTable {
  id: string;
  workspace_id: string;
  /** What flows reference in call_classifier (`classifier.uuid`). */
  uuid: string;
  name: string;
  /** JSON array of ISO-639-3 codes the classifier understands, e.g. `'["eng","fra","por","swa"]'`. */
  languages: JsonText;
  /** Below this confidence (0–1) the answer is "none". */
  threshold: number;
  /** The version used to classify (a `classifier_versions.id`), null until first trained. */
  active_version_id: string | null;
  created_at: IsoTime;
  updated_at: IsoTime;
}

/** An intent of a classifier. Unique (classifier_id, name); every classifier has "none". Example: `{ name: 'stock_out' }`. */
export interface ClassifierIntentsTable {
  id: string;
  classifier_id: string;
  workspace_id: string;
  name: string;
  created_at: IsoTime;
}

/** A training sentence. Unique (intent_id, language, text). Example: `{ language: 'swa', text: 'dawa zimeisha' }`. */
export interface ClassifierExamplesTable {
  id: string;
  intent_id: string;
  classifier_id: string;
  workspace_id: string;
  /** ISO-639-3. */
  language: string;
  text: string;
  created_at: IsoTime;
}

/**
 * One trained model. Never updated: each training inserts the next `version` (1, 2, 3…).
 * Example: `{ version: 3, example_count: 408, metrics: '{"accuracy":0.78,…}', duration_ms: 912 }`.
 */
export interface ClassifierVersionsTable {
  id: string;
  classifier_id: string;
  workspace_id: string;
  version: number;
  /** The TrainedModel JSON (server/nlp/model.ts). */
  model: JsonText;
  /** The EvaluationMetrics JSON (server/nlp/evaluation.ts). */
  metrics: JsonText;
  /** JSON array of the languages that had examples. */
  languages: JsonText;
  example_count: number;
  trained_at: IsoTime;
  duration_ms: number;
  created_by: string | null;
}

/**
 * Language settings of a workspace (migration 0010_nlp); no row = defaults.
 * Example: `{ workspace_id: '019a…', word_matching: 'typos', max_typos: 1, updated_at: '2026-11-25T17:00:00.000Z' }`.
 */
export interface NlpSettingsTable {
  workspace_id: string;
  /** "exact" (only letter case ignored), "accents_case" (default, goflow) or "typos". */
  word_matching: string;
  /** Edits tolerated per word when word_matching is "typos" (1–3). */
  max_typos: number;
  /** Automatic replies: the classifier that decides (a classifiers.uuid), null = off. */
  auto_reply_classifier_uuid: string | null;
  /** Automatic replies: the flow started with understood messages (a flows.uuid), null = off. */
  auto_reply_flow_uuid: string | null;
  updated_at: IsoTime;
}

/** The core database plus the classifier tables. */
export interface NlpDatabase extends Database {
  classifiers: ClassifiersTable;
  classifier_intents: ClassifierIntentsTable;
  classifier_examples: ClassifierExamplesTable;
  classifier_versions: ClassifierVersionsTable;
  nlp_settings: NlpSettingsTable;
}

/** Widens a `Kysely<Database>` to one that knows the classifier tables. */
export function asNlpDb(db: Kysely<Database>): Kysely<NlpDatabase> {
  return db as unknown as Kysely<NlpDatabase>;
}
