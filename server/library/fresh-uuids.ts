/**
 * Gives a flow copy new UUIDs for everything it defines (the flow, nodes, actions, exits, categories, cases),
 * rewriting every reference to them (destinations, category/exit links, localization and `_ui` keys) and
 * leaving references to other assets (groups, fields, other flows) alone. Two flows made from one template
 * thus never share a node UUID, and results per node stay per flow.
 *
 * Example: `withFreshUuids(template, () => randomUUID())` → the same flow with new `uuid`, node and item UUIDs.
 */
import type { Flow } from '../../runtime/definition/types.js';

export function withFreshUuids(flow: Flow, newUuid: () => string): Flow {
  const mapping = new Map<string, string>();
  const own = (uuid: unknown) => {
    if (typeof uuid === 'string' && uuid && !mapping.has(uuid)) mapping.set(uuid, newUuid());
  };
  own(flow.uuid);
  for (const node of flow.nodes) {
    own(node.uuid);
    for (const action of node.actions ?? []) own(action.uuid);
    for (const exit of node.exits ?? []) own(exit.uuid);
    const router = node.router as { categories?: { uuid: string }[]; cases?: { uuid: string }[] } | undefined;
    for (const category of router?.categories ?? []) own(category.uuid);
    for (const kase of router?.cases ?? []) own(kase.uuid);
  }
  const rewrite = (value: unknown): unknown => {
    if (typeof value === 'string') return mapping.get(value) ?? value;
    if (Array.isArray(value)) return value.map(rewrite);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([key, v]) => [mapping.get(key) ?? key, rewrite(v)]));
    }
    return value;
  };
  return rewrite(flow) as Flow;
}
