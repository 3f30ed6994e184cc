/**
 * The messaging runtime: what every part of the loop shares (database, engine, asset cache,
 * per-contact locks, channel types, clock, logger), and the two engine calls wrapped for the server:
 * `startSprint` and `resumeSprint` run the engine for one contact and return its sprint, unwritten;
 * callers write it with `applySprint` in their own transaction (one per sprint, or one per batch).
 *
 * Example:
 *   const rt = new MessagingRuntime({ db });
 *   await rt.locks.run([contact.id], async () => {
 *     const prepared = await rt.startSprint({ contact, flowId, trigger: { type: 'manual' } });
 *     await inTransaction(rt.db, (trx) => applySprint(trx, { ...prepared.target, priority: 0, now: rt.nowIso() }));
 *   });
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Contact, MsgIn, Resume, SessionState, SprintResult, Trigger } from '../../runtime/engine/api.js';
import type { Services } from '../../runtime/services.js';
import { GroupCommitter } from './group-commit.js';
import { AssetCache, assetCache, type AssetMode, type WorkspaceAssets } from './assets.js';
import { buildContactJson, type ContactRow } from './contact-json.js';
import { ContactLocks } from './contact-locks.js';
import { loadEngine, serverServices, type Engine } from './engine.js';
import { silentLogger, type Logger } from './logger.js';
import { ChannelTypeRegistry, defaultChannelTypes } from './channel-types.js';
import { environmentOf, workspaceSettings } from './workspace-settings.js';
import { FhirEffects } from '../fhir/effects.js';
import { createClassifierService } from '../nlp/classifier-service.js';
import { writeBackAfterSprint } from './fhir-writeback.js';

/** Options of the runtime. Only `db` is required. */
export interface MessagingRuntimeOptions {
  db: Kysely<Database>;
  /** Another engine with the same contract (tests); default: runtime/engine/index.ts. */
  engine?: Engine;
  /** Extra or replacement services for live sessions (e.g. the server's FHIR client). */
  services?: Partial<Services>;
  logger?: Logger;
  channelTypes?: ChannelTypeRegistry;
  assets?: AssetCache;
  /** Wall clock (tests move it forward). */
  clock?: () => Date;
}

/** How long a workspace's live services (FHIR clients, classifier settings) are reused before being rebuilt. */
export const WORKSPACE_SERVICES_TTL_MS = 60_000;

/** Kinds of background work a commit can create. */
export type WorkKind = 'outbox' | 'bulk';

/** A sprint the engine produced, with what is needed to write it. */
export interface PreparedSprint {
  sprint: SprintResult;
  assets: WorkspaceAssets;
  contact: ContactRow;
}

export class MessagingRuntime {
  readonly db: Kysely<Database>;
  readonly locks = new ContactLocks();
  logger: Logger;
  readonly channelTypes: ChannelTypeRegistry;
  readonly assets: AssetCache;
  /** Shared transactions for small writes (webhooks, sprints, send outcomes); see ./group-commit.ts. */
  readonly commits: GroupCommitter;
  private readonly clock: () => Date;
  private readonly engineOverride?: Engine;
  private readonly serviceOverrides: Partial<Services>;
  /**
   * Live services per workspace (FHIR queue, classifiers), built on first use and rebuilt after
   * WORKSPACE_SERVICES_TTL_MS: FhirEffects keeps an HTTP client per connection and the classifier service
   * the workspace's time zone and languages, so edits to those reach flows within the TTL (or at once
   * with `invalidateWorkspaceServices`).
   */
  private readonly workspaceServices = new Map<string, { builtAt: number; services: Services; fhir: FhirEffects }>();

  constructor(options: MessagingRuntimeOptions) {
    this.db = options.db;
    this.commits = new GroupCommitter(options.db);
    this.locks.distributeOver(options.db, options.logger); // PostgreSQL: per-contact order across processes
    this.logger = options.logger ?? silentLogger;
    this.channelTypes = options.channelTypes ?? defaultChannelTypes;
    this.assets = options.assets ?? assetCache;
    this.clock = options.clock ?? (() => new Date());
    this.engineOverride = options.engine;
    this.serviceOverrides = options.services ?? {};
  }

  now(): Date {
    return this.clock();
  }

  /** Set by a graceful stop: queued per-contact work is left in the database for the next start. */
  stopping = false;

  private readonly listeners = { outbox: new Set<() => void>(), bulk: new Set<() => void>() };

  /** Subscribes a worker to "new work of this kind was committed" (used to wake polling loops early). */
  onWork(kind: WorkKind, listener: () => void): () => void {
    this.listeners[kind].add(listener);
    return () => this.listeners[kind].delete(listener);
  }

  /** Tells the workers that messages were queued (`outbox`) or a broadcast/start was created (`bulk`). */
  notify(kind: WorkKind): void {
    for (const listener of this.listeners[kind]) listener();
  }

  nowIso(): string {
    return this.clock().toISOString();
  }

  engine(): Promise<Engine> {
    return this.engineOverride ? Promise.resolve(this.engineOverride) : loadEngine();
  }

  /**
   * The engine's services for live sessions of a workspace: clock, ids, HTTP, the workspace's FHIR
   * write-back queue (`FhirEffects`) and its classifiers; cached per workspace. Without a workspace:
   * the workspace-free ones only. Overrides given to the constructor win (tests).
   */
  services(workspaceId?: string): Services {
    const clock = { now: () => this.clock() };
    if (workspaceId === undefined) return serverServices({ clock, ...this.serviceOverrides });
    return this.workspaceEntry(workspaceId).services;
  }

  /** The workspace's FHIR service over the durable write-back queue (what live flows and the retry worker use). */
  fhirFor(workspaceId: string): FhirEffects {
    return this.workspaceEntry(workspaceId).fhir;
  }

  /** Drops the cached services of a workspace (e.g. after its FHIR connection or time zone changed), or of all. */
  invalidateWorkspaceServices(workspaceId?: string): void {
    if (workspaceId === undefined) this.workspaceServices.clear();
    else this.workspaceServices.delete(workspaceId);
  }

  private workspaceEntry(workspaceId: string): { services: Services; fhir: FhirEffects } {
    const cached = this.workspaceServices.get(workspaceId);
    if (cached && Date.now() - cached.builtAt < WORKSPACE_SERVICES_TTL_MS) return cached;
    const clock = { now: () => this.clock() };
    const override = this.serviceOverrides.fhir;
    const fhir = override instanceof FhirEffects ? override : new FhirEffects({ db: this.db, workspaceId, now: () => this.clock() });
    const services = serverServices({ clock, fhir, classifier: createClassifierService(this.db, workspaceId, { clock }), ...this.serviceOverrides });
    const entry = { builtAt: Date.now(), services, fhir };
    this.workspaceServices.set(workspaceId, entry);
    return entry;
  }

  /**
   * Writes back to FHIR every run that ended in an applied live sprint whose flow has
   * `_kiunga.fhir_writeback`. Call it after the sprint's transaction committed; it never throws
   * (failures are logged; the rows stay in `fhir_writeback_queue` for `retryDue`).
   */
  async writeBack(prepared: PreparedSprint): Promise<void> {
    await writeBackAfterSprint(this.fhirFor(prepared.contact.workspace_id), prepared, this.logger);
  }

  /** Runs the engine to start `flowUuid` for a contact. The caller holds the contact's lock. */
  async startSprint(input: {
    contact: ContactRow;
    flowUuid: string;
    trigger: { type: Trigger['type']; msg?: MsgIn; keyword_match?: Trigger['keyword_match']; params?: Record<string, unknown>; batch?: boolean };
    mode?: AssetMode;
    services?: Services;
    /** Replaces the stored contact's JSON and the cached assets (the simulator). */
    contactJson?: Contact;
    assets?: WorkspaceAssets;
  }): Promise<PreparedSprint> {
    const { contact } = input;
    const assets = input.assets ?? (await this.assets.get(this.db, contact.workspace_id, input.mode ?? 'published'));
    const flow = (assets.session.flows as { uuid: string; name: string }[]).find((f) => f.uuid === input.flowUuid);
    if (!flow) throw new Error(`flow ${input.flowUuid} has no ${input.mode === 'draft' ? '' : 'published '}revision in this workspace`);
    const settings = await workspaceSettings(this.db, contact.workspace_id);
    const environment = environmentOf(settings);
    const trigger: Trigger = {
      type: input.trigger.type,
      flow: { uuid: flow.uuid, name: flow.name },
      contact: input.contactJson ?? (await buildContactJson(this.db, contact)),
      environment,
      triggered_on: this.nowIso(),
      ...(input.trigger.msg ? { msg: input.trigger.msg } : {}),
      ...(input.trigger.keyword_match ? { keyword_match: input.trigger.keyword_match } : {}),
      ...(input.trigger.params ? { params: input.trigger.params } : {}),
      ...(input.trigger.batch ? { batch: true } : {}),
    };
    const engine = await this.engine();
    const sprint = await engine.startSession({ assets: assets.session, trigger, environment, services: input.services ?? this.services(contact.workspace_id) });
    return { sprint, assets, contact };
  }

  /** Runs the engine to resume a stored session. The caller holds the contact's lock. */
  async resumeSprint(input: {
    contact: ContactRow;
    state: SessionState;
    resume: { type: 'msg'; msg: MsgIn } | { type: 'wait_timeout' | 'wait_expiration' | 'run_expiration' };
    mode?: AssetMode;
    services?: Services;
    contactJson?: Contact;
    assets?: WorkspaceAssets;
  }): Promise<PreparedSprint> {
    const { contact } = input;
    const assets = input.assets ?? (await this.assets.get(this.db, contact.workspace_id, input.mode ?? 'published'));
    const settings = await workspaceSettings(this.db, contact.workspace_id);
    const environment = environmentOf(settings);
    const resume = {
      ...input.resume,
      resumed_on: this.nowIso(),
      contact: input.contactJson ?? (await buildContactJson(this.db, contact)),
      environment,
    } as Resume;
    const engine = await this.engine();
    const sprint = await engine.resumeSession({ assets: assets.session, session: input.state, resume, services: input.services ?? this.services(contact.workspace_id) });
    return { sprint, assets, contact };
  }
}

const runtimes = new WeakMap<Kysely<Database>, MessagingRuntime>();

/**
 * The one runtime of a database in this process, created on first use. The webhooks, the API and the
 * workers must share it: its per-contact locks are what keep one contact's sprints in order.
 */
export function runtimeFor(db: Kysely<Database>, options: Omit<MessagingRuntimeOptions, 'db'> = {}): MessagingRuntime {
  let rt = runtimes.get(db);
  if (!rt) {
    rt = new MessagingRuntime({ db, ...options });
    runtimes.set(db, rt);
  }
  return rt;
}

/** Replaces the runtime of a database (tests inject an engine or a clock). */
export function setRuntimeFor(db: Kysely<Database>, rt: MessagingRuntime): void {
  runtimes.set(db, rt);
}
