/**
 * Offline language understanding: classifiers, their intents and examples, training into versions,
 * evaluation results and a try-out. Everything is scoped to the caller's workspace; reading needs the viewer
 * role, changing and training the editor role. Classifiers are addressed by `uuid` (what flows reference).
 *
 * Example (client):
 *   const c = await trpc.nlp.create.mutate({ name: 'Health FAQ', languages: ['eng', 'swa'] });
 *   await trpc.nlp.addIntent.mutate({ uuid: c.uuid, intent: 'stock_out' });
 *   await trpc.nlp.addExamples.mutate({ uuid: c.uuid, intent: 'stock_out', language: 'swa', texts: ['dawa zimeisha'] });
 *   const v = await trpc.nlp.train.mutate({ uuid: c.uuid });            // { version: 1, accuracy: 0.8, … }
 *   await trpc.nlp.classify.query({ uuid: c.uuid, text: 'hakuna dawa' });
 */
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { editorProcedure, router, viewerProcedure } from '../trpc.js';
import { writeAudit } from '../../auth/audit.js';
import { NlpStoreError } from '../../nlp/store-error.js';
import {
  activateVersion, addExamples, addIntent, createClassifier, deleteClassifier, importTrainingSet, languagesOf, listClassifiers,
  listIntents, listVersions, removeExample, removeIntent, requireClassifier, trainClassifier, updateClassifier, versionEvaluation,
} from '../../nlp/store.js';
import { parseTrainingSet } from '../../nlp/training-set.js';
import { createClassifierService } from '../../nlp/classifier-service.js';
import { readWordMatching, saveWordMatching, WORD_MATCHING_MODES, MAX_TYPOS_LIMIT } from '../../nlp/word-matching-setting.js';
import { invalidateAssets } from '../../messaging/assets.js';
import { readAutomaticReplies, saveAutomaticReplies } from '../../nlp/automatic-replies.js';
import { runtimeFor } from '../../messaging/runtime.js';
import { invalidateWorkspaceSettings } from '../../messaging/workspace-settings.js';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';

/**
 * Drops the workspace's cached session assets (classifier names and intents are assets), in the process-wide
 * cache and in the database's messaging runtime, as a flow publish does: the next sprint of a running flow
 * sees the change. The trained version itself is read on every classification.
 */
function classifiersChanged(db: Kysely<Database>, workspaceId: string): void {
  invalidateAssets(workspaceId);
  runtimeFor(db).assets.invalidate(workspaceId);
}

const CODES = { not_found: 'NOT_FOUND', conflict: 'CONFLICT', invalid: 'BAD_REQUEST' } as const;

/** Turns store refusals into tRPC errors with the same (already human) message. */
async function withNlpErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof NlpStoreError) throw new TRPCError({ code: CODES[error.code], message: error.message, cause: error });
    throw error;
  }
}

const uuid = z.string().trim().min(1).max(64);
const languages = z.array(z.string().trim().min(2).max(8)).min(1).max(20);
const threshold = z.number().min(0).max(1);
const intent = z.string().trim().min(1).max(64);

export const nlpRouter = router({
  /** Classifiers of the workspace with counts and active version. */
  list: viewerProcedure.query(({ ctx }) => listClassifiers(ctx.db, ctx.workspace.id)),

  /** One classifier with its intents (and examples) and its versions. */
  get: viewerProcedure.input(z.object({ uuid })).query(({ ctx, input }) => withNlpErrors(async () => {
    const row = await requireClassifier(ctx.db, ctx.workspace.id, input.uuid);
    return {
      uuid: row.uuid,
      name: row.name,
      languages: languagesOf(row),
      threshold: row.threshold,
      activeVersionId: row.active_version_id,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      intents: await listIntents(ctx.db, ctx.workspace.id, row.uuid),
      versions: await listVersions(ctx.db, ctx.workspace.id, row.uuid),
    };
  })),

  create: editorProcedure
    .input(z.object({ name: z.string().trim().min(1).max(100), languages, threshold: threshold.optional() }))
    .mutation(({ ctx, input }) => withNlpErrors(async () => {
      const row = await createClassifier(ctx.db, ctx.workspace.id, input, ctx.services.clock);
      await writeAudit(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.actorUserId, action: 'classifier.create', target: `classifier:${row.uuid}`, detail: { name: row.name }, ip: ctx.request.ip });
      classifiersChanged(ctx.db, ctx.workspace.id);
      return { uuid: row.uuid, name: row.name, languages: languagesOf(row), threshold: row.threshold };
    })),

  update: editorProcedure
    .input(z.object({ uuid, name: z.string().trim().min(1).max(100).optional(), languages: languages.optional(), threshold: threshold.optional() }))
    .mutation(({ ctx, input }) => withNlpErrors(async () => {
      const { uuid: id, ...changes } = input;
      const row = await updateClassifier(ctx.db, ctx.workspace.id, id, changes, ctx.services.clock);
      classifiersChanged(ctx.db, ctx.workspace.id);
      return { uuid: row.uuid, name: row.name, languages: languagesOf(row), threshold: row.threshold };
    })),

  /** Deletes the classifier, its examples and versions. Flows that call it will get an error result. */
  delete: editorProcedure.input(z.object({ uuid })).mutation(({ ctx, input }) => withNlpErrors(async () => {
    await deleteClassifier(ctx.db, ctx.workspace.id, input.uuid);
    classifiersChanged(ctx.db, ctx.workspace.id);
    await writeAudit(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.actorUserId, action: 'classifier.delete', target: `classifier:${input.uuid}`, ip: ctx.request.ip });
    return { ok: true };
  })),

  addIntent: editorProcedure.input(z.object({ uuid, intent })).mutation(({ ctx, input }) =>
    withNlpErrors(async () => {
      const added = await addIntent(ctx.db, ctx.workspace.id, input.uuid, input.intent, ctx.services.clock);
      classifiersChanged(ctx.db, ctx.workspace.id);
      return added;
    })),

  removeIntent: editorProcedure.input(z.object({ uuid, intent })).mutation(({ ctx, input }) =>
    withNlpErrors(async () => {
      await removeIntent(ctx.db, ctx.workspace.id, input.uuid, input.intent);
      classifiersChanged(ctx.db, ctx.workspace.id);
      return { ok: true };
    })),

  addExamples: editorProcedure
    .input(z.object({ uuid, intent, language: z.string().trim().min(2).max(8), texts: z.array(z.string()).min(1).max(1000) }))
    .mutation(({ ctx, input }) => withNlpErrors(() => addExamples(ctx.db, ctx.workspace.id, input.uuid, input, ctx.services.clock))),

  removeExample: editorProcedure.input(z.object({ uuid, exampleId: z.string().min(1) })).mutation(({ ctx, input }) =>
    withNlpErrors(async () => {
      await removeExample(ctx.db, ctx.workspace.id, input.uuid, input.exampleId);
      return { ok: true };
    })),

  /** Merges a training-set file (flows-library/faq/training.json format) into the classifier. */
  importExamples: editorProcedure.input(z.object({ uuid, trainingSet: z.unknown() })).mutation(({ ctx, input }) =>
    withNlpErrors(async () => {
      let set;
      try {
        set = parseTrainingSet(input.trainingSet);
      } catch (error) {
        throw new NlpStoreError('invalid', `trainingSet: ${(error as Error).message}`);
      }
      const imported = await importTrainingSet(ctx.db, ctx.workspace.id, input.uuid, set, ctx.services.clock);
      classifiersChanged(ctx.db, ctx.workspace.id);
      return imported;
    })),

  /** Trains a new version from the current examples (seconds), evaluates it and makes it active. */
  train: editorProcedure.input(z.object({ uuid })).mutation(({ ctx, input }) => withNlpErrors(async () => {
    const version = await trainClassifier(ctx.db, ctx.workspace.id, input.uuid, { userId: ctx.actorUserId, clock: ctx.services.clock });
    classifiersChanged(ctx.db, ctx.workspace.id);
    await writeAudit(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.actorUserId, action: 'classifier.train', target: `classifier:${input.uuid}`, detail: { version: version.version, accuracy: version.accuracy }, ip: ctx.request.ip });
    return version;
  })),

  versions: viewerProcedure.input(z.object({ uuid })).query(({ ctx, input }) => withNlpErrors(() => listVersions(ctx.db, ctx.workspace.id, input.uuid))),

  /** Held-out accuracy and confusion list of a version (default: the active one). */
  evaluation: viewerProcedure.input(z.object({ uuid, version: z.number().int().min(1).optional() })).query(({ ctx, input }) =>
    withNlpErrors(() => versionEvaluation(ctx.db, ctx.workspace.id, input.uuid, input.version))),

  /** Uses another trained version (roll back or forward). */
  activate: editorProcedure.input(z.object({ uuid, version: z.number().int().min(1) })).mutation(({ ctx, input }) => withNlpErrors(async () => {
    const version = await activateVersion(ctx.db, ctx.workspace.id, input.uuid, input.version, ctx.services.clock);
    classifiersChanged(ctx.db, ctx.workspace.id);
    await writeAudit(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.actorUserId, action: 'classifier.activate', target: `classifier:${input.uuid}`, detail: { version: input.version }, ip: ctx.request.ip });
    return version;
  })),

  /** Try-out: classifies a message with the active version, as a flow would (language optional: guessed). */
  classify: viewerProcedure
    .input(z.object({ uuid, text: z.string().min(1).max(2000), language: z.string().trim().min(2).max(8).nullable().optional() }))
    .query(({ ctx, input }) => withNlpErrors(async () => {
      const service = createClassifierService(ctx.db, ctx.workspace.id, { clock: ctx.services.clock });
      const started = performance.now();
      const result = await service.classifyDetailed(input.uuid, input.text, input.language ?? null);
      return { ...result, elapsedMs: Math.round((performance.now() - started) * 100) / 100 };
    })),

  /** How forgiving keyword case tests (has_any_word, has_phrase, …) are in this workspace's flows. */
  wordMatching: viewerProcedure.query(async ({ ctx }) => ({
    ...(await readWordMatching(ctx.db, ctx.workspace.id)),
    modes: WORD_MATCHING_MODES,
    maxTyposLimit: MAX_TYPOS_LIMIT,
  })),

  /** Changes it; the next sprint of every flow uses it (the settings cache is dropped). */
  setWordMatching: editorProcedure
    .input(z.object({ mode: z.enum(WORD_MATCHING_MODES), maxTypos: z.number().int().min(1).max(MAX_TYPOS_LIMIT).default(1) }))
    .mutation(({ ctx, input }) => withNlpErrors(async () => {
      const saved = await saveWordMatching(ctx.db, ctx.workspace.id, input, ctx.services.clock);
      invalidateWorkspaceSettings(ctx.workspace.id);
      await writeAudit(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.actorUserId, action: 'nlp.word_matching', target: `workspace:${ctx.workspace.id}`, detail: { ...saved }, ip: ctx.request.ip });
      return saved;
    })),

  /** Automatic replies: which classifier decides and which flow answers understood messages (null: off). */
  automaticReplies: viewerProcedure.query(({ ctx }) => readAutomaticReplies(ctx.db, ctx.workspace.id)),

  setAutomaticReplies: editorProcedure
    .input(z.object({ classifierUuid: uuid, flowUuid: uuid }).nullable())
    .mutation(({ ctx, input }) => withNlpErrors(async () => {
      const saved = await saveAutomaticReplies(ctx.db, ctx.workspace.id, input, ctx.services.clock);
      await writeAudit(ctx.db, { workspaceId: ctx.workspace.id, userId: ctx.actorUserId, action: 'nlp.automatic_replies', target: `workspace:${ctx.workspace.id}`, detail: saved ? { ...saved } : { off: true }, ip: ctx.request.ip });
      return saved;
    })),
});
