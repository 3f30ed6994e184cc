/**
 * Reads a RapidPro export file (current "version 13" exports and legacy 11.x/12.x ones, or a goflow assets file)
 * into Kiunga: flows migrated to the current spec, contact fields and groups as session assets, campaigns and
 * triggers as they are. References that point nowhere (a flow entering a flow that is not in the file or the
 * workspace, a campaign on a missing group, a trigger on a missing flow...) are reported with their paths.
 * Never throws.
 *
 *   const { assets, flows, campaigns, triggers, issues } = importRapidProExport(fileText, { workspace });
 */
import type { SessionAssets } from '../engine/api.js';
import { checkFlowAssets } from '../definition/asset-check.js';
import { issue, prefixIssues, type FlowIssue } from '../definition/issues.js';
import { asArray, isObject, type JsonObject } from '../definition/json.js';
import { parseJsonText, readFlow } from '../definition/read.js';
import type { Flow } from '../definition/types.js';
import { fieldNameFromExport, fieldTypeFromExport } from './fields.js';
import type { Campaign, ExportTrigger } from './types.js';

/** Example: `{ workspace: currentAssets, baseMediaUrl: 'https://media.example.org' }`. */
export interface ImportOptions {
  /** Assets already in the workspace: references to them are not missing. */
  workspace?: SessionAssets;
  newUuid?: () => string;
  baseMediaUrl?: string;
}

/**
 * Example: `{ flows: [flow], assets: { flows: [flow], fields: [{ key: 'age', name: 'Age', type: 'number' }], groups: [] },
 *   campaigns: [], triggers: [], issues: [], version: '13', site: 'https://app.rapidpro.io' }`.
 */
export interface ImportResult {
  /** Flows (current spec), fields and groups of the file, plus the workspace's when given. */
  assets: SessionAssets;
  /** The file's flows that could be read, migrated to the current spec. */
  flows: Flow[];
  campaigns: Campaign[];
  triggers: ExportTrigger[];
  issues: FlowIssue[];
  /** The file's `version` and `site`, when present. */
  version: string | null;
  site: string | null;
}

type Fields = NonNullable<SessionAssets['fields']>;
type Groups = NonNullable<SessionAssets['groups']>;

/** Date fields every contact has, which campaigns may be relative to. */
const SYSTEM_DATE_FIELDS = new Set(['created_on', 'last_seen_on']);
const FIELD_KEY = /^[a-z_][a-z0-9_]*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function emptyResult(issues: FlowIssue[]): ImportResult {
  return { assets: { flows: [] }, flows: [], campaigns: [], triggers: [], issues, version: null, site: null };
}

function readFields(file: JsonObject, issues: FlowIssue[]): Fields {
  const fields: Fields = [];
  const seen = new Set<string>();
  asArray(file.fields).forEach((raw, i) => {
    if (!isObject(raw)) {
      issues.push(issue('error', 'invalid_field', ['fields', i], 'each field must be an object with a key and a name'));
      return;
    }
    const key = typeof raw.key === 'string' ? raw.key : '';
    if (!FIELD_KEY.test(key)) {
      issues.push(issue('error', 'invalid_field', ['fields', i, 'key'], `"${key}" is not a valid field key (lowercase letters, digits and _)`));
      return;
    }
    const type = fieldTypeFromExport(raw);
    if (!type) {
      issues.push(issue('error', 'invalid_field', ['fields', i, 'type'], `"${String(raw.type ?? raw.value_type)}" is not a field type RapidPro knows`));
      return;
    }
    if (seen.has(key)) {
      issues.push(issue('warning', 'duplicate_field', ['fields', i, 'key'], `field "${key}" is listed twice; the first one is kept`));
      return;
    }
    seen.add(key);
    const field: Fields[number] = { key, name: fieldNameFromExport(raw), type };
    if (typeof raw.uuid === 'string') field.uuid = raw.uuid;
    fields.push(field);
  });
  return fields;
}

function readGroups(file: JsonObject, issues: FlowIssue[]): Groups {
  const groups: Groups = [];
  asArray(file.groups).forEach((raw, i) => {
    if (!isObject(raw) || typeof raw.uuid !== 'string' || !UUID.test(raw.uuid) || typeof raw.name !== 'string' || !raw.name) {
      issues.push(issue('error', 'invalid_group', ['groups', i], 'each group needs a UUID and a name'));
      return;
    }
    const group: Groups[number] = { uuid: raw.uuid, name: raw.name };
    if (typeof raw.query === 'string' && raw.query) group.query = raw.query;
    groups.push(group);
  });
  return groups;
}

function merge<T>(own: T[], workspace: T[] | undefined, same: (a: T, b: T) => boolean): T[] {
  const out = [...own];
  for (const w of workspace ?? []) if (!out.some((o) => same(o, w))) out.push(w);
  return out;
}

function flowUuidOf(f: unknown): string | undefined {
  if (!isObject(f)) return undefined;
  if (typeof f.uuid === 'string') return f.uuid;
  return isObject(f.metadata) && typeof f.metadata.uuid === 'string' ? f.metadata.uuid : undefined;
}

function checkReference(
  ref: unknown, path: (string | number)[], known: Set<string>, kind: string, issues: FlowIssue[], required: boolean,
): void {
  if (ref === undefined || ref === null) {
    if (required) issues.push(issue('error', 'invalid_reference', path, `a ${kind} is required`));
    return;
  }
  if (!isObject(ref) || typeof ref.uuid !== 'string') {
    issues.push(issue('error', 'invalid_reference', path, `must be a ${kind} reference with a uuid and a name`));
    return;
  }
  if (!known.has(ref.uuid)) {
    issues.push(issue('error', 'missing_dependency', path, `refers to the ${kind} "${String(ref.name ?? ref.uuid)}", which is neither in this file nor in the workspace`));
  }
}

function readCampaigns(file: JsonObject, groupUuids: Set<string>, flowUuids: Set<string>, fieldKeys: Set<string>, issues: FlowIssue[]): Campaign[] {
  const campaigns: Campaign[] = [];
  asArray(file.campaigns).forEach((raw, c) => {
    if (!isObject(raw) || typeof raw.name !== 'string') {
      issues.push(issue('error', 'invalid_campaign', ['campaigns', c], 'each campaign needs a name, a group and events'));
      return;
    }
    checkReference(raw.group, ['campaigns', c, 'group'], groupUuids, 'group', issues, true);
    asArray(raw.events).forEach((event, e) => {
      const path = ['campaigns', c, 'events', e];
      if (!isObject(event)) {
        issues.push(issue('error', 'invalid_campaign', path, 'each event must be an object'));
        return;
      }
      const relative = isObject(event.relative_to) ? event.relative_to : null;
      const key = relative && typeof relative.key === 'string' ? relative.key : '';
      if (!key) issues.push(issue('error', 'invalid_campaign', [...path, 'relative_to'], 'the event must be relative to a date field'));
      else if (!fieldKeys.has(key) && !SYSTEM_DATE_FIELDS.has(key)) {
        issues.push(issue('error', 'missing_dependency', [...path, 'relative_to'], `refers to the field "${key}", which is neither in this file nor in the workspace`));
      }
      if (event.event_type === 'F') checkReference(event.flow, [...path, 'flow'], flowUuids, 'flow', issues, true);
    });
    campaigns.push(raw as unknown as Campaign);
  });
  return campaigns;
}

function readTriggers(file: JsonObject, groupUuids: Set<string>, flowUuids: Set<string>, issues: FlowIssue[]): ExportTrigger[] {
  const triggers: ExportTrigger[] = [];
  asArray(file.triggers).forEach((raw, t) => {
    if (!isObject(raw) || typeof raw.trigger_type !== 'string') {
      issues.push(issue('error', 'invalid_trigger', ['triggers', t], 'each trigger needs a trigger_type'));
      return;
    }
    checkReference(raw.flow, ['triggers', t, 'flow'], flowUuids, 'flow', issues, false);
    for (const list of ['groups', 'exclude_groups'] as const) {
      asArray(raw[list]).forEach((g, i) => checkReference(g, ['triggers', t, list, i], groupUuids, 'group', issues, true));
    }
    triggers.push(raw as unknown as ExportTrigger);
  });
  return triggers;
}

export function importRapidProExport(json: unknown, options: ImportOptions = {}): ImportResult {
  try {
    let input = json;
    if (typeof json === 'string') {
      const parsed = parseJsonText(json);
      if (parsed.issues.length) return emptyResult(parsed.issues);
      input = parsed.value;
    }
    if (!isObject(input)) return emptyResult([issue('error', 'not_an_export', '', 'a RapidPro export file must be a JSON object')]);
    const issues: FlowIssue[] = [];
    // a single flow definition (not wrapped in an export) is accepted as a one-flow export
    const file: JsonObject = Array.isArray(input.nodes) || Array.isArray(input.action_sets) ? { flows: [input] } : input;
    if (!Array.isArray(file.flows)) {
      issues.push(issue('error', 'not_an_export', 'flows', 'the file has no list of flows; is it a RapidPro export?'));
      return { ...emptyResult(issues) };
    }
    const version = file.version === undefined || file.version === null ? null : String(file.version);
    const site = typeof file.site === 'string' ? file.site : null;

    const fields = readFields(file, issues);
    const groups = readGroups(file, issues);

    const flows: Flow[] = [];
    file.flows.forEach((raw, i) => {
      const result = readFlow(raw, { newUuid: options.newUuid, baseMediaUrl: options.baseMediaUrl });
      issues.push(...prefixIssues(`flows[${i}]`, result.issues));
      if (result.flow) flows.push(result.flow);
    });
    const workspace = options.workspace;
    // goflow asset files (and Kiunga's own) may also carry labels, channels, globals...: keep them
    const extra: Partial<SessionAssets> = {};
    for (const key of ['labels', 'channels', 'globals', 'classifiers', 'resthooks', 'locations'] as const) {
      if (Array.isArray(file[key])) (extra as Record<string, unknown>)[key] = merge(file[key] as unknown[], workspace?.[key] as unknown[] | undefined, (a, b) => JSON.stringify(a) === JSON.stringify(b));
    }
    const assets: SessionAssets = {
      ...(workspace ?? {}),
      ...extra,
      flows: merge<unknown>(flows, workspace?.flows, (a, b) => flowUuidOf(a) === flowUuidOf(b)),
      fields: merge(fields, workspace?.fields, (a, b) => a.key === b.key),
      groups: merge(groups, workspace?.groups, (a, b) => a.uuid === b.uuid),
    };

    // references from each flow, checked against the file plus the workspace
    file.flows.forEach((raw, i) => {
      const uuid = flowUuidOf(raw);
      const flow = flows.find((f) => f.uuid === uuid);
      if (flow) issues.push(...prefixIssues(`flows[${i}]`, checkFlowAssets(flow, assets, { newUuid: options.newUuid })));
    });

    const flowUuids = new Set((assets.flows ?? []).map(flowUuidOf).filter((u): u is string => !!u));
    const groupUuids = new Set((assets.groups ?? []).map((g) => g.uuid));
    const fieldKeys = new Set((assets.fields ?? []).map((f) => f.key));
    const campaigns = readCampaigns(file, groupUuids, flowUuids, fieldKeys, issues);
    const triggers = readTriggers(file, groupUuids, flowUuids, issues);

    return { assets, flows, campaigns, triggers, issues, version, site };
  } catch (err) {
    return emptyResult([issue('error', 'internal_error', '', `the file could not be imported because of an internal error: ${(err as Error).message}`)]);
  }
}
