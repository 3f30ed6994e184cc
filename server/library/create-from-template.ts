/**
 * "Use this template": copies a library flow into a workspace as a new flow (fresh UUIDs for the flow and
 * everything in it), as a first draft revision, in one transaction, so the officer adapts it in the editor
 * and publishes it. The name defaults to the template's title in the user's language.
 *
 * Example:
 *   const { flow } = await createFlowFromTemplate(db, { workspaceId, templateId: 'surveillance-alert', language: 'fr', userId });
 *   // flow.id → open #/flows/<flow.id>
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { isoNow, newId } from '../db/ids.js';
import { CURRENT_SPEC_VERSION } from '../../runtime/definition/versions.js';
import type { Flow } from '../../runtime/definition/types.js';
import { DEFAULT_LIBRARY_DIR, loadTemplate } from './catalog.js';
import { withFreshUuids } from './fresh-uuids.js';
import { LibraryError } from './library-error.js';

/** Input. Example: `{ workspaceId, templateId: 'rapid-survey', name: 'Malaria survey, Kilifi', language: 'en', userId: null }`. */
export interface NewFlowFromTemplate {
  workspaceId: string;
  templateId: string;
  /** Defaults to the template title in `language`. */
  name?: string;
  /** The UI language, for the default name. */
  language?: 'en' | 'fr';
  userId: string | null;
  now?: Date;
  /** The library folder (tests use a temp copy). */
  libraryDir?: string;
}

export interface CreatedFromTemplate {
  flow: { id: string; uuid: string; name: string };
  revision: number;
  templateId: string;
}

export async function createFlowFromTemplate(db: Kysely<Database>, input: NewFlowFromTemplate): Promise<CreatedFromTemplate> {
  const template = loadTemplate(input.templateId, input.libraryDir ?? DEFAULT_LIBRARY_DIR);
  const name = (input.name?.trim() || template.manifest.title[input.language ?? 'en']).slice(0, 128);
  if (!name) throw new LibraryError('invalid', `template "${input.templateId}": the new flow needs a name`);
  const definition: Flow = { ...withFreshUuids(template.flow, newId), name, revision: 1 };
  const now = isoNow(input.now ?? new Date());
  return db.transaction().execute(async (trx) => {
    const id = newId();
    await trx.insertInto('flows').values({
      id, workspace_id: input.workspaceId, uuid: definition.uuid, name, type: definition.type ?? 'messaging', archived: 0, created_at: now, updated_at: now,
    }).execute();
    await trx.insertInto('flow_revisions').values({
      id: newId(), flow_id: id, workspace_id: input.workspaceId, revision: 1, definition: JSON.stringify(definition),
      spec_version: definition.spec_version ?? CURRENT_SPEC_VERSION, status: 'draft', created_by: input.userId, created_at: now,
      comment: `from template "${input.templateId}"`,
    }).execute();
    return { flow: { id, uuid: definition.uuid, name }, revision: 1, templateId: input.templateId };
  });
}
