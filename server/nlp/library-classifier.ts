/**
 * The classifier a library flow needs (flows-library/<id>/manifest.json `classifier`), created in a
 * workspace from the folder's training set and trained, so an imported flow's call_classifier works at once.
 * Idempotent: a workspace that already has a classifier with that uuid keeps it (its examples may have been
 * edited since).
 *
 * Example (what the templates gallery does when a program officer picks the FAQ flow):
 *   await installLibraryClassifier(db, workspaceId, 'flows-library/faq', { userId });
 *   // → { uuid: '5a1c7f3e-…', created: true, version: 1 }
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.js';
import { asNlpDb } from './schema.js';
import { parseTrainingSet } from './training-set.js';
import { createClassifier, importTrainingSet, trainClassifier, type StoreClock } from './store.js';

/** The `classifier` entry of a library manifest. Example: `{ uuid: '5a1c…', name: 'Health worker FAQ', training_set: 'training.json' }`. */
export interface LibraryClassifierEntry {
  uuid: string;
  name: string;
  /** Path of the training-set file, relative to the library folder. */
  training_set: string;
}

const entrySchema = z.object({
  uuid: z.string().min(1).max(64),
  name: z.string().trim().min(1).max(100),
  training_set: z.string().regex(/^[\w.-]+\.json$/, 'must be a .json file name inside the folder'),
});

/** The manifest's classifier entry, or null when the flow needs none. Throws with the field at fault. */
export function libraryClassifierEntry(manifest: unknown): LibraryClassifierEntry | null {
  const value = (manifest as { classifier?: unknown } | null)?.classifier;
  if (value === undefined) return null;
  const parsed = entrySchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`manifest.classifier.${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return parsed.data;
}

/** Creates and trains the folder's classifier in the workspace unless it exists. */
export async function installLibraryClassifier(
  db: Kysely<Database>,
  workspaceId: string,
  folder: string,
  options: { userId: string | null; clock?: StoreClock },
): Promise<{ uuid: string; created: boolean; version: number | null } | null> {
  const manifest = JSON.parse(await fs.readFile(path.join(folder, 'manifest.json'), 'utf8')) as unknown;
  const entry = libraryClassifierEntry(manifest);
  if (!entry) return null;
  const existing = await asNlpDb(db).selectFrom('classifiers').select('id').where('workspace_id', '=', workspaceId).where('uuid', '=', entry.uuid).executeTakeFirst();
  if (existing) return { uuid: entry.uuid, created: false, version: null };
  const set = parseTrainingSet(JSON.parse(await fs.readFile(path.join(folder, entry.training_set), 'utf8')));
  await createClassifier(db, workspaceId, { uuid: entry.uuid, name: entry.name, languages: set.languages, threshold: set.threshold ?? undefined }, options.clock);
  await importTrainingSet(db, workspaceId, entry.uuid, set, options.clock);
  const version = await trainClassifier(db, workspaceId, entry.uuid, options);
  return { uuid: entry.uuid, created: true, version: version.version };
}
