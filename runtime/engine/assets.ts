/**
 * Fast lookups over a session's assets (flows, fields, groups, channels, labels, ...). Built once per
 * assets object and cached, so resuming thousands of sessions against the same assets costs nothing.
 * Flows are read (migrated + validated) lazily through `readFlow` the first time they are needed.
 *
 *   const index = indexAssets(assets);  index.flow(uuid);  index.field('age');  index.groupByName('Nurses')
 */
import type { SessionAssets } from './api.js';
import type { Flow, FlowNode } from '../definition/types.js';
import { loadFlow } from './load-flow.js';

export interface GroupAsset { uuid: string; name: string; query?: string }
export interface ChannelAsset { uuid: string; name: string; address?: string; schemes: string[]; roles: string[]; country?: string }
export interface FieldAsset { uuid?: string; key: string; name: string; type: string }
export interface TemplateAsset { uuid: string; name: string; translations?: unknown[] }

/** A loaded flow plus node lookup by UUID. */
export interface LoadedFlow {
  flow: Flow;
  nodes: Map<string, FlowNode>;
  /** exit UUID → node */
  exitNodes: Map<string, FlowNode>;
}

export class AssetIndex {
  private readonly flowsRaw = new Map<string, unknown>();
  private readonly flowsLoaded = new Map<string, LoadedFlow | Error>();
  private readonly fields = new Map<string, FieldAsset>();
  private readonly groups = new Map<string, GroupAsset>();
  private readonly labels = new Map<string, { uuid: string; name: string }>();
  private readonly channels = new Map<string, ChannelAsset>();
  readonly globals: Record<string, string> = {};
  readonly locations: unknown[] | undefined;

  constructor(readonly raw: SessionAssets) {
    for (const f of raw.flows ?? []) {
      const uuid = (f as { uuid?: string; metadata?: { uuid?: string } }).uuid ?? (f as { metadata?: { uuid?: string } }).metadata?.uuid;
      if (typeof uuid === 'string') this.flowsRaw.set(uuid, f);
    }
    for (const f of raw.fields ?? []) this.fields.set(f.key, f);
    for (const g of raw.groups ?? []) this.groups.set(g.uuid, g);
    for (const l of raw.labels ?? []) this.labels.set(l.uuid, l);
    for (const c of raw.channels ?? []) this.channels.set(c.uuid, c);
    for (const g of raw.globals ?? []) this.globals[g.key] = g.value;
    this.locations = raw.locations;
  }

  /** The flow with that UUID, migrated and indexed; null if absent; throws if it is invalid. */
  flow(uuid: string): LoadedFlow | null {
    let loaded = this.flowsLoaded.get(uuid);
    if (loaded === undefined) {
      const raw = this.flowsRaw.get(uuid);
      if (raw === undefined) return null;
      try {
        const flow = loadFlow(raw);
        const nodes = new Map<string, FlowNode>();
        const exitNodes = new Map<string, FlowNode>();
        for (const node of flow.nodes) {
          nodes.set(node.uuid, node);
          for (const exit of node.exits) exitNodes.set(exit.uuid, node);
        }
        loaded = { flow, nodes, exitNodes };
      } catch (err) {
        loaded = err instanceof Error ? err : new Error(String(err));
      }
      this.flowsLoaded.set(uuid, loaded);
    }
    if (loaded instanceof Error) throw loaded;
    return loaded;
  }

  hasFlow(uuid: string): boolean {
    return this.flowsRaw.has(uuid);
  }

  field(key: string): FieldAsset | null {
    return this.fields.get(key) ?? null;
  }

  allFields(): FieldAsset[] {
    return [...this.fields.values()];
  }

  group(uuid: string): GroupAsset | null {
    return this.groups.get(uuid) ?? null;
  }

  allGroups(): GroupAsset[] {
    return [...this.groups.values()];
  }

  groupByName(name: string): GroupAsset | null {
    const lower = name.trim().toLowerCase();
    for (const g of this.groups.values()) if (g.name.toLowerCase() === lower) return g;
    return null;
  }

  label(uuid: string): { uuid: string; name: string } | null {
    return this.labels.get(uuid) ?? null;
  }

  labelByName(name: string): { uuid: string; name: string } | null {
    const lower = name.trim().toLowerCase();
    for (const l of this.labels.values()) if (l.name.toLowerCase() === lower) return l;
    return null;
  }

  channel(uuid: string): ChannelAsset | null {
    return this.channels.get(uuid) ?? null;
  }

  /** First channel that can send on this URN scheme. */
  channelForScheme(scheme: string): ChannelAsset | null {
    for (const c of this.channels.values()) if (c.roles.includes('send') && c.schemes.includes(scheme)) return c;
    return null;
  }

  classifier(uuid: string): { uuid: string; name: string } | null {
    return (this.raw.classifiers ?? []).find((c) => c.uuid === uuid) ?? null;
  }

  resthook(slug: string): { slug: string; subscribers: string[] } | null {
    return (this.raw.resthooks ?? []).find((r) => r.slug === slug) ?? null;
  }

  template(uuid: string): TemplateAsset | null {
    const templates = (this.raw as { templates?: TemplateAsset[] }).templates ?? [];
    return templates.find((t) => t.uuid === uuid) ?? null;
  }
}

const indexes = new WeakMap<SessionAssets, AssetIndex>();

/** The (cached) index of an assets object. Don't mutate assets after indexing them. */
export function indexAssets(assets: SessionAssets): AssetIndex {
  let index = indexes.get(assets);
  if (!index) {
    index = new AssetIndex(assets);
    indexes.set(assets, index);
  }
  return index;
}
