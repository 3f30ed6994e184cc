/**
 * Automatic replies: a message that no keyword trigger and no waiting flow takes is classified with the
 * workspace's chosen classifier. When it is understood (the top intent is not "none": the classifier's
 * threshold already turned unsure answers into "none"), the chosen flow (e.g. the library's FAQ) starts with
 * it and answers; otherwise, or when the classifier fails, it stays in the inbox for a person to answer.
 * The setting lives in nlp_settings (migration 0010_nlp); off until a classifier and a flow are chosen.
 *
 * Example:
 *   await saveAutomaticReplies(db, wsId, { classifierUuid: '5a1c…', flowUuid: 'f4a0…' }, clock);
 *   await automaticReplyFlow(db, wsId, { text: 'when is the vaccination day', language: 'eng' }, classifier)
 *   // → { flowUuid: 'f4a0…', intent: 'vaccine_schedule', confidence: 0.93 }   (null: leave it in the inbox)
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Classifier } from '../../runtime/services.js';
import { asNlpDb } from './schema.js';
import { NlpStoreError } from './store-error.js';
import { NONE_INTENT } from './model.js';
import { DEFAULT_WORD_MATCHING_SETTING } from './word-matching-setting.js';

/** The setting. Example: `{ classifierUuid: '5a1c7f3e-…', flowUuid: 'f4a0c000-…' }`. */
export interface AutomaticReplies {
  classifierUuid: string;
  flowUuid: string;
}

/** The workspace's automatic replies, or null when they are off. */
export async function readAutomaticReplies(db: Kysely<Database> | Transaction<Database>, workspaceId: string): Promise<AutomaticReplies | null> {
  const row = await asNlpDb(db as Kysely<Database>).selectFrom('nlp_settings')
    .select(['auto_reply_classifier_uuid', 'auto_reply_flow_uuid']).where('workspace_id', '=', workspaceId).executeTakeFirst();
  if (!row?.auto_reply_classifier_uuid || !row.auto_reply_flow_uuid) return null;
  return { classifierUuid: row.auto_reply_classifier_uuid, flowUuid: row.auto_reply_flow_uuid };
}

/** Turns automatic replies on (both must exist in the workspace) or off (null). */
export async function saveAutomaticReplies(db: Kysely<Database>, workspaceId: string, setting: AutomaticReplies | null, clock: { now(): Date }): Promise<AutomaticReplies | null> {
  const nlp = asNlpDb(db);
  if (setting) {
    const classifier = await nlp.selectFrom('classifiers').select('active_version_id').where('workspace_id', '=', workspaceId).where('uuid', '=', setting.classifierUuid).executeTakeFirst();
    if (!classifier) throw new NlpStoreError('not_found', `classifierUuid: no classifier ${setting.classifierUuid} in this workspace.`);
    if (!classifier.active_version_id) throw new NlpStoreError('invalid', `classifierUuid: classifier ${setting.classifierUuid} has not been trained yet; train it first.`);
    const flow = await nlp.selectFrom('flows').select('id').where('workspace_id', '=', workspaceId).where('uuid', '=', setting.flowUuid).where('archived', '=', 0).executeTakeFirst();
    if (!flow) throw new NlpStoreError('not_found', `flowUuid: no active flow ${setting.flowUuid} in this workspace.`);
  }
  const now = clock.now().toISOString();
  const values = { auto_reply_classifier_uuid: setting?.classifierUuid ?? null, auto_reply_flow_uuid: setting?.flowUuid ?? null, updated_at: now };
  await nlp.insertInto('nlp_settings')
    .values({ workspace_id: workspaceId, word_matching: DEFAULT_WORD_MATCHING_SETTING.mode, max_typos: DEFAULT_WORD_MATCHING_SETTING.maxTypos, ...values })
    .onConflict((oc) => oc.column('workspace_id').doUpdateSet(values))
    .execute();
  return setting;
}

/**
 * The flow to start for an unhandled message, or null to leave it in the inbox (automatic replies off, not
 * understood, or the classifier failed: a person answers rather than a wrong automatic reply).
 */
export async function automaticReplyFlow(
  db: Kysely<Database>,
  workspaceId: string,
  message: { text: string; language: string | null },
  classifier: Classifier | undefined,
): Promise<{ flowUuid: string; intent: string; confidence: number } | null> {
  if (!classifier || message.text.trim() === '') return null;
  const setting = await readAutomaticReplies(db, workspaceId);
  if (!setting) return null;
  let top;
  try {
    top = (await classifier.classify(setting.classifierUuid, message.text, message.language)).intents[0];
  } catch {
    return null; // deleted or untrained classifier: the message waits for a person
  }
  if (!top || top.name === NONE_INTENT) return null;
  return { flowUuid: setting.flowUuid, intent: top.name, confidence: top.confidence };
}
