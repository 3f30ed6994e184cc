/**
 * The expression context of a run (what `@contact`, `@results`, `@input`, `@parent`, ... see), built
 * from session JSON as plain JS objects (`__default__` gives an object's text value), with typed
 * dates as XDateTime. Mirrors goflow's root context.
 *
 *   const ctx = buildContext(view);  // { contact, fields, urns, run, results, input, webhook, parent, child, ... }
 */
import { xDateTime, xNumber } from '../expressions/values.js';
import type { Contact, MsgIn, SessionState } from './api.js';
import type { AssetIndex } from './assets.js';
import type { RunResult, RunState } from './state.js';
import { parseUrn, formatUrn, URN_SCHEMES } from './urns.js';
import { resultKey as resultKeyOf } from './state.js';
import { destinationOf } from './messages.js';

/** What the context is built from. */
export interface ContextSource {
  session: SessionState;
  run: RunState;
  assets: AssetIndex;
  input: (MsgIn & { created_on?: string }) | null;
  nodeUuid: string | null;
  /** The last webhook call of this run in this sprint (@webhook). */
  webhook: Record<string, unknown> | null;
  parent: RunState | null;
  /** The contact of the parent run when it isn't this session's (flow_action / start_session triggers). */
  parentContact?: Contact | null;
  child: RunState | null;
  redactUrns: boolean;
  timezone: string;
}

/** A stored timestamp as a datetime value, keeping its own offset (goflow keeps stored times in UTC). */
/**
 * Defines `key` on `obj` as an enumerable getter computed on first read and then kept: contexts are
 * built for every evaluation, but most templates read two or three values out of them.
 */
function lazy<T extends object>(obj: T, key: string, compute: () => unknown): T {
  let done = false;
  let value: unknown;
  Object.defineProperty(obj, key, {
    enumerable: true,
    configurable: true,
    get() {
      if (!done) {
        value = compute();
        done = true;
      }
      return value;
    },
  });
  return obj;
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

function urnText(urn: string, redact: boolean): string {
  const p = parseUrn(urn);
  const clean = formatUrn({ ...p, query: '' });
  return redact ? `${p.scheme}:********` : clean;
}

export function contactContext(contact: Contact, assets: AssetIndex, redact: boolean, zone: string): Record<string, unknown> {
  const urns = (contact.urns ?? []).map((u) => urnText(u, redact));
  const destination = destinationOf(contact, assets);
  const channel = destination ? assets.channel(destination.channel.uuid) : null;
  const name = contact.name ?? '';
  const id = contact.id !== undefined ? String(contact.id) : '';
  const out: Record<string, unknown> = {
    __default__: name !== '' ? name : redact ? id : (urns[0] ?? ''),
    uuid: contact.uuid,
    id,
    ref: id,
    name,
    first_name: name.split(/\s+/)[0] ?? '',
    language: contact.language ?? null,
    timezone: contact.timezone ?? null,
    status: contact.status ?? 'active',
    urns,
    urn: destination ? urnText(destination.urn, redact) : null,
    channel: channel ? { __default__: channel.name, uuid: channel.uuid, name: channel.name, address: channel.address ?? '' } : null,
    groups: (contact.groups ?? []).map((g) => ({ __default__: g.name, uuid: g.uuid, name: g.name })),
    tickets: [],
  };
  lazy(out, 'created_on', () => dt(contact.created_on, zone));
  lazy(out, 'last_seen_on', () => dt(contact.last_seen_on ?? null, zone));
  lazy(out, 'fields', () => fieldsContext(contact, assets, zone));
  return out;
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
  const out: Record<string, unknown> = {
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
  };
  return lazy(out, 'created_on', () => dt(r.created_on, zone));
}

export function resultsContext(run: RunState, zone: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const parts: string[] = [];
  for (const [key, r] of Object.entries(run.results)) {
    lazy(out, key, () => resultContext(r, zone));
    parts.push(`${r.name}: ${r.value}`);
  }
  out.__default__ = parts.join('\n');
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
  const out: Record<string, unknown> = {
    __default__: [input.text, ...attachments].filter((s) => s !== '').join('\n'),
    uuid: input.uuid ?? '',
    type: 'msg',
    channel: channel ? { __default__: channel.name, uuid: channel.uuid, name: channel.name, address: (channel as { address?: string }).address ?? '' } : null,
    urn: input.urn ? urnText(input.urn, redact) : null,
    text: input.text,
    attachments,
    external_id: input.external_id ?? '',
  };
  return lazy(out, 'created_on', () => dt(input.created_on ?? null, zone));
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

export function buildContext(src: ContextSource): Record<string, unknown> {
  const { session, run, assets, redactUrns: redact, timezone: zone } = src;
  const ctx: Record<string, unknown> = { __default__: '' };
  let contact: Record<string, unknown> | undefined;
  const contactCtx = () => (contact ??= contactContext(session.contact, assets, redact, zone));
  let results: Record<string, unknown> | undefined;
  const resultsCtx = () => (results ??= resultsContext(run, zone));
  lazy(ctx, 'contact', contactCtx);
  lazy(ctx, 'fields', () => contactCtx().fields);
  lazy(ctx, 'urns', () => urnsContext(session.contact, redact));
  lazy(ctx, 'run', () => {
    const runCtx: Record<string, unknown> = {
      __default__: run.flow.name,
      uuid: run.uuid,
      flow: flowRef(run),
      status: run.status,
    };
    lazy(runCtx, 'contact', contactCtx);
    lazy(runCtx, 'results', resultsCtx);
    lazy(runCtx, 'path', () => run.path.map((s) => ({ node_uuid: s.node_uuid, arrived_on: dt(s.arrived_on, zone) })));
    lazy(runCtx, 'created_on', () => dt(run.created_on, zone));
    lazy(runCtx, 'exited_on', () => dt(run.exited_on ?? null, zone));
    return runCtx;
  });
  lazy(ctx, 'results', resultsCtx);
  lazy(ctx, 'input', () => (src.input ? inputContext(src.input, assets, redact, zone) : null));
  lazy(ctx, 'webhook', () => (src.webhook ? { ...src.webhook, __default__: src.webhook.json ?? src.webhook.__default__ } : null));
  lazy(ctx, 'parent', () => (src.parent ? relatedRunContext(src.parent, src.parentContact ?? session.contact, assets, redact, zone) : null));
  lazy(ctx, 'child', () => (src.child ? relatedRunContext(src.child, session.contact, assets, redact, zone) : null));
  lazy(ctx, 'trigger', () => triggerContext(session));
  lazy(ctx, 'globals', () => ({ ...assets.globals }));
  lazy(ctx, 'locals', () => ({ ...(run.locals ?? {}) }));
  lazy(ctx, 'node', () => ({ uuid: src.nodeUuid ?? '', visit_count: src.nodeUuid ? run.path.filter((s) => s.node_uuid === src.nodeUuid).length : 0 }));
  lazy(ctx, 'legacy_extra', () => legacyExtra(session, run, src.parent));
  return ctx;
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
