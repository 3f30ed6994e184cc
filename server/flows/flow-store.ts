/**
 * The flow store: flows and their immutable revisions. Every function is scoped to one workspace.
 * Rows of `flow_revisions` are only ever inserted: saving a draft, publishing, restoring and importing all add
 * the next revision number, so the full history stays available and nothing is overwritten.
 *
 * Example:
 *   const store = new FlowStore(db, tools, events);
 *   const { flow } = await store.create(ws.id, { name: 'Registration', type: 'messaging', language: 'eng', userId });
 *   await store.saveDraft(ws.id, flow.id, definition, { userId, baseRevision: 1 });
 *   await store.publish(ws.id, flow.id, { userId });
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import { isoNow, newId } from '../db/ids.js';
import { isUniqueViolation } from '../db/errors.js';
import type { FlowIssue } from '../../runtime/definition/issues.js';
import type { Flow } from '../../runtime/definition/types.js';
import type { SessionAssets } from '../../runtime/engine/api.js';
import { exportRapidPro, type ExportTrigger } from '../../runtime/rapidpro/index.js';
import { CURRENT_SPEC_VERSION } from '../../runtime/definition/versions.js';
import type { FlowTools } from './flow-tools.js';
import type { FlowEvents } from './flow-events.js';
import { FlowStoreError } from './flow-store-error.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A flow as listed. Example: `{ id, uuid, name: "Registration", type: "messaging", archived: false, latestRevision: 3, publishedRevision: 2, hasUnpublishedChanges: true, … }`. */
export interface FlowSummary {
  id: string;
  uuid: string;
  name: string;
  type: string;
  archived: boolean;
  createdAt: string;
  updatedAt: string;
  latestRevision: number | null;
  publishedRevision: number | null;
  hasUnpublishedChanges: boolean;
}

/** One revision without its definition. */
export interface RevisionSummary {
  id: string;
  revision: number;
  status: 'draft' | 'published';
  specVersion: string;
  createdAt: string;
  createdBy: { id: string; name: string } | null;
  comment: string | null;
}

export interface SaveOptions {
  userId: string | null;
  /** The revision the editor started from; if another save happened since, the save is refused (conflict). */
  baseRevision?: number;
  comment?: string | null;
}

/** What an import did. Example: `{ ok: true, issues: [], flows: [{ name: "Registration", revision: 1, created: true, … }], groupsCreated: 1, triggersCreated: 0 }`. */
export interface ImportOutcome {
  ok: boolean;
  issues: FlowIssue[];
  flows: { id: string; uuid: string; name: string; revision: number; created: boolean }[];
  groupsCreated: number;
  triggersCreated: number;
}

const FLOW_TYPES = new Set(['messaging', 'messaging_background', 'messaging_offline', 'voice']);

export class FlowStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly tools: FlowTools | null,
    private readonly events: FlowEvents | null = null,
  ) {}

  async list(workspaceId: string, options: { search?: string; archived?: boolean; limit: number; offset: number }): Promise<{ items: FlowSummary[]; total: number }> {
    let base = this.db.selectFrom('flows').where('flows.workspace_id', '=', workspaceId);
    if (options.archived !== undefined) base = base.where('flows.archived', '=', options.archived ? 1 : 0);
    if (options.search?.trim()) {
      base = base.where((eb) => eb(eb.fn('lower', ['flows.name']), 'like', `%${escapeLike(options.search!.trim().toLowerCase())}%`));
    }
    const totalRow = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
    const rows = await base
      .select([
        'flows.id', 'flows.uuid', 'flows.name', 'flows.type', 'flows.archived', 'flows.created_at', 'flows.updated_at',
        (eb) => eb.selectFrom('flow_revisions').whereRef('flow_revisions.flow_id', '=', 'flows.id')
          .select((e) => e.fn.max('flow_revisions.revision').as('m')).as('latest_revision'),
        (eb) => eb.selectFrom('flow_revisions').whereRef('flow_revisions.flow_id', '=', 'flows.id')
          .where('flow_revisions.status', '=', 'published')
          .select((e) => e.fn.max('flow_revisions.revision').as('m')).as('published_revision'),
      ])
      .orderBy('flows.updated_at', 'desc').orderBy('flows.id', 'desc')
      .limit(options.limit).offset(options.offset)
      .execute();
    return { items: rows.map(toSummary), total: Number(totalRow?.n ?? 0) };
  }

  /** The flow with its latest revision's definition (what the editor opens). */
  async get(workspaceId: string, flowId: string) {
    const flow = await this.requireFlow(this.db, workspaceId, flowId);
    const latest = await this.latestRevision(this.db, flow.id);
    const published = await this.db.selectFrom('flow_revisions').select(['revision'])
      .where('flow_id', '=', flow.id).where('status', '=', 'published')
      .orderBy('revision', 'desc').limit(1).executeTakeFirst();
    return {
      ...toSummary({ ...flow, latest_revision: latest?.revision ?? null, published_revision: published?.revision ?? null }),
      revision: latest ? revisionSummary(latest, null) : null,
      definition: latest ? (JSON.parse(latest.definition) as Flow) : null,
    };
  }

  /** The live definition (highest published revision) of a flow by id or definition uuid, or null. For the messaging loop. */
  async publishedDefinition(workspaceId: string, flowIdOrUuid: string): Promise<{ flowId: string; revision: number; definition: Flow } | null> {
    const row = await this.db.selectFrom('flow_revisions')
      .innerJoin('flows', 'flows.id', 'flow_revisions.flow_id')
      .select(['flows.id as flow_id', 'flow_revisions.revision', 'flow_revisions.definition'])
      .where('flows.workspace_id', '=', workspaceId)
      .where((eb) => eb.or([eb('flows.id', '=', flowIdOrUuid), eb('flows.uuid', '=', flowIdOrUuid)]))
      .where('flow_revisions.status', '=', 'published')
      .orderBy('flow_revisions.revision', 'desc').limit(1).executeTakeFirst();
    return row ? { flowId: row.flow_id, revision: row.revision, definition: JSON.parse(row.definition) as Flow } : null;
  }

  async create(workspaceId: string, input: { name: string; type: string; language: string; userId: string | null; now?: Date }) {
    if (!FLOW_TYPES.has(input.type)) throw new FlowStoreError('invalid', `type: "${input.type}" is not a flow type (${[...FLOW_TYPES].join(', ')})`);
    const uuid = newId();
    const definition: Flow = {
      uuid, name: input.name, spec_version: CURRENT_SPEC_VERSION, language: input.language,
      type: input.type as Flow['type'], revision: 1, expire_after_minutes: 10080, localization: {}, nodes: [],
    };
    return this.db.transaction().execute(async (trx) => {
      const flow = await this.insertFlow(trx, workspaceId, definition, input.now);
      await this.insertRevision(trx, workspaceId, flow.id, 1, definition, 'draft', input.userId, null, input.now);
      return { flow: { id: flow.id, uuid, name: input.name }, revision: 1 };
    });
  }

  /**
   * Saves the editor's definition as a new draft revision. Drafts may have problems (the issues are returned),
   * but must be a flow object with a `nodes` list.
   */
  async saveDraft(workspaceId: string, flowId: string, definition: unknown, options: SaveOptions) {
    const shaped = requireFlowShape(definition);
    const issues = this.tools ? this.tools.readFlow(shaped).issues : [];
    const revision = await this.db.transaction().execute(async (trx) => {
      const flow = await this.requireFlow(trx, workspaceId, flowId);
      const latest = await this.latestRevision(trx, flow.id);
      checkBase(latest?.revision ?? 0, options.baseRevision);
      const next = (latest?.revision ?? 0) + 1;
      const stored = { ...shaped, uuid: flow.uuid, revision: next } as Flow;
      await this.insertRevision(trx, workspaceId, flow.id, next, stored, 'draft', options.userId, options.comment ?? null);
      await this.touchFlow(trx, flow.id, { name: typeof stored.name === 'string' && stored.name.trim() ? stored.name.trim() : flow.name, type: typeof stored.type === 'string' && FLOW_TYPES.has(stored.type) ? stored.type : flow.type });
      return next;
    });
    return { revision, issues };
  }

  /**
   * Publishes the latest revision (or `options.definition` if given, saved in the same step). Refuses, writing
   * nothing, when validation reports errors.
   */
  async publish(workspaceId: string, flowId: string, options: SaveOptions & { definition?: unknown }) {
    const tools = this.requireTools();
    const result = await this.db.transaction().execute(async (trx) => {
      const flow = await this.requireFlow(trx, workspaceId, flowId);
      const latest = await this.latestRevision(trx, flow.id);
      checkBase(latest?.revision ?? 0, options.baseRevision);
      const source = options.definition !== undefined ? requireFlowShape(options.definition) : latest ? JSON.parse(latest.definition) : null;
      if (!source) throw new FlowStoreError('invalid', 'This flow has no saved definition to publish.');
      const { flow: migrated, issues } = tools.readFlow({ ...source, uuid: flow.uuid });
      const errors = issues.filter((i) => i.severity === 'error');
      if (!migrated || errors.length > 0) {
        throw new FlowStoreError('invalid', `Cannot publish "${flow.name}": ${errors.length || 1} error(s). ${errors[0]?.message ?? 'The definition could not be read.'}`, issues);
      }
      const next = (latest?.revision ?? 0) + 1;
      const stored = { ...migrated, uuid: flow.uuid, revision: next } as Flow;
      await this.insertRevision(trx, workspaceId, flow.id, next, stored, 'published', options.userId, options.comment ?? null);
      await this.touchFlow(trx, flow.id, { name: stored.name?.trim() || flow.name, type: FLOW_TYPES.has(stored.type) ? stored.type : flow.type });
      return { revision: next, issues };
    });
    this.events?.emitPublished({ workspaceId, flowId, revision: result.revision });
    return result;
  }

  async revisions(workspaceId: string, flowId: string): Promise<RevisionSummary[]> {
    const flow = await this.requireFlow(this.db, workspaceId, flowId);
    const rows = await this.db.selectFrom('flow_revisions')
      .leftJoin('users', 'users.id', 'flow_revisions.created_by')
      .select(['flow_revisions.id', 'flow_revisions.revision', 'flow_revisions.status', 'flow_revisions.spec_version',
        'flow_revisions.created_at', 'flow_revisions.created_by', 'flow_revisions.comment', 'users.name as user_name'])
      .where('flow_revisions.flow_id', '=', flow.id)
      .orderBy('flow_revisions.revision', 'desc').execute();
    return rows.map((r) => revisionSummary(r, r.user_name));
  }

  async getRevision(workspaceId: string, flowId: string, revision: number) {
    const flow = await this.requireFlow(this.db, workspaceId, flowId);
    const row = await this.db.selectFrom('flow_revisions').selectAll()
      .where('flow_id', '=', flow.id).where('revision', '=', revision).executeTakeFirst();
    if (!row) throw new FlowStoreError('not_found', `Flow "${flow.name}" has no revision ${revision}.`);
    return { ...revisionSummary(row, null), definition: JSON.parse(row.definition) as Flow };
  }

  /** Copies an old revision's definition into a new draft revision (history is kept, nothing is overwritten). */
  async restoreRevision(workspaceId: string, flowId: string, revision: number, options: SaveOptions) {
    const old = await this.getRevision(workspaceId, flowId, revision);
    const saved = await this.saveDraft(workspaceId, flowId, old.definition, { ...options, comment: `restored from revision ${revision}` });
    return saved;
  }

  /** A new flow (new uuid) whose first draft is the latest revision of the original. */
  async duplicate(workspaceId: string, flowId: string, input: { name?: string; userId: string | null }) {
    const source = await this.get(workspaceId, flowId);
    const uuid = newId();
    const name = input.name?.trim() || `Copy of ${source.name}`;
    const definition = { ...(source.definition ?? {}), uuid, name, revision: 1 } as Flow;
    return this.db.transaction().execute(async (trx) => {
      const flow = await this.insertFlow(trx, workspaceId, { ...definition, type: source.type as Flow['type'] });
      await this.insertRevision(trx, workspaceId, flow.id, 1, definition, 'draft', input.userId, `duplicated from "${source.name}"`);
      return { flow: { id: flow.id, uuid, name }, revision: 1 };
    });
  }

  async setArchived(workspaceId: string, flowId: string, archived: boolean): Promise<void> {
    const flow = await this.requireFlow(this.db, workspaceId, flowId);
    await this.db.updateTable('flows').set({ archived: archived ? 1 : 0, updated_at: isoNow() }).where('id', '=', flow.id).execute();
  }

  /**
   * Imports every flow of a file in ONE transaction: all flows are written or none. Flows whose uuid already
   * exists in the workspace get a new revision; others are created. Groups the file declares that the workspace
   * lacks are created, and keyword triggers are added. With any error issue, nothing is written.
   */
  async importFile(workspaceId: string, file: unknown, options: { userId: string | null; publish: boolean }): Promise<ImportOutcome> {
    const tools = this.requireTools();
    const { flows, issues, groups = [], keywordTriggers = [] } = tools.importFile(file, await this.workspaceAssets(workspaceId));
    const refuse = (extra: FlowIssue[]): ImportOutcome => ({ ok: false, issues: [...issues, ...extra], flows: [], groupsCreated: 0, triggersCreated: 0 });
    if (issues.some((i) => i.severity === 'error')) return refuse([]);
    if (flows.length === 0) return refuse([{ severity: 'error', code: 'import_no_flows', path: '', message: 'file: contains no flows' }]);
    const seen = new Set<string>();
    for (const [index, flow] of flows.entries()) {
      if (seen.has(flow.uuid)) {
        return refuse([{ severity: 'error', code: 'duplicate_flow_uuid', path: `flows[${index}]`, message: `flows[${index}]: flow uuid ${flow.uuid} appears more than once in the file` }]);
      }
      seen.add(flow.uuid);
    }
    const now = new Date();
    const written = await this.db.transaction().execute(async (trx) => {
      const out: ImportOutcome['flows'] = [];
      const flowIdByUuid = new Map<string, string>();
      for (const definition of flows) {
        const existing = await trx.selectFrom('flows').selectAll()
          .where('workspace_id', '=', workspaceId).where('uuid', '=', definition.uuid).executeTakeFirst();
        const flowRow = existing ?? (await this.insertFlow(trx, workspaceId, definition, now));
        const latest = existing ? await this.latestRevision(trx, flowRow.id) : undefined;
        const next = (latest?.revision ?? 0) + 1;
        const stored = { ...definition, revision: next } as Flow;
        await this.insertRevision(trx, workspaceId, flowRow.id, next, stored, options.publish ? 'published' : 'draft', options.userId, 'imported', now);
        if (existing) await this.touchFlow(trx, flowRow.id, { name: definition.name || existing.name, type: FLOW_TYPES.has(definition.type) ? definition.type : existing.type, archived: 0 });
        flowIdByUuid.set(definition.uuid, flowRow.id);
        out.push({ id: flowRow.id, uuid: definition.uuid, name: definition.name, revision: next, created: !existing });
      }
      let groupsCreated = 0;
      for (const group of groups) {
        const exists = await trx.selectFrom('groups').select('id').where('workspace_id', '=', workspaceId).where('uuid', '=', group.uuid).executeTakeFirst();
        if (exists) continue;
        await trx.insertInto('groups').values({ id: newId(), workspace_id: workspaceId, uuid: group.uuid, name: group.name, query: group.query ?? null, created_at: isoNow(now), updated_at: isoNow(now) }).execute();
        groupsCreated++;
      }
      let triggersCreated = 0;
      for (const trigger of keywordTriggers) {
        const flowId = flowIdByUuid.get(trigger.flowUuid);
        if (!flowId) continue;
        const exists = await trx.selectFrom('triggers').select('id').where('workspace_id', '=', workspaceId)
          .where('keyword', '=', trigger.keyword).where('archived', '=', 0).executeTakeFirst();
        if (exists) continue; // never steal a keyword already in use
        await trx.insertInto('triggers').values({ id: newId(), workspace_id: workspaceId, keyword: trigger.keyword, match_type: trigger.matchType, flow_id: flowId, channel_id: null, archived: 0, created_at: isoNow(now) }).execute();
        triggersCreated++;
      }
      return { flows: out, groupsCreated, triggersCreated };
    });
    if (options.publish) for (const f of written.flows) this.events?.emitPublished({ workspaceId, flowId: f.id, revision: f.revision });
    return { ok: true, issues, ...written };
  }

  /** What the workspace already has that imported flows may reference: flows (latest revisions) and groups. */
  private async workspaceAssets(workspaceId: string): Promise<SessionAssets> {
    const flows = await this.db.selectFrom('flow_revisions as r')
      .innerJoin('flows', 'flows.id', 'r.flow_id')
      .select(['r.definition'])
      .where('flows.workspace_id', '=', workspaceId)
      .where('r.revision', '=', (eb) => eb.selectFrom('flow_revisions as r2').whereRef('r2.flow_id', '=', 'r.flow_id').select((e) => e.fn.max('r2.revision').as('m')))
      .execute();
    const groups = await this.db.selectFrom('groups').select(['uuid', 'name', 'query']).where('workspace_id', '=', workspaceId).execute();
    return {
      flows: flows.map((f) => JSON.parse(f.definition) as unknown),
      groups: groups.map((g) => ({ uuid: g.uuid, name: g.name, ...(g.query ? { query: g.query } : {}) })),
    };
  }

  /**
   * A RapidPro export file ("version 13") with the latest (or published) definition of each flow, the groups
   * and contact fields they use, and their keyword triggers, so the file imports cleanly elsewhere.
   * `dropExtensions` removes Kiunga-only actions for a file RapidPro itself can run.
   */
  async exportFlows(workspaceId: string, flowIds: string[], which: 'latest' | 'published', options: { dropExtensions?: boolean; site?: string } = {}) {
    const flows: Flow[] = [];
    const flowRowIds: string[] = [];
    for (const id of [...new Set(flowIds)]) {
      const flow = await this.requireFlow(this.db, workspaceId, id);
      flowRowIds.push(flow.id);
      if (which === 'published') {
        const published = await this.publishedDefinition(workspaceId, id);
        if (!published) throw new FlowStoreError('invalid', `Flow "${flow.name}" has never been published.`);
        flows.push(published.definition);
      } else {
        const latest = await this.latestRevision(this.db, flow.id);
        if (!latest) throw new FlowStoreError('invalid', `Flow "${flow.name}" has no saved definition.`);
        flows.push(JSON.parse(latest.definition) as Flow);
      }
    }
    const text = JSON.stringify(flows);
    const groups = (await this.db.selectFrom('groups').select(['uuid', 'name', 'query']).where('workspace_id', '=', workspaceId).execute())
      .filter((g) => text.includes(g.uuid))
      .map((g) => ({ uuid: g.uuid, name: g.name, ...(g.query ? { query: g.query } : {}) }));
    const triggerRows = flowRowIds.length
      ? await this.db.selectFrom('triggers').innerJoin('flows', 'flows.id', 'triggers.flow_id')
        .select(['triggers.keyword', 'triggers.match_type', 'flows.uuid', 'flows.name'])
        .where('triggers.workspace_id', '=', workspaceId).where('triggers.archived', '=', 0)
        .where('triggers.flow_id', 'in', flowRowIds).where('triggers.channel_id', 'is', null).execute()
      : [];
    const triggers: ExportTrigger[] = triggerRows.map((t) => ({
      trigger_type: 'K', keyword: t.keyword, match_type: t.match_type === 'only_word' ? 'O' : 'F',
      flow: { uuid: t.uuid, name: t.name }, groups: [], exclude_groups: [], channel: null,
    }));
    return exportRapidPro(flows, { flows, groups, fields: fieldsWrittenBy(flows) }, {
      site: options.site, triggers, extensions: options.dropExtensions ? 'drop' : 'keep',
    });
  }

  private requireTools(): FlowTools {
    if (!this.tools) throw new FlowStoreError('unavailable', 'Flow validation is not available on this server (runtime/definition could not be loaded).');
    return this.tools;
  }

  private async requireFlow(db: Db, workspaceId: string, flowId: string) {
    const flow = await db.selectFrom('flows').selectAll()
      .where('workspace_id', '=', workspaceId).where('id', '=', flowId).executeTakeFirst();
    if (!flow) throw new FlowStoreError('not_found', `No flow with id ${flowId} in this workspace.`);
    return flow;
  }

  private latestRevision(db: Db, flowId: string) {
    return db.selectFrom('flow_revisions').selectAll()
      .where('flow_id', '=', flowId).orderBy('revision', 'desc').limit(1).executeTakeFirst();
  }

  private async insertFlow(db: Db, workspaceId: string, definition: Pick<Flow, 'uuid' | 'name' | 'type'>, now = new Date()) {
    const clash = await db.selectFrom('flows').select('id')
      .where('workspace_id', '=', workspaceId).where('uuid', '=', definition.uuid).executeTakeFirst();
    if (clash) throw new FlowStoreError('conflict', `A flow with uuid ${definition.uuid} already exists in this workspace.`);
    const row = {
      id: newId(), workspace_id: workspaceId, uuid: definition.uuid, name: (definition.name || 'Untitled flow').trim(),
      type: FLOW_TYPES.has(definition.type) ? definition.type : 'messaging', archived: 0,
      created_at: isoNow(now), updated_at: isoNow(now),
    };
    await db.insertInto('flows').values(row).execute();
    return row;
  }

  private async insertRevision(db: Db, workspaceId: string, flowId: string, revision: number, definition: Flow, status: 'draft' | 'published', userId: string | null, comment: string | null, now = new Date()) {
    try {
      await db.insertInto('flow_revisions').values({
        id: newId(), flow_id: flowId, workspace_id: workspaceId, revision, definition: JSON.stringify(definition),
        spec_version: typeof definition.spec_version === 'string' ? definition.spec_version : CURRENT_SPEC_VERSION,
        status, created_by: userId, created_at: isoNow(now), comment,
      }).execute();
    } catch (error) {
      // Two saves racing for the same revision number (possible with several server processes on PostgreSQL).
      if (isUniqueViolation(error)) throw new FlowStoreError('conflict', `Someone else saved this flow at the same moment (revision ${revision}). Reload and try again.`);
      throw error;
    }
  }

  private async touchFlow(db: Db, flowId: string, changes: { name: string; type: string; archived?: number }) {
    await db.updateTable('flows').set({ ...changes, updated_at: isoNow() }).where('id', '=', flowId).execute();
  }
}

function checkBase(latest: number, base: number | undefined): void {
  if (base !== undefined && base !== latest) {
    throw new FlowStoreError('conflict', `This flow was saved by someone else since you opened it (now at revision ${latest}, you started from ${base}). Reload to see their changes.`);
  }
}

/** The minimum a stored definition must be: an object with a `nodes` list. */
function requireFlowShape(definition: unknown): Flow {
  if (!definition || typeof definition !== 'object' || Array.isArray(definition)) {
    throw new FlowStoreError('invalid', 'definition: must be a flow object');
  }
  const d = definition as Record<string, unknown>;
  if (!Array.isArray(d.nodes)) throw new FlowStoreError('invalid', 'definition.nodes: must be a list of nodes');
  return d as Flow;
}

function escapeLike(text: string): string {
  // No ESCAPE clause (portable): drop the wildcard characters instead of matching them literally.
  return text.replace(/[%_]/g, '');
}

function toSummary(row: { id: string; uuid: string; name: string; type: string; archived: number; created_at: string; updated_at: string; latest_revision: unknown; published_revision: unknown }): FlowSummary {
  const latest = row.latest_revision == null ? null : Number(row.latest_revision);
  const published = row.published_revision == null ? null : Number(row.published_revision);
  return {
    id: row.id, uuid: row.uuid, name: row.name, type: row.type, archived: row.archived === 1,
    createdAt: row.created_at, updatedAt: row.updated_at, latestRevision: latest, publishedRevision: published,
    hasUnpublishedChanges: latest !== null && latest !== published,
  };
}

function revisionSummary(row: { id: string; revision: number; status: string; spec_version: string; created_at: string; created_by: string | null; comment: string | null }, userName: string | null): RevisionSummary {
  return {
    id: row.id, revision: row.revision, status: row.status === 'published' ? 'published' : 'draft', specVersion: row.spec_version,
    createdAt: row.created_at, createdBy: row.created_by ? { id: row.created_by, name: userName ?? '' } : null, comment: row.comment,
  };
}

/** Contact fields the flows write (set_contact_field), so an export carries their definitions. */
function fieldsWrittenBy(flows: Flow[]): NonNullable<SessionAssets['fields']> {
  const byKey = new Map<string, { key: string; name: string; type: 'text' }>();
  for (const flow of flows) {
    for (const node of flow.nodes ?? []) {
      for (const action of node.actions ?? []) {
        const field = action.field as { key?: unknown; name?: unknown } | undefined;
        if (action.type === 'set_contact_field' && field && typeof field.key === 'string') {
          byKey.set(field.key, { key: field.key, name: typeof field.name === 'string' ? field.name : field.key, type: 'text' });
        }
      }
    }
  }
  return [...byKey.values()];
}
