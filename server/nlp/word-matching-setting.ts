/**
 * The workspace setting "how forgiving are keyword tests" (table nlp_settings, migration 0010_nlp), and its
 * form in the engine's environment (`environment.word_matching`, read by runtime/routers/cases/words.ts).
 *
 * - "exact": only letter case is ignored ("vaccine" ≠ "vacciné").
 * - "accents_case" (default; goflow's behaviour): case and accents ignored ("VACCINÉ" = "vaccine").
 * - "typos": also up to `maxTypos` edits per word of 4+ letters ("vacine" = "vaccine").
 *
 * Example:
 *   await saveWordMatching(db, wsId, { mode: 'typos', maxTypos: 1 }, clock);
 *   environmentWordMatching(await readWordMatching(db, wsId)) → { mode: 'typos', max_distance: 1 }
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Environment } from '../../runtime/engine/api.js';
import { asNlpDb } from './schema.js';
import { NlpStoreError } from './store-error.js';

export const WORD_MATCHING_MODES = ['exact', 'accents_case', 'typos'] as const;
/** One of WORD_MATCHING_MODES. */
export type WordMatchingMode = (typeof WORD_MATCHING_MODES)[number];

/** The setting. Example: `{ mode: 'typos', maxTypos: 1 }`. */
export interface WordMatchingSetting {
  mode: WordMatchingMode;
  /** Edits per word tolerated in "typos" mode, 1 to 3 (kept when another mode is chosen). */
  maxTypos: number;
}

export const DEFAULT_WORD_MATCHING_SETTING: WordMatchingSetting = Object.freeze({ mode: 'accents_case', maxTypos: 1 });
export const MAX_TYPOS_LIMIT = 3;

function isMode(value: string): value is WordMatchingMode {
  return (WORD_MATCHING_MODES as readonly string[]).includes(value);
}

/** The workspace's setting (the default when it never saved one). */
export async function readWordMatching(db: Kysely<Database> | Transaction<Database>, workspaceId: string): Promise<WordMatchingSetting> {
  const row = await asNlpDb(db as Kysely<Database>).selectFrom('nlp_settings').select(['word_matching', 'max_typos']).where('workspace_id', '=', workspaceId).executeTakeFirst();
  if (!row || !isMode(row.word_matching)) return { ...DEFAULT_WORD_MATCHING_SETTING };
  return { mode: row.word_matching, maxTypos: row.max_typos };
}

/** Saves the setting after checking it (a clear error names the wrong field). */
export async function saveWordMatching(db: Kysely<Database>, workspaceId: string, setting: WordMatchingSetting, clock: { now(): Date }): Promise<WordMatchingSetting> {
  if (!isMode(setting.mode)) throw new NlpStoreError('invalid', `wordMatching.mode: must be one of ${WORD_MATCHING_MODES.join(', ')}, got "${setting.mode}"`);
  if (!Number.isInteger(setting.maxTypos) || setting.maxTypos < 1 || setting.maxTypos > MAX_TYPOS_LIMIT) {
    throw new NlpStoreError('invalid', `wordMatching.maxTypos: must be a whole number from 1 to ${MAX_TYPOS_LIMIT}, got ${setting.maxTypos}`);
  }
  const now = clock.now().toISOString();
  const nlp = asNlpDb(db);
  await nlp.insertInto('nlp_settings')
    .values({ workspace_id: workspaceId, word_matching: setting.mode, max_typos: setting.maxTypos, auto_reply_classifier_uuid: null, auto_reply_flow_uuid: null, updated_at: now })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet({ word_matching: setting.mode, max_typos: setting.maxTypos, updated_at: now }))
    .execute();
  return { mode: setting.mode, maxTypos: setting.maxTypos };
}

/** The engine environment's `word_matching`, or undefined for the default (so goflow sessions stay unchanged). */
export function environmentWordMatching(setting: WordMatchingSetting): Environment['word_matching'] | undefined {
  if (setting.mode === 'accents_case') return undefined;
  return setting.mode === 'typos' ? { mode: 'typos', max_distance: setting.maxTypos } : { mode: 'exact' };
}
