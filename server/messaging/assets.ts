/**
 * The assets a workspace's sessions run with (flows, fields, groups, channels), cached per workspace.
 * Live sessions use each flow's highest *published* revision; the simulator uses each flow's latest
 * revision (the draft). The cache is dropped on publish (`invalidateAssets`) and, as a safety net for
 * writers that forget, after `ttlMs` (5 s by default). Classifiers (names and intents) are part of the
 * assets: the NLP API (server/api/routers/nlp.ts) drops them whenever classifiers change or are trained;
 * a training or version activation takes effect at once anyway (the classifier service reads the active
 * version on every call).
 *
 * Example:
 *   const assets = await assetCache.get(db, workspaceId, 'published');
 *   assets.session.flows.length; assets.flowIdByUuid.get('615b8a0f-…');
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { SessionAssets } from '../../runtime/engine/api.js';
import { classifierAssets } from '../nlp/store.js';
import { all, parseJson } from './sql.js';

/** Which revision of each flow to run: `published` (real sessions) or `draft` (the simulator). */
export type AssetMode = 'published' | 'draft';

/** Assets in the engine's shape plus the lookups the server needs. */
export interface WorkspaceAssets {
  session: SessionAssets;
  flowIdByUuid: Map<string, string>;
  flowUuidById: Map<string, string>;
  groupIdByUuid: Map<string, string>;
  channelIdByUuid: Map<string, string>;
  loadedAt: number;
}

interface FlowRow {
  id: string;
  uuid: string;
  name: string;
  definition: string;
}

/** Field definitions are not a table yet: they are gathered from the set_contact_field actions of the flows. */
function collectFields(flows: unknown[]): NonNullable<SessionAssets['fields']> {
  const byKey = new Map<string, { key: string; name: string; type: 'text' }>();
  for (const flow of flows) {
    const nodes = (flow as { nodes?: { actions?: { type?: string; field?: { key?: string; name?: string } }[] }[] }).nodes ?? [];
    for (const node of nodes) {
      for (const action of node.actions ?? []) {
        if (action.type === 'set_contact_field' && action.field?.key) {
          byKey.set(action.field.key, { key: action.field.key, name: action.field.name ?? action.field.key, type: 'text' });
        }
      }
    }
  }
  return [...byKey.values()];
}

export async function loadWorkspaceAssets(db: Kysely<Database>, workspaceId: string, mode: AssetMode): Promise<WorkspaceAssets> {
  const statusFilter = mode === 'published' ? `AND r.status = 'published'` : '';
  const flowRows = await all<FlowRow>(
    db,
    `SELECT f.id, f.uuid, f.name, r.definition FROM flows f
       JOIN flow_revisions r ON r.flow_id = f.id
      WHERE f.workspace_id = ? AND f.archived = 0 ${statusFilter}
        AND r.revision = (SELECT MAX(r2.revision) FROM flow_revisions r2 WHERE r2.flow_id = f.id ${statusFilter.replace('r.', 'r2.')})`,
    [workspaceId],
  );
  const flows: unknown[] = [];
  const flowIdByUuid = new Map<string, string>();
  const flowUuidById = new Map<string, string>();
  for (const row of flowRows) {
    const definition = parseJson<Record<string, unknown> | null>(row.definition, null);
    if (!definition) continue;
    flows.push({ ...definition, uuid: row.uuid, name: (definition.name as string) ?? row.name });
    flowIdByUuid.set(row.uuid, row.id);
    flowUuidById.set(row.id, row.uuid);
  }
  const groupRows = await all<{ id: string; uuid: string; name: string; query: string | null }>(
    db,
    'SELECT id, uuid, name, query FROM groups WHERE workspace_id = ?',
    [workspaceId],
  );
  const channelRows = await all<{ id: string; uuid: string; name: string; address: string; schemes: string; role: string; type: string }>(
    db,
    `SELECT id, uuid, name, address, schemes, role, type FROM channels WHERE workspace_id = ? AND active = 1 AND type <> 'simulator'`,
    [workspaceId],
  );
  // Classifiers (names, intents) for call_classifier; which trained version classifies is read per call by
  // the classifier service, so training or activating a version needs no reload here.
  const classifiers = await classifierAssets(db, workspaceId);
  return {
    session: {
      flows,
      fields: collectFields(flows),
      classifiers,
      groups: groupRows.map((g) => (g.query ? { uuid: g.uuid, name: g.name, query: g.query } : { uuid: g.uuid, name: g.name })),
      channels: channelRows.map((c) => ({
        uuid: c.uuid,
        name: c.name,
        address: c.address,
        schemes: parseJson<string[]>(c.schemes, ['tel']),
        roles: c.role.split(',').map((r) => r.trim()).filter(Boolean),
      })),
    },
    flowIdByUuid,
    flowUuidById,
    groupIdByUuid: new Map(groupRows.map((g) => [g.uuid, g.id])),
    channelIdByUuid: new Map(channelRows.map((c) => [c.uuid, c.id])),
    loadedAt: Date.now(),
  };
}

/** A per-workspace, per-mode cache of `loadWorkspaceAssets`. */
export class AssetCache {
  private readonly entries = new Map<string, Promise<WorkspaceAssets>>();
  constructor(private readonly ttlMs = 5_000) {}

  async get(db: Kysely<Database>, workspaceId: string, mode: AssetMode = 'published'): Promise<WorkspaceAssets> {
    const key = `${mode}:${workspaceId}`;
    const cached = this.entries.get(key);
    if (cached) {
      const value = await cached.catch(() => null);
      if (value && Date.now() - value.loadedAt < this.ttlMs) return value;
    }
    const loading = loadWorkspaceAssets(db, workspaceId, mode);
    this.entries.set(key, loading);
    loading.catch(() => this.entries.delete(key));
    return loading;
  }

  invalidate(workspaceId?: string): void {
    if (workspaceId === undefined) this.entries.clear();
    else for (const mode of ['published', 'draft']) this.entries.delete(`${mode}:${workspaceId}`);
  }
}

/** The process-wide cache used by the server. */
export const assetCache = new AssetCache();

/** Call after publishing a flow (or changing groups/channels) so the next sprint sees it. */
export function invalidateAssets(workspaceId?: string): void {
  assetCache.invalidate(workspaceId);
}
