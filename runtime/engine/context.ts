/**
 * The expression context of a run (what `@contact`, `@results`, `@input`, `@parent`, ... see), built
 * from session JSON as plain JS objects (`__default__` gives an object's text value), with typed
 * dates as XDateTime. Mirrors goflow's root context. Parts are `Deferred`: built on first read.
 *
 *   const ctx = buildContext(view);  // { contact, fields, urns, run, results, input, webhook, parent, child, ... }
 */
import { Deferred, xDateTime, xNumber } from '../expressions/values.js';
import type { Contact, MsgIn, SessionState } from './api.js';
import type { AssetIndex } from './assets.js';
import type { RunResult, RunState } from './state.js';
import { parseUrn, formatUrn, URN_SCHEMES } from './urns.js';
import { resultKey as resultKeyOf } from './state.js';
import { destinationOf, type Destination } from './messages.js';

/** What the context is built from. */
export interface ContextSource {
  session: SessionState;
  run: RunState;
  assets: AssetIndex;
  input: (MsgIn & { created_on?: string }) | null;
  nodeUuid: string | null;
  /** The last webhook call of this run in this sprint (@webhook); undefined: rebuilt from the run's results. */
  webhook: Record<string, unknown> | null | undefined;
  parent: RunState | null;
  /** The contact of the parent run when it isn't this session's (flow_action / start_session triggers). */
  parentContact?: Contact | null;
  child: RunState | null;
  redactUrns: boolean;
  timezone: string;
}

/** Parsed timestamps, shared across sessions (datetime values are immutable; the same stamps recur). */
const parsedTimes = new Map<string, unknown>();
const PARSED_TIMES_LIMIT = 20_000;

/** A stored timestamp as a datetime value, keeping its own offset (goflow keeps stored times in UTC). */
function dt(value: string | null | undefined, _zone: string): unknown {
  if (!value) return null;
  let parsed = parsedTimes.get(value);
  if (parsed === undefined) {
    try {
      parsed = xDateTime(value);
    } catch {
      parsed = value;
    }
    if (parsedTimes.size >= PARSED_TIMES_LIMIT) parsedTimes.clear();
    parsedTimes.set(value, parsed);
  }
  return parsed;
}

/**
 * A timestamp read only when a template asks for it. Contexts are built for every evaluation, but most
 * templates read two or three values out of them, so costly parts are `Deferred` (computed on first
 * read by the expression layer, then kept).
 */
function later(value: string | null | undefined, zone: string): Deferred<string | null | undefined, string> {
  return new Deferred(dt, value, zone);
}

function urnText(urn: string, redact: boolean): string {
  const p = parseUrn(urn);
  const clean = formatUrn({ ...p, query: '' });
  return redact ? `${p.scheme}:********` : clean;
}

/** What @contact is built from, with the costly parts (URNs, the preferred destination) computed once on demand. */
class ContactSource {
  private urnTexts: string[] | undefined;
  private preferred: Destination | null | undefined;
  constructor(
    readonly contact: Contact,
    readonly assets: AssetIndex,
    readonly redact: boolean,
    readonly zone: string,
  ) {}

  urns(): string[] {
    return (this.urnTexts ??= (this.contact.urns ?? []).map((u) => urnText(u, this.redact)));
  }

  destination(): Destination | null {
    if (this.preferred === undefined) this.preferred = destinationOf(this.contact, this.assets);
    return this.preferred;
  }
}

function contactUrns(c: ContactSource): string[] {
  return c.urns();
}

function contactDefault(c: ContactSource, id: string): string {
  return c.redact ? id : (c.urns()[0] ?? '');
}

function contactUrn(c: ContactSource): string | null {
  const destination = c.destination();
  return destination ? urnText(destination.urn, c.redact) : null;
}

function contactChannel(c: ContactSource): Record<string, unknown> | null {
  const destination = c.destination();
  const channel = destination ? c.assets.channel(destination.channel.uuid) : null;
  return channel ? { __default__: channel.name, uuid: channel.uuid, name: channel.name, address: channel.address ?? '' } : null;
}

function contactGroups(c: ContactSource): Record<string, unknown>[] {
  return (c.contact.groups ?? []).map((g) => ({ __default__: g.name, uuid: g.uuid, name: g.name }));
}

function contactFields(c: ContactSource): Record<string, unknown> {
  return fieldsContext(c.contact, c.assets, c.zone);
}

export function contactContext(contact: Contact, assets: AssetIndex, redact: boolean, zone: string): Record<string, unknown> {
  const source = new ContactSource(contact, assets, redact, zone);
  const name = contact.name ?? '';
  const id = contact.id !== undefined ? String(contact.id) : '';
  // key order as goflow's context (it shows when a whole object is output)
  return {
    __default__: name !== '' ? name : new Deferred(contactDefault, source, id),
    uuid: contact.uuid,
    id,
    ref: id,
    name,
    first_name: name.split(/\s+/)[0] ?? '',
    language: contact.language ?? null,
    timezone: contact.timezone ?? null,
    status: contact.status ?? 'active',
    urns: new Deferred(contactUrns, source, undefined),
    urn: new Deferred(contactUrn, source, undefined),
    channel: new Deferred(contactChannel, source, undefined),
    groups: new Deferred(contactGroups, source, undefined),
    tickets: [],
    created_on: later(contact.created_on, zone),
    last_seen_on: later(contact.last_seen_on ?? null, zone),
    fields: new Deferred(contactFields, source, undefined),
  };
}

export function fieldsContext(contact: Contact, assets: AssetIndex, zone: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of assets.allFields()) {
    const value = contact.fields?.[field.key];
    if (!value) {
      out[field.key] = null;
      continue;
    }
    switch (field.type) {
      case 'number':
        out[field.key] = value.number !== undefined && value.number !== null ? xNumber(String(value.number)) : value.text;
        break;
      case 'datetime':
        out[field.key] = value.datetime ? dt(value.datetime, zone) : value.text;
        break;
      case 'state':
        out[field.key] = value.state ?? value.text;
        break;
      case 'district':
        out[field.key] = value.district ?? value.text;
        break;
      case 'ward':
        out[field.key] = value.ward ?? value.text;
        break;
      default:
        out[field.key] = value.text;
    }
  }
  // fields the contact has that the workspace no longer defines still show their text
  for (const [key, value] of Object.entries(contact.fields ?? {})) if (!(key in out) && value) out[key] = value.text;
  return out;
}

function urnsContext(contact: Contact, redact: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const scheme of URN_SCHEMES) out[scheme] = null;
  for (const urn of contact.urns ?? []) {
    const scheme = parseUrn(urn).scheme;
    if (out[scheme] === null || out[scheme] === undefined) out[scheme] = urnText(urn, redact);
  }
  return out;
}

export function resultContext(r: RunResult, zone: string): Record<string, unknown> {
  const localized = r.category_localized ?? r.category;
  return {
    __default__: r.value,
    name: r.name,
    value: r.value,
    category: r.category,
    category_localized: localized,
    input: r.input ?? r.value,
    extra: r.extra ?? null,
    node_uuid: r.node_uuid,
    values: [r.value],
    categories: [r.category],
    categories_localized: [localized],
    created_on: later(r.created_on, zone),
  };
}

function resultsDefault(run: RunState): string {
  const parts: string[] = [];
  for (const key in run.results) {
    const r = run.results[key]!;
    parts.push(`${r.name}: ${r.value}`);
  }
  return parts.join('\n');
}

export function resultsContext(run: RunState, zone: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in run.results) out[key] = new Deferred(resultContext, run.results[key]!, zone);
  out.__default__ = new Deferred(resultsDefault, run, undefined);
  return out;
}

function flowRef(run: RunState): Record<string, unknown> {
  return { __default__: run.flow.name, uuid: run.flow.uuid, name: run.flow.name, revision: run.flow.revision ?? 0 };
}

/** @parent / @child: a related run with its contact, results and status. */
export function relatedRunContext(run: RunState, contact: Contact, assets: AssetIndex, redact: boolean, zone: string): Record<string, unknown> {
  const contactCtx = contactContext(contact, assets, redact, zone);
  const runCtx = {
    __default__: run.flow.name,
    uuid: run.uuid,
    flow: flowRef(run),
    status: run.status,
    results: resultsContext(run, zone),
    contact: contactCtx,
    created_on: dt(run.created_on, zone),
    exited_on: dt(run.exited_on ?? null, zone),
  };
  return {
    __default__: run.flow.name,
    uuid: run.uuid,
    run: runCtx,
    contact: contactCtx,
    flow: flowRef(run),
    fields: contactCtx.fields,
    urns: urnsContext(contact, redact),
    results: runCtx.results,
    status: run.status,
  };
}

function inputContext(input: MsgIn & { created_on?: string }, assets: AssetIndex, redact: boolean, zone: string): Record<string, unknown> {
  const attachments = input.attachments ?? [];
  const channel = input.channel ? assets.channel(input.channel.uuid) ?? input.channel : null;
  return {
    __default__: [input.text, ...attachments].filter((s) => s !== '').join('\n'),
    uuid: input.uuid ?? '',
    type: 'msg',
    channel: channel ? { __default__: channel.name, uuid: channel.uuid, name: channel.name, address: (channel as { address?: string }).address ?? '' } : null,
    urn: input.urn ? urnText(input.urn, redact) : null,
    text: input.text,
    attachments,
    external_id: input.external_id ?? '',
    created_on: later(input.created_on ?? null, zone),
  };
}

function triggerContext(session: SessionState): Record<string, unknown> {
  const t = session.trigger;
  return {
    type: t.type,
    params: t.params ?? {},
    keyword: t.keyword_match?.keyword ?? '',
    user: null,
    origin: '',
    ticket: null,
    campaign: null,
    optin: null,
  };
}

/**
 * @webhook in a later sprint: as goflow, rebuilt from the newest result saved from a webhook call
 * with a JSON extra (a call whose response was too big or not JSON leaves no @webhook behind).
 */
export function webhookFromResults(run: RunState): Record<string, unknown> | null {
  let newest: RunResult | null = null;
  for (const r of Object.values(run.results)) {
    if (r.extra === undefined || !r.input || !/^(GET|POST|PUT|DELETE|HEAD|PATCH) \S+$/.test(r.input)) continue;
    if (!newest || r.created_on > newest.created_on) newest = r;
  }
  if (!newest) return null;
  const [method, url] = newest.input!.split(' ');
  return { __default__: newest.value, method, url, status: Number(newest.value), json: newest.extra };
}

/** One context being built: the source plus the parts several top-level names share (@contact, @results). */
class ContextParts {
  private contactCtx: Record<string, unknown> | undefined;
  private resultsCtx: Record<string, unknown> | undefined;
  constructor(readonly src: ContextSource) {}

  contact(): Record<string, unknown> {
    const { session, assets, redactUrns, timezone } = this.src;
    return (this.contactCtx ??= contactContext(session.contact, assets, redactUrns, timezone));
  }

  results(): Record<string, unknown> {
    return (this.resultsCtx ??= resultsContext(this.src.run, this.src.timezone));
  }
}

const partContact = (p: ContextParts) => p.contact();
const partFields = (p: ContextParts) => p.contact().fields;
const partResults = (p: ContextParts) => p.results();
const partUrns = (p: ContextParts) => urnsContext(p.src.session.contact, p.src.redactUrns);

function partRun(p: ContextParts): Record<string, unknown> {
  const { run, timezone: zone } = p.src;
  return {
    __default__: run.flow.name,
    uuid: run.uuid,
    flow: flowRef(run),
    status: run.status,
    contact: new Deferred(partContact, p, undefined),
    results: new Deferred(partResults, p, undefined),
    path: new Deferred(runPath, run, zone),
    created_on: later(run.created_on, zone),
    exited_on: later(run.exited_on ?? null, zone),
  };
}

function runPath(run: RunState, zone: string): Record<string, unknown>[] {
  return run.path.map((s) => ({ node_uuid: s.node_uuid, arrived_on: dt(s.arrived_on, zone) }));
}

function partInput(p: ContextParts): Record<string, unknown> | null {
  const { input, assets, redactUrns, timezone } = p.src;
  return input ? inputContext(input, assets, redactUrns, timezone) : null;
}

function partWebhook(p: ContextParts): Record<string, unknown> | null {
  const webhook = p.src.webhook === undefined ? webhookFromResults(p.src.run) : p.src.webhook;
  return webhook ? { ...webhook, __default__: webhook.json ?? webhook.__default__ } : null;
}

function partParent(p: ContextParts): Record<string, unknown> | null {
  const { parent, parentContact, session, assets, redactUrns, timezone } = p.src;
  return parent ? relatedRunContext(parent, parentContact ?? session.contact, assets, redactUrns, timezone) : null;
}

function partChild(p: ContextParts): Record<string, unknown> | null {
  const { child, session, assets, redactUrns, timezone } = p.src;
  return child ? relatedRunContext(child, session.contact, assets, redactUrns, timezone) : null;
}

const partTrigger = (p: ContextParts) => triggerContext(p.src.session);
const partGlobals = (p: ContextParts) => ({ ...p.src.assets.globals });
const partLocals = (p: ContextParts) => ({ ...(p.src.run.locals ?? {}) });

function partNode(p: ContextParts): Record<string, unknown> {
  const { nodeUuid, run } = p.src;
  return { uuid: nodeUuid ?? '', visit_count: nodeUuid ? run.path.filter((s) => s.node_uuid === nodeUuid).length : 0 };
}

const partLegacyExtra = (p: ContextParts) => legacyExtra(p.src.session, p.src.run, p.src.parent);

/**
 * The root context. Every top-level name is present (goflow's contract) but each is built only when a
 * template reads it (see `Deferred`).
 */
export function buildContext(src: ContextSource): Record<string, unknown> {
  const p = new ContextParts(src);
  return {
    __default__: '',
    contact: new Deferred(partContact, p, undefined),
    fields: new Deferred(partFields, p, undefined),
    urns: new Deferred(partUrns, p, undefined),
    run: new Deferred(partRun, p, undefined),
    results: new Deferred(partResults, p, undefined),
    input: new Deferred(partInput, p, undefined),
    webhook: new Deferred(partWebhook, p, undefined),
    parent: new Deferred(partParent, p, undefined),
    child: new Deferred(partChild, p, undefined),
    trigger: new Deferred(partTrigger, p, undefined),
    globals: new Deferred(partGlobals, p, undefined),
    locals: new Deferred(partLocals, p, undefined),
    node: new Deferred(partNode, p, undefined),
    legacy_extra: new Deferred(partLegacyExtra, p, undefined),
  };
}

/**
 * goflow's legacy_extra (old @extra): trigger params, then the extras of results (the trigger's parent
 * run's, then this run's, oldest first). Each result with an extra adds its keys and, under its own
 * key, the extra as JSON text.
 */
function legacyExtra(session: SessionState, run: RunState, parent: RunState | null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const key = (k: string) => k.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 255);
  const addValues = (v: unknown) => {
    if (Array.isArray(v)) v.forEach((item, i) => (out[String(i)] = item));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out[key(k)] = x;
  };
  const addResults = (results: Record<string, RunResult>) => {
    const sorted = Object.values(results).sort((a, b) => (a.created_on < b.created_on ? -1 : a.created_on > b.created_on ? 1 : 0));
    for (const r of sorted) {
      if (r.extra === undefined || r.extra === null) continue;
      out[resultKeyOf(r.name)] = r.extra_raw ?? JSON.stringify(r.extra);
      addValues(r.extra);
    }
  };
  addValues(session.trigger.params);
  if (parent && !session.runs.some((r) => (r as RunState).uuid === parent.uuid)) addResults(parent.results);
  addResults(run.results);
  return out;
}
