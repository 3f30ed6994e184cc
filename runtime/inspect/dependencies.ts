/**
 * What a flow depends on: assets named in actions and routers, and contact fields / globals named in templates.
 * With assets, each dependency that does not exist is flagged `missing: true`.
 *
 *   flowDependencies(flow, assets).dependencies
 *   // [{ uuid: 'b7cf...', name: 'Testers', type: 'group' }, { key: 'age', name: '', type: 'field', missing: true }]
 */
import type { SessionAssets } from '../engine/api.js';
import type { Flow } from '../definition/types.js';
import type { JsonObject } from '../definition/json.js';
import { findContextRefs } from '../definition/template-scanner.js';
import { actionAssetReferences, caseAssetReferences, type AssetReference, type DependencyType } from './asset-references.js';
import { extractTemplates, type FlowText } from './templates.js';

/** A dependency as goflow's inspection lists it. Example: `{ uuid: 'b7cf...', name: 'Testers', type: 'group', missing: true }`. */
export interface Dependency {
  uuid?: string;
  key?: string;
  name: string;
  type: DependencyType;
  missing?: boolean;
}

/** Where a reference occurs (for issues). */
/** Example: `{ dependency: { key: 'age', name: '', type: 'field' }, nodeUuid: 'a58b...', actionUuid: 'ad15...', path: 'nodes[0].actions[1].text' }`. */
export interface DependencyOccurrence {
  dependency: Dependency;
  nodeUuid: string;
  actionUuid?: string;
  language?: string;
  path: string;
}

const FIELD_PATHS: string[][] = [['fields'], ['contact', 'fields'], ['parent', 'fields'], ['parent', 'contact', 'fields'], ['child', 'fields'], ['child', 'contact', 'fields']];

/** `fields.age`, `contact.fields.age`, ... → "age"; otherwise null. */
export function fieldKeyOfPath(path: string[]): string | null {
  const lower = path.map((p) => p.toLowerCase());
  for (const prefix of FIELD_PATHS) {
    if (lower.length === prefix.length + 1 && prefix.every((p, i) => lower[i] === p)) return lower[prefix.length]!;
  }
  return null;
}

/** Field and global references of one template. */
export function templateReferences(text: string): Dependency[] {
  const out: Dependency[] = [];
  for (const path of findContextRefs(text)) {
    const field = fieldKeyOfPath(path);
    if (field) out.push({ key: field, name: '', type: 'field' });
    else if (path.length === 2 && path[0]!.toLowerCase() === 'globals') out.push({ key: path[1]!.toLowerCase(), name: '', type: 'global' });
  }
  return out;
}

function fromRef(ref: AssetReference): Dependency {
  return ref.uuid !== undefined ? { uuid: ref.uuid, name: ref.name, type: ref.type } : { key: ref.key, name: ref.name, type: ref.type };
}

function identity(d: Dependency): string {
  return `${d.type}:${d.uuid ?? d.key ?? ''}`;
}

/** Every reference, in flow order: per node, each action's asset references then its templates; then the router. */
export function dependencyOccurrences(flow: Flow): DependencyOccurrence[] {
  const templates = extractTemplates(flow);
  const byAction = new Map<string, FlowText[]>();
  const byNode = new Map<string, FlowText[]>();
  for (const t of templates) {
    const key = t.actionUuid ? `a:${t.actionUuid}` : `n:${t.nodeUuid}`;
    const map = t.actionUuid ? byAction : byNode;
    map.set(key, [...(map.get(key) ?? []), t]);
  }
  const out: DependencyOccurrence[] = [];
  const fromTemplates = (texts: FlowText[] | undefined) => {
    for (const t of texts ?? []) {
      for (const dependency of templateReferences(t.text)) {
        const occ: DependencyOccurrence = { dependency, nodeUuid: t.nodeUuid, path: t.path };
        if (t.actionUuid) occ.actionUuid = t.actionUuid;
        if (t.language) occ.language = t.language;
        out.push(occ);
      }
    }
  };
  flow.nodes.forEach((node, n) => {
    (node.actions ?? []).forEach((action, a) => {
      for (const ref of actionAssetReferences(action)) {
        const path = `nodes[${n}].actions[${a}].${ref.field}${ref.index !== undefined ? `[${ref.index}]` : ''}`;
        out.push({ dependency: fromRef(ref), nodeUuid: node.uuid, actionUuid: action.uuid, path });
      }
      fromTemplates(byAction.get(`a:${action.uuid}`));
    });
    if (node.router?.type === 'switch') {
      (node.router.cases ?? []).forEach((kase, c) => {
        for (const ref of caseAssetReferences(kase as unknown as JsonObject)) {
          out.push({ dependency: fromRef(ref), nodeUuid: node.uuid, path: `nodes[${n}].router.cases[${c}].arguments` });
        }
      });
    }
    fromTemplates(byNode.get(`n:${node.uuid}`));
  });
  return out;
}

/** Whether the assets hold this dependency. Contacts are never assets, so they are never missing. */
export function dependencyExists(dep: Dependency, assets: SessionAssets): boolean {
  const uuidIn = (list: { uuid?: string }[] | undefined) => (list ?? []).some((x) => x.uuid === dep.uuid);
  switch (dep.type) {
    case 'field':
      return (assets.fields ?? []).some((f) => f.key.toLowerCase() === dep.key);
    case 'global':
      return (assets.globals ?? []).some((g) => g.key.toLowerCase() === dep.key);
    case 'flow':
      return (assets.flows ?? []).some((f) => typeof f === 'object' && f !== null && ((f as { uuid?: unknown }).uuid === dep.uuid || (f as { metadata?: { uuid?: unknown } }).metadata?.uuid === dep.uuid));
    case 'group':
      return uuidIn(assets.groups);
    case 'label':
      return uuidIn(assets.labels);
    case 'channel':
      return uuidIn(assets.channels);
    case 'classifier':
      return uuidIn(assets.classifiers);
    case 'contact':
      return true;
    default: {
      // llms, templates, topics, users: only checkable when the asset file carries them
      const list = (assets as unknown as Record<string, unknown>)[`${dep.type}s`];
      if (!Array.isArray(list)) return true;
      return list.some((x) => (x as { uuid?: string }).uuid === dep.uuid);
    }
  }
}

/** The de-duplicated dependency list, flagged `missing` when assets are given and lack them. */
export function flowDependencies(flow: Flow, assets?: SessionAssets): { dependencies: Dependency[]; occurrences: DependencyOccurrence[] } {
  const occurrences = dependencyOccurrences(flow);
  const seen = new Map<string, Dependency>();
  for (const occ of occurrences) {
    const id = identity(occ.dependency);
    if (seen.has(id)) continue;
    const dep: Dependency = { ...occ.dependency };
    if (assets && !dependencyExists(dep, assets)) dep.missing = true;
    seen.set(id, dep);
  }
  return { dependencies: [...seen.values()], occurrences };
}

export function dependencyIdentity(d: Dependency): string {
  return identity(d);
}
