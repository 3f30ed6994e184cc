/**
 * The results a flow can save (what `@results.x` can refer to and what RapidPro's results page shows), and the
 * locals it sets.
 *
 *   flowResults(flow) // [{ key: 'favorite_color', name: 'Favorite Color', categories: ['Red', 'Other'], node_uuids: ['a58b...'] }]
 */
import type { Flow } from '../definition/types.js';
import { snakify } from '../definition/snakify.js';

/** Example: `{ key: 'age', name: 'Age', categories: ['Child', 'Adult'], node_uuids: ['3dcc...'] }`. */
export interface ResultSpec {
  key: string;
  name: string;
  categories: string[];
  node_uuids: string[];
}

/** Categories implied by actions that save a result themselves. */
const ACTION_RESULT_CATEGORIES: Record<string, string[]> = {
  call_webhook: ['Success', 'Failure'],
  call_resthook: ['Success', 'Failure'],
  call_classifier: ['Success', 'Skipped', 'Failure'],
  transfer_airtime: ['Success', 'Failure'],
  open_ticket: ['Success', 'Failure'],
};

/** Locals set by actions (besides set_run_local): these actions write fixed output locals. */
const ACTION_OUTPUT_LOCALS: Record<string, string> = {
  add_contact_urn: '_has_urn',
  open_ticket: '_new_ticket',
  transfer_airtime: '_new_transfer',
};

export function flowResults(flow: Flow): ResultSpec[] {
  const byKey = new Map<string, ResultSpec>();
  const add = (name: string, categories: string[], nodeUuid: string) => {
    const key = snakify(name);
    if (!key) return;
    let spec = byKey.get(key);
    if (!spec) {
      spec = { key, name, categories: [], node_uuids: [] };
      byKey.set(key, spec);
    }
    for (const c of categories) if (!spec.categories.includes(c)) spec.categories.push(c);
    if (!spec.node_uuids.includes(nodeUuid)) spec.node_uuids.push(nodeUuid);
  };
  for (const node of flow.nodes) {
    for (const action of node.actions) {
      if (action.type === 'set_run_result' && typeof action.name === 'string') {
        add(action.name, typeof action.category === 'string' && action.category ? [action.category] : [], node.uuid);
      } else if (ACTION_RESULT_CATEGORIES[action.type] && typeof action.result_name === 'string' && action.result_name) {
        add(action.result_name, ACTION_RESULT_CATEGORIES[action.type]!, node.uuid);
      }
    }
    if (node.router?.result_name) add(node.router.result_name, node.router.categories.map((c) => c.name), node.uuid);
  }
  return [...byKey.values()];
}

export function flowLocals(flow: Flow): string[] {
  const locals: string[] = [];
  const add = (name: unknown) => {
    if (typeof name === 'string' && name && !locals.includes(name)) locals.push(name);
  };
  for (const node of flow.nodes) {
    for (const action of node.actions) {
      if (action.type === 'set_run_local') add(action.local);
      add(action.output_local);
      add(ACTION_OUTPUT_LOCALS[action.type]);
    }
  }
  return locals;
}
