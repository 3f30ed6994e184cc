/**
 * One sprint: everything the engine does between two waits (a start, or a resume), producing events
 * and segments. Holds the mutable session copy, drives runs node by node, handles sub-flows, waits,
 * expirations and runaway protection (at most MAX_STEPS_PER_SPRINT node visits, as goflow).
 *
 *   const sprint = new Sprint(session, assets, services, options);
 *   await sprint.startFlow(flow, null, false);   // or: await sprint.resume(resume)
 *   sprint.finish() // -> SprintResult
 */
import type { Services } from '../services.js';
import type { Contact, Environment, MsgIn, Resume, Segment, SessionState, SprintResult } from './api.js';
import type { Action, Flow, FlowNode, AssetReference, MsgWait } from '../definition/types.js';
import type { FlowEvent } from '../events/types.js';
import type { ActionRuntime, Localized } from './runtime-types.js';
import { AssetIndex, type LoadedFlow } from './assets.js';
import type { RunResult, RunState } from './state.js';
import { resultKey } from './state.js';
import { truncateChars } from '../definition/snakify.js';
import { formatTimestamp, isoTimestamp } from './timestamps.js';
import { buildContext } from './context.js';
import { contextRoot, evaluateText, evaluateValue, type ContextRoot, type Escaping } from './evaluate.js';
import { render, toJSONText } from '../expressions/conversions.js';
import { formatNational } from '../expressions/phones.js';
import { makeEnvironment, type EvaluationEnvironment } from '../expressions/environment.js';
import { XError, xText, type XValue } from '../expressions/values.js';
import { ACTIONS } from '../actions/registry.js';
import * as events from '../events/constructors.js';
import { route, type RouterRuntime } from '../routers/index.js';
import { beginMsgWait } from '../waits/msg.js';
import { refreshGroups } from './smart-groups.js';
import { parseUrn, formatUrn, countryOfPhone } from './urns.js';

/** Contact country by URN list, per assets (phone parsing is costly; URN lists repeat across resumes). */
const countryCache = new WeakMap<AssetIndex, Map<string, string | null>>();
const COUNTRY_CACHE_SIZE = 50_000;

/** goflow's limit of node visits in one sprint; beyond it the session fails (node_loop protection). */
export const MAX_STEPS_PER_SPRINT = 100;

/** goflow keeps at most 640 characters of a result value. */
const MAX_RESULT_VALUE_LENGTH = 640;

/** Longest template output kept (goflow truncates evaluated templates). */
const MAX_TEMPLATE_CHARS = 10_000;

export interface SprintOptions {
  userAgent?: string;
}

type Outcome = 'wait' | 'ended' | 'failed';

/** Input message as stored on the session (goflow's input JSON). */
export type StoredInput = MsgIn & { type: 'msg'; created_on?: string };

export class Sprint {
  readonly events: FlowEvent[] = [];
  readonly segments: Segment[] = [];
  private steps = 0;
  /**
   * The node segments are attributed to: as goflow does, the last node visited in this sprint (or the
   * node the sprint resumed at), whichever run visited it.
   */
  private lastNode: string | null = null;
  private evalEnvCache: { key: string; env: EvaluationEnvironment } | null = null;
  private contextCache: { run: RunState; node: string | null; version: number; value: ContextRoot } | null = null;
  /** bumped on every change that the expression context may show */
  version = 0;
  private pendingChild: { flow: Flow; terminal: boolean } | null = null;
  /** @webhook per run: like goflow, it lives only for the sprint that made the call */
  private readonly webhooks = new Map<string, Record<string, unknown> | null>();

  constructor(
    readonly session: SessionState,
    readonly assets: AssetIndex,
    readonly services: Services,
    readonly options: SprintOptions,
  ) {}

  // ------------------------------------------------------------------ basics

  /** Next clock reading as goflow writes event times (nanosecond digits). */
  now(): string {
    return formatTimestamp(this.services.clock.now());
  }

  /** Next clock reading for session state: plain ISO with milliseconds, to keep sessions small. */
  stateNow(): string {
    return isoTimestamp(this.services.clock.now());
  }

  get runs(): RunState[] {
    return this.session.runs as RunState[];
  }

  get input(): StoredInput | null {
    return (this.session.input as StoredInput | undefined) ?? null;
  }

  emit(event: { type: string; [field: string]: unknown }): FlowEvent {
    const full = { uuid: this.services.ids.uuid(), created_on: this.now(), ...event } as FlowEvent;
    // keep goflow's field order: type first is irrelevant to JSON consumers, but uuid/created_on come from us
    this.events.push(full);
    return full;
  }

  /**
   * The merged environment, recomputed only when what it depends on changed: the session environment,
   * the contact's time zone or its URNs (the country). `version` makes repeated reads between changes free.
   */
  private mergedCache: { version: number; source: Environment | undefined; timezone: string | null | undefined; urns: string; env: Environment } | null = null;

  /** The environment with the contact's preferences merged in (goflow's merged environment). */
  mergedEnvironment(): Environment {
    const c = this.mergedCache;
    if (c && c.version === this.version) return c.env;
    const contact = this.session.contact;
    const urns = urnsKey(contact);
    if (c && c.source === this.session.environment && c.timezone === contact.timezone && c.urns === urns) {
      c.version = this.version;
      return c.env;
    }
    const env = this.computeMergedEnvironment(urns);
    this.mergedCache = { version: this.version, source: this.session.environment, timezone: contact.timezone, urns, env };
    return env;
  }

  private computeMergedEnvironment(urns: string): Environment {
    const env = this.session.environment ?? {};
    const contact = this.session.contact;
    const allowed = env.allowed_languages ?? [];
    const merged: Environment = { ...env };
    if (contact.timezone) merged.timezone = contact.timezone;
    const country = this.contactCountry(urns);
    if (country) merged.default_country = country;
    merged.allowed_languages = allowed;
    return merged;
  }

  /** The contact's country: from its first phone number, else its preferred channel (cached per URN list). */
  private contactCountry(key: string): string | null {
    let country = countryCache.get(this.assets)?.get(key);
    if (country === undefined) {
      country = this.computeContactCountry();
      let byUrns = countryCache.get(this.assets);
      if (!byUrns) countryCache.set(this.assets, (byUrns = new Map()));
      if (byUrns.size >= COUNTRY_CACHE_SIZE) byUrns.clear();
      byUrns.set(key, country);
    }
    return country;
  }

  private computeContactCountry(): string | null {
    for (const raw of this.session.contact.urns ?? []) {
      const urn = parseUrn(raw);
      if (urn.scheme === 'tel') {
        const country = countryOfPhone(urn.path);
        if (country) return country;
      }
    }
    for (const raw of this.session.contact.urns ?? []) {
      const urn = parseUrn(raw);
      const pinned = new URLSearchParams(urn.query).get('channel');
      const channel = (pinned ? this.assets.channel(pinned) : null) ?? this.assets.channelForScheme(urn.scheme);
      if (channel) return channel.country ?? null;
    }
    return null;
  }

  /** Languages to localize into, in order: contact's (if allowed), workspace default, flow's own. */
  private languagesCache: { flow: Flow; allowed: string[] | undefined; contactLanguage: string | null | undefined; languages: string[] } | null = null;

  languages(flow: Flow): string[] {
    // depends only on the flow, the allowed languages and the contact's language
    const allowed = this.session.environment?.allowed_languages;
    const contactLanguage = this.session.contact.language;
    const c = this.languagesCache;
    if (c && c.flow === flow && c.allowed === allowed && c.contactLanguage === contactLanguage) return c.languages;
    const languages = this.computeLanguages(flow);
    this.languagesCache = { flow, allowed, contactLanguage, languages };
    return languages;
  }

  private computeLanguages(flow: Flow): string[] {
    const env = this.session.environment ?? {};
    const allowed = env.allowed_languages ?? [];
    const defaultLanguage = allowed[0] ?? null;
    const contactLanguage = this.session.contact.language;
    const out: string[] = [];
    const preferred = contactLanguage && allowed.includes(contactLanguage) ? contactLanguage : defaultLanguage;
    if (preferred) out.push(preferred);
    if (defaultLanguage && defaultLanguage !== preferred) out.push(defaultLanguage);
    out.push(flow.language);
    return out;
  }

  localize(flow: Flow, itemUuid: string, key: string, base: string[], languages = this.languages(flow)): Localized {
    for (const lang of languages) {
      if (lang === flow.language) return { values: base, language: flow.language };
      const translated = flow.localization?.[lang]?.[itemUuid]?.[key];
      if (translated && translated.length > 0) return { values: translated, language: lang };
    }
    return { values: base, language: flow.language };
  }

  evalEnv(): EvaluationEnvironment {
    const merged = this.mergedEnvironment();
    const key = `${merged.timezone ?? ''}|${merged.default_country ?? ''}|${merged.word_matching ? JSON.stringify(merged.word_matching) : ''}`;
    if (!this.evalEnvCache || this.evalEnvCache.key !== key) {
      this.evalEnvCache = { key, env: makeEnvironment(merged, this.services, this.assets.locations) };
    }
    return this.evalEnvCache.env;
  }

  runByUuid(uuid: string | undefined): RunState | null {
    if (!uuid) return null;
    return this.runs.find((r) => r.uuid === uuid) ?? null;
  }

  context(run: RunState, nodeUuid: string | null): ContextRoot {
    const c = this.contextCache;
    if (c && c.run === run && c.node === nodeUuid && c.version === this.version) return c.value;
    const merged = this.mergedEnvironment();
    const parent = this.runByUuid(run.parent_uuid) ?? this.triggerParent();
    let child: RunState | null = null;
    for (let i = this.runs.length - 1; i >= 0 && !child; i--) if (this.runs[i]!.parent_uuid === run.uuid) child = this.runs[i]!;
    const value = contextRoot(buildContext({
      session: this.session,
      run,
      assets: this.assets,
      input: this.input,
      nodeUuid,
      parent,
      // undefined: @webhook is rebuilt from the run's results if a template reads it
      webhook: this.webhooks.has(run.uuid) ? this.webhooks.get(run.uuid)! : undefined,
      parentContact: run.parent_uuid ? null : ((this.session.trigger.run_summary as { contact?: Contact } | undefined)?.contact ?? null),
      child,
      redactUrns: merged.redaction_policy === 'urns',
      timezone: merged.timezone ?? 'UTC',
    }));
    this.contextCache = { run, node: nodeUuid, version: this.version, value };
    return value;
  }

  private triggerParentUuid(): string | undefined {
    if (this.runs.length > 1) return undefined;
    return (this.session.trigger.run_summary as { uuid?: string } | undefined)?.uuid;
  }

  /** A flow_action / start_session trigger's run summary stands in for @parent. */
  private triggerParent(): RunState | null {
    const summary = this.session.trigger.run_summary as
      | { uuid: string; flow: { uuid: string; name: string }; status?: string; results?: Record<string, RunResult> }
      | undefined;
    if (!summary) return null;
    return {
      uuid: summary.uuid,
      flow: summary.flow,
      status: (summary.status as RunState['status']) ?? 'active',
      path: [],
      results: summary.results ?? {},
      created_on: '',
    };
  }

  // ------------------------------------------------------------------ runs

  private newRun(flow: Flow, parent: RunState | null): RunState {
    const now = this.stateNow();
    const run: RunState = {
      uuid: this.services.ids.uuid(),
      flow: { uuid: flow.uuid, name: flow.name, ...(flow.revision !== undefined ? { revision: flow.revision } : {}) },
      status: 'active',
      path: [],
      results: {},
      created_on: now,
    };
    if (parent) run.parent_uuid = parent.uuid;
    return run;
  }

  private flowRefOf(run: RunState): Record<string, unknown> {
    return { ...run.flow };
  }

  private endRun(run: RunState, status: 'completed' | 'expired' | 'failed' | 'interrupted'): void {
    run.status = status;
    run.exited_on = this.stateNow();
    this.version++;
    this.emit(events.runEnded(run.uuid, this.flowRefOf(run), status));
  }

  loaded(run: RunState): LoadedFlow {
    const loaded = this.assets.flow(run.flow.uuid);
    if (!loaded) throw new Error(`flow '${run.flow.name}' (${run.flow.uuid}) is no longer in the assets`);
    return loaded;
  }

  /** Starts a run of `flow` and drives it until it waits, ends or fails. */
  async startFlow(flow: Flow, parent: RunState | null, terminal: boolean): Promise<Outcome> {
    const run = this.newRun(flow, parent);
    this.runs.push(run);
    this.version++;
    this.emit(events.runStarted(run.uuid, this.flowRefOf(run), parent?.uuid ?? this.triggerParentUuid(), terminal));
    const first = flow.nodes[0];
    if (!first) {
      this.endRun(run, 'completed');
      return 'ended';
    }
    return this.drive(run, first, 'enter');
  }

  /**
   * Runs from a node: 'enter' visits it (actions, then router), 'route' only routes it (a resumed wait
   * or a parent whose sub-flow ended). Returns when the run waits, ends or fails.
   */
  private async drive(run: RunState, start: FlowNode, mode: 'enter' | 'route', resume?: Resume): Promise<Outcome> {
    const loaded = this.loaded(run);
    let node: FlowNode | null = start;
    let visiting = mode === 'enter';
    let pendingResume = resume;
    while (node) {
      if (visiting) {
        if (this.steps >= MAX_STEPS_PER_SPRINT) {
          this.failSession(`Reached maximum number of steps per sprint (${MAX_STEPS_PER_SPRINT})`);
          return 'failed';
        }
        this.steps++;
        run.path.push({ node_uuid: node.uuid, arrived_on: this.stateNow() });
        this.lastNode = node.uuid;
        this.version++;

        for (const action of node.actions) {
          await this.executeAction(run, loaded.flow, node, action);
          if (run.status === 'failed' || this.session.status === 'failed') return 'failed';
        }
        if (this.pendingChild) {
          const { flow: childFlow, terminal } = this.pendingChild;
          this.pendingChild = null;
          if (terminal) {
            this.endRun(run, 'completed');
            return this.startFlow(childFlow, run, true);
          }
          const outcome = await this.startFlow(childFlow, run, false);
          if (outcome !== 'ended') return outcome;
          if (run.status !== 'active') return 'ended';
        }
        if (node.router?.wait && node.router.wait.type === 'msg') {
          const firstNodeOfSession = this.session.runs.length === 1 && run.path.length === 1;
          if (this.session.trigger.type === 'msg' && this.input && !this.session.trigger_input_used && firstNodeOfSession) {
            // goflow: a session started by a message lets that message answer a wait only when the wait
            // is on the very first node of the session (a keyword flow that first asks a question waits)
            this.session.trigger_input_used = true;
          } else {
            this.beginWait(run, loaded.flow, node.router.wait);
            return 'wait';
          }
        }
      }
      visiting = true;

      // choose the exit
      let exitUuid: string;
      let operand: string | undefined;
      if (node.router) {
        const decision = this.routeNode(run, loaded.flow, node, pendingResume);
        pendingResume = undefined;
        if (this.session.status === 'failed') return 'failed';
        const category = node.router.categories.find((c) => c.uuid === decision.categoryUuid);
        if (!category) {
          this.failSession('Router failed to pick a category');
          return 'failed';
        }
        exitUuid = category.exit_uuid;
        operand = decision.operand;
        if (node.router.result_name) {
          const localized = this.localize(loaded.flow, category.uuid, 'name', [category.name]).values[0];
          this.saveResult(run, node.uuid, {
            name: node.router.result_name,
            value: decision.value,
            category: category.name,
            category_localized: localized && localized !== category.name ? localized : undefined,
            input: decision.input ?? decision.operand,
            extra: decision.extra,
          });
        }
      } else {
        const only = node.exits[0];
        if (!only) throw new Error(`node ${node.uuid} has no exit`);
        exitUuid = only.uuid;
      }
      const exit: FlowNode['exits'][number] | undefined = node.exits.find((e) => e.uuid === exitUuid);
      if (!exit) throw new Error(`node ${node.uuid}: category points to missing exit ${exitUuid}`);
      const destination: FlowNode | null = exit.destination_uuid ? loaded.nodes.get(exit.destination_uuid) ?? null : null;
      if (exit.destination_uuid && !destination) throw new Error(`exit ${exit.uuid} leads to missing node ${exit.destination_uuid}`);
      if (destination) {
        this.segments.push({
          flow_uuid: loaded.flow.uuid,
          node_uuid: this.lastNode ?? node.uuid,
          exit_uuid: exit.uuid,
          destination_uuid: destination.uuid,
          ...(operand ? { operand } : {}),
          time: this.now(),
        });
      }
      node = destination;
    }
    this.endRun(run, 'completed');
    return 'ended';
  }

  private routeNode(run: RunState, flow: Flow, node: FlowNode, resume: Resume | undefined) {
    const router = node.router!;
    if (resume?.type === 'wait_timeout' && router.wait?.type === 'msg' && router.wait.timeout) {
      return { categoryUuid: router.wait.timeout.category_uuid, value: '' };
    }
    return route(router, this.routerRuntime(run, flow, node));
  }

  private routerRuntime(run: RunState, flow: Flow, node: FlowNode): RouterRuntime {
    return new NodeRouterRuntime(this, run, flow, node);
  }

  private beginWait(run: RunState, flow: Flow, wait: MsgWait): void {
    const now = this.now();
    const started = beginMsgWait(wait, now, flow.expire_after_minutes);
    this.session.wait = started.state;
    run.status = 'waiting';
    run.expires_on = started.state.expires_on;
    this.version++;
    this.session.status = 'waiting';
    this.session.wait = started.state;
    this.emit(started.event as { type: string });
  }

  // ------------------------------------------------------------------ resuming

  /** Continues a waiting session with a message, a wait timeout or an expiration. */
  async resume(resume: Resume): Promise<void> {
    if (this.session.status !== 'waiting') {
      throw new Error(`session ${this.session.uuid} can't be resumed: its status is '${this.session.status}', not 'waiting'`);
    }
    const waiting = [...this.runs].reverse().find((r) => r.status === 'waiting');
    if (!waiting) throw new Error(`session ${this.session.uuid} is waiting but none of its runs is`);
    this.session.wait = null;
    this.session.status = 'active';

    if (resume.type === 'run_expiration') {
      for (const run of [...this.runs].reverse()) if (run.status === 'active' || run.status === 'waiting') this.endRun(run, 'expired');
      this.session.status = 'completed';
      return;
    }
    if (resume.type === 'wait_expiration') {
      const step = waiting.path[waiting.path.length - 1];
      this.lastNode = step?.node_uuid ?? null;
      this.endRun(waiting, 'expired');
      await this.continueParents(waiting);
      return;
    }
    if (resume.type === 'msg') {
      const msg = resume.msg;
      this.session.input = { type: 'msg', ...msg, created_on: (msg as { created_on?: string }).created_on ?? resume.resumed_on ?? this.stateNow() };
      this.session.contact.last_seen_on = (this.session.input as StoredInput).created_on ?? this.stateNow();
      this.version++;
    }
    const loaded = this.loaded(waiting);
    const step = waiting.path[waiting.path.length - 1];
    const node = step ? loaded.nodes.get(step.node_uuid) : undefined;
    if (!node) throw new Error(`run ${waiting.uuid} is waiting at a node its flow no longer has`);
    const wait = node.router?.wait;
    if (resume.type === 'wait_timeout' && !(wait?.type === 'msg' && wait.timeout)) {
      throw new Error(`session ${this.session.uuid} can't be resumed by a wait timeout: the wait at node ${node.uuid} has no timeout`);
    }
    waiting.status = 'active';
    this.version++;
    this.lastNode = node.uuid;
    const outcome = await this.drive(waiting, node, 'route', resume);
    if (outcome === 'ended') await this.continueParents(waiting);
  }

  /** After a child run ended, its parents continue from their sub-flow nodes, innermost first. */
  private async continueParents(child: RunState): Promise<void> {
    let current = child;
    for (;;) {
      const parent = this.runByUuid(current.parent_uuid);
      if (!parent) return;
      if (parent.status !== 'active') {
        // a parent that already ended (terminal enter_flow) hands over to its own parent
        if (parent.status === 'completed' || parent.status === 'expired') {
          current = parent;
          continue;
        }
        return;
      }
      const loaded = this.loaded(parent);
      const step = parent.path[parent.path.length - 1];
      const node = step ? loaded.nodes.get(step.node_uuid) : undefined;
      if (!node) throw new Error(`run ${parent.uuid} is at a node its flow no longer has`);
      this.lastNode ??= node.uuid;
      const outcome = await this.drive(parent, node, 'route');
      if (outcome !== 'ended') return;
      current = parent;
    }
  }

  /** Ends every run still going as failed, with goflow's failure event. */
  failSession(text: string): void {
    this.emit(events.failure(text));
    for (const run of [...this.runs].reverse()) {
      if (run.status === 'active' || run.status === 'waiting') this.endRun(run, 'failed');
    }
    this.session.status = 'failed';
    this.session.wait = null;
  }

  // ------------------------------------------------------------------ evaluation

  logError(text: string, details?: { code?: string; extra?: Record<string, unknown> }): void {
    this.emit(events.error(text, details?.code, details?.extra));
  }

  private logEvaluation(errors: { expression: string; message: string }[], warnings: string[]): void {
    for (const w of warnings) this.emit(events.warning(w, 'context:deprecated'));
    for (const e of errors) {
      if (e.expression) this.logError(`Error evaluating expression: ${e.message}`, { code: 'expression', extra: { expression: e.expression } });
      else this.logError(e.message);
    }
  }

  evaluateTemplate(run: RunState, node: FlowNode | null, template: string, escaping?: Escaping, truncate = true): { text: string; ok: boolean } {
    if (!template.includes('@')) return { text: template, ok: true };
    const result = evaluateText(template, this.context(run, node?.uuid ?? null), this.evalEnv(), escaping);
    this.logEvaluation(result.errors, result.warnings);
    const text = truncate && result.text.length > MAX_TEMPLATE_CHARS ? `${result.text.slice(0, MAX_TEMPLATE_CHARS - 3)}...` : result.text;
    return { text, ok: result.errors.length === 0 };
  }

  evaluateToValue(run: RunState, node: FlowNode | null, template: string): XValue {
    // fast path for the operand of nearly every wait router: no context needs building for it
    if (template === '@input.text' && this.input) return xText(this.input.text);
    const result = evaluateValue(template, this.context(run, node?.uuid ?? null), this.evalEnv());
    this.logEvaluation(result.errors, result.warnings);
    return result.errors.length > 0 && !(result.value instanceof XError) ? new XError(result.errors[0]!.message) : result.value;
  }

  // ------------------------------------------------------------------ results & contact

  saveResult(run: RunState, nodeUuid: string, r: Omit<RunResult, 'created_on' | 'node_uuid'>): void {
    const key = resultKey(r.name);
    const previous = run.results[key];
    const result: RunResult = {
      name: r.name,
      value: truncateChars(r.value, MAX_RESULT_VALUE_LENGTH),
      category: r.category,
      ...(r.category_localized ? { category_localized: r.category_localized } : {}),
      node_uuid: nodeUuid,
      // the input is only stored when it differs from the value (it usually doesn't): smaller sessions
      ...(r.input !== undefined && r.input !== r.value ? { input: r.input } : r.input === undefined ? { input: '' } : {}),
      ...(r.extra !== undefined && r.extra !== null ? { extra: r.extra } : {}),
      ...(r.extra_raw !== undefined ? { extra_raw: r.extra_raw } : {}),
      created_on: this.stateNow(),
    };
    const changed =
      !previous ||
      previous.value !== result.value ||
      previous.category !== result.category ||
      (previous.category_localized ?? '') !== (result.category_localized ?? '') ||
      JSON.stringify(previous.extra ?? null) !== JSON.stringify(result.extra ?? null);
    run.results[key] = result;
    this.version++;
    if (!changed) return;
    // goflow's event leaves category_localized out (the result keeps it, @results shows it)
    this.emit(events.runResultChanged(result.name, result.value, result.category, result.extra, previous ? { value: previous.value, category: previous.category } : undefined));
  }

  contactChanged(): void {
    this.version++;
    const change = refreshGroups(this.session.contact, this.assets);
    if (!change) return;
    this.emit(events.contactGroupsChanged(change.added, change.removed));
  }

  // ------------------------------------------------------------------ actions

  private async executeAction(run: RunState, flow: Flow, node: FlowNode, action: Action): Promise<void> {
    const spec = ACTIONS[action.type];
    if (!spec) {
      this.logError(`Unknown action type '${action.type}' in node ${node.uuid}: the action was skipped`, {
        code: 'action:unknown',
        extra: { type: action.type, action_uuid: action.uuid },
      });
      return;
    }
    await spec.execute({ action, run: this.actionRuntime(run, flow, node) });
  }

  actionRuntime(run: RunState, flow: Flow, node: FlowNode): ActionRuntime {
    return new RunRuntime(this, run, flow, node);
  }

  setLocal(run: RunState, name: string, value: string | null): void {
    const locals = (run.locals ??= {});
    if (value === null) delete locals[name];
    else locals[name] = value;
    if (Object.keys(locals).length === 0) delete run.locals;
    this.version++;
  }

  setWebhook(run: RunState, webhook: Record<string, unknown> | null): void {
    this.webhooks.set(run.uuid, webhook);
    this.version++;
  }

  enterFlow(child: Flow, terminal: boolean): void {
    this.pendingChild = { flow: child, terminal };
  }

  findFlow(ref: AssetReference): Flow | null {
    try {
      return this.assets.flow(ref.uuid)?.flow ?? null;
    } catch (err) {
      this.logError(err instanceof Error ? err.message : String(err));
      return null;
    }
  }

  /** History handed to sessions this one triggers (goflow's loop protection across sessions). */
  childHistory(): Record<string, unknown> {
    const history = (this.session.trigger.history ?? {}) as { ancestors?: number; ancestors_since_input?: number };
    return {
      parent_uuid: this.session.uuid,
      ancestors: (history.ancestors ?? 0) + 1,
      ancestors_since_input: this.input ? 0 : (history.ancestors_since_input ?? 0) + 1,
    };
  }

  /** goflow's run summary: the run, its flow, the contact and results. */
  runSummary(run: RunState): Record<string, unknown> {
    return {
      uuid: run.uuid,
      flow: { ...run.flow },
      contact: contactJson(this.session.contact),
      status: run.status,
      results: JSON.parse(JSON.stringify(run.results)),
    };
  }

  /** The payload posted to resthook subscribers (goflow's legacy webhook payload). */
  resthookPayload(run: RunState): Record<string, unknown> {
    const merged = this.mergedEnvironment();
    const redact = merged.redaction_policy === 'urns';
    const contact = this.session.contact;
    const firstUrn = contact.urns?.[0] ? formatUrn({ ...parseUrn(contact.urns[0]), query: '' }) : null;
    const input = this.input;
    const zoneless = microsUtc;
    const results: Record<string, unknown> = {};
    for (const [key, r] of Object.entries(run.results)) {
      results[key] = {
        category: r.category,
        ...(r.category_localized ? { category_localized: r.category_localized } : {}),
        created_on: zoneless(r.created_on),
        input: r.input ?? r.value,
        name: r.name,
        node_uuid: r.node_uuid,
        value: r.value,
      };
    }
    return {
      channel: null,
      contact: {
        ...(contact.language ? { language: contact.language } : {}),
        name: contact.name ?? '',
        urn: firstUrn ? (redact ? `${parseUrn(firstUrn).scheme}:********` : firstUrn) : null,
        uuid: contact.uuid,
      },
      flow: { ...run.flow, revision: run.flow.revision ?? 0 },
      input: input
        ? {
            attachments: (input.attachments ?? []).map((a) => {
              const i = a.indexOf(':');
              return { content_type: a.slice(0, i), url: a.slice(i + 1) };
            }),
            channel: input.channel ?? null,
            created_on: zoneless(input.created_on ?? ''),
            text: input.text,
            type: 'msg',
            urn: input.urn
              ? {
                  display: redact ? '********' : displayUrn(input.urn),
                  path: redact ? '********' : parseUrn(input.urn).path,
                  scheme: parseUrn(input.urn).scheme,
                }
              : null,
            uuid: input.uuid ?? '',
          }
        : null,
      path: run.path.map((s) => ({ arrived_on: zoneless(s.arrived_on), node_uuid: s.node_uuid })),
      results,
      run: { created_on: zoneless(run.created_on), uuid: run.uuid },
    };
  }

  finish(): SprintResult {
    return { session: this.session, events: this.events, segments: this.segments };
  }
}

/** How goflow displays a URN: phone numbers nationally formatted, others their path. */
function displayUrn(urn: string): string {
  const p = parseUrn(urn);
  if (p.scheme === 'tel') return formatNational(p.path);
  return p.fragment || p.path;
}

/** A contact's URN list as one string (cache key for what depends on the URNs). */
function urnsKey(contact: Contact): string {
  const urns = contact.urns ?? [];
  return urns.length === 1 ? urns[0]! : urns.join(' ');
}

/** Contact JSON as goflow writes it: timestamps in UTC ("...Z"). */
function contactJson(contact: Contact): Contact {
  const copy = JSON.parse(JSON.stringify(contact)) as Contact;
  copy.status ??= 'active';
  copy.created_on = utcTimestamp(copy.created_on);
  if (copy.last_seen_on) copy.last_seen_on = utcTimestamp(copy.last_seen_on);
  return copy;
}

/** Rewrites an RFC 3339 timestamp to UTC, keeping its fractional digits. */
function utcTimestamp(ts: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.exec(ts);
  if (!m || m[3] === 'Z') return ts;
  if (m[3] === '+00:00' || m[3] === '-00:00') return `${m[1]}${m[2] ?? ''}Z`;
  const utc = new Date(Date.parse(`${m[1]}${m[3]}`)).toISOString().slice(0, 19);
  return `${utc}${m[2] ?? ''}Z`;
}

/** "2025-05-04T12:30:45.123Z" / "...45.123456789Z" → "2025-05-04T12:30:45.123000Z" (microseconds, as goflow's JSON). */
function microsUtc(ts: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?Z$/.exec(ts);
  if (!m) return ts;
  return `${m[1]}.${(m[2] ?? '').padEnd(6, '0').slice(0, 6)}Z`;
}

/**
 * What an action sees of the sprint (ActionRuntime), bound to one run and node. A class rather than an
 * object of closures: one is made per action executed, on every inbound message.
 */
class RunRuntime implements ActionRuntime {
  constructor(
    private readonly sprint: Sprint,
    readonly state: RunState,
    readonly flow: Flow,
    readonly node: FlowNode,
  ) {}

  get session(): SessionState {
    return this.sprint.session;
  }
  get contact(): Contact {
    return this.sprint.session.contact;
  }
  get assets(): AssetIndex {
    return this.sprint.assets;
  }
  get services(): Services {
    return this.sprint.services;
  }
  get environment(): Environment {
    return this.sprint.mergedEnvironment();
  }
  get input(): StoredInput | null {
    return this.sprint.input;
  }
  get userAgent(): string | undefined {
    return this.sprint.options.userAgent;
  }
  now(): string {
    return this.sprint.now();
  }
  newUuid(): string {
    return this.sprint.services.ids.uuid();
  }
  emit(event: { type: string; [field: string]: unknown }): FlowEvent {
    return this.sprint.emit(event);
  }
  error(text: string, details?: { code?: string; extra?: Record<string, unknown> }): void {
    this.sprint.logError(text, details);
  }
  warning(text: string, details?: { code?: string; extra?: Record<string, unknown> }): void {
    this.sprint.emit(events.warning(text, details?.code, details?.extra));
  }
  fail(text: string): void {
    this.sprint.failSession(text);
  }
  evaluate(template: string): string {
    return this.sprint.evaluateTemplate(this.state, this.node, template).text;
  }
  evaluateChecked(template: string): { text: string; ok: boolean } {
    return this.sprint.evaluateTemplate(this.state, this.node, template);
  }
  // goflow no longer escapes URL templates: flows call url_encode() where they need it
  evaluateUrl(template: string): string {
    return this.sprint.evaluateTemplate(this.state, this.node, template, undefined, false).text;
  }
  evaluateLong(template: string): string {
    return this.sprint.evaluateTemplate(this.state, this.node, template, undefined, false).text;
  }
  evaluateQuery(template: string): string {
    return this.sprint.evaluateTemplate(this.state, this.node, template, 'query').text;
  }
  evaluateValue(template: string): unknown {
    const v = this.sprint.evaluateToValue(this.state, this.node, template);
    return v instanceof XError ? null : (JSON.parse(toJSONText(this.sprint.evalEnv(), v)) as unknown);
  }
  localize(itemUuid: string, key: string, base: string[]): Localized {
    return this.sprint.localize(this.flow, itemUuid, key, base);
  }
  localizeIn(language: string, itemUuid: string, key: string, base: string[]): Localized {
    return this.sprint.localize(this.flow, itemUuid, key, base, [language]);
  }
  redactUrn(urn: string): string {
    return this.sprint.mergedEnvironment().redaction_policy === 'urns' ? `${parseUrn(urn).scheme}:********` : urn;
  }
  runSummary(): Record<string, unknown> {
    return this.sprint.runSummary(this.state);
  }
  childHistory(): Record<string, unknown> {
    return this.sprint.childHistory();
  }
  resthookPayload(): Record<string, unknown> {
    return this.sprint.resthookPayload(this.state);
  }
  saveResult(r: Omit<RunResult, 'created_on' | 'node_uuid'>): void {
    this.sprint.saveResult(this.state, this.node.uuid, r);
  }
  setLocal(name: string, value: string | null): void {
    this.sprint.setLocal(this.state, name, value);
  }
  setWebhook(webhook: Record<string, unknown> | null): void {
    this.sprint.setWebhook(this.state, webhook);
  }
  enterFlow(child: Flow, terminal: boolean): void {
    this.sprint.enterFlow(child, terminal);
  }
  contactChanged(): void {
    this.sprint.contactChanged();
  }
  findFlow(ref: AssetReference): Flow | null {
    return this.sprint.findFlow(ref);
  }
}

/** What a router sees of the sprint, bound to one node (a class: one is made per routing). */
class NodeRouterRuntime implements RouterRuntime {
  readonly evalEnv: EvaluationEnvironment;
  constructor(
    private readonly sprint: Sprint,
    private readonly run: RunState,
    private readonly flow: Flow,
    private readonly node: FlowNode,
  ) {
    this.evalEnv = sprint.evalEnv();
  }
  evaluateOperand(template: string): XValue {
    return this.sprint.evaluateToValue(this.run, this.node, template);
  }
  evaluate(template: string): string {
    return this.sprint.evaluateTemplate(this.run, this.node, template).text;
  }
  localize(itemUuid: string, key: string, base: string[]): Localized {
    return this.sprint.localize(this.flow, itemUuid, key, base);
  }
  render(value: XValue): string {
    return render(this.evalEnv, value);
  }
  toJSON(value: XValue): unknown {
    return JSON.parse(toJSONText(this.evalEnv, value)) as unknown;
  }
  error(text: string): void {
    this.sprint.logError(text);
  }
  random(): number {
    return this.sprint.services.random.next();
  }
}
