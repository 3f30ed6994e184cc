/**
 * The assets each action type refers to by UUID (or key), in the order goflow lists them. References that are
 * templates (`{ "name_match": "@fields.district" }`) are not dependencies: they are resolved when the flow runs.
 *
 *   actionAssetReferences({ type: 'enter_flow', flow: { uuid: 'b7cf...', name: 'Collect Age' } })
 *   // → [{ type: 'flow', uuid: 'b7cf...', name: 'Collect Age', field: 'flow' }]
 */
import { asArray, isObject, type JsonObject } from '../definition/json.js';

/** Asset kinds a flow can depend on. */
export type DependencyType =
  | 'channel' | 'classifier' | 'contact' | 'field' | 'flow' | 'global' | 'group' | 'label' | 'llm' | 'template' | 'topic' | 'user';

/** One reference found in a flow. `field` is the action property it came from (for paths). */
export interface AssetReference {
  type: DependencyType;
  uuid?: string;
  key?: string;
  name: string;
  field: string;
  index?: number;
}

type RefSpec = [field: string, type: DependencyType, many: boolean];

const ACTION_REFERENCES: Record<string, RefSpec[]> = {
  add_contact_groups: [['groups', 'group', true]],
  remove_contact_groups: [['groups', 'group', true]],
  add_input_labels: [['labels', 'label', true]],
  call_classifier: [['classifier', 'classifier', false]],
  call_llm: [['llm', 'llm', false]],
  enter_flow: [['flow', 'flow', false]],
  start_session: [['groups', 'group', true], ['contacts', 'contact', true], ['flow', 'flow', false]],
  send_broadcast: [['groups', 'group', true], ['contacts', 'contact', true], ['template', 'template', false]],
  send_msg: [['template', 'template', false]],
  set_contact_channel: [['channel', 'channel', false]],
  set_contact_field: [['field', 'field', false]],
  open_ticket: [['topic', 'topic', false], ['assignee', 'user', false]],
};

function toReference(value: unknown, type: DependencyType, field: string, index?: number): AssetReference | null {
  if (!isObject(value)) return null;
  const name = typeof value.name === 'string' ? value.name : '';
  const base = index === undefined ? { field } : { field, index };
  if (type === 'field' || type === 'global') {
    return typeof value.key === 'string' && value.key ? { type, key: value.key, name, ...base } : null;
  }
  // an assignee given as { email: "@(...)" } is a template resolved at run time, not a dependency
  return typeof value.uuid === 'string' && value.uuid ? { type, uuid: value.uuid, name, ...base } : null;
}

export function actionAssetReferences(action: JsonObject): AssetReference[] {
  const specs = ACTION_REFERENCES[String(action.type)] ?? [];
  const refs: AssetReference[] = [];
  for (const [field, type, many] of specs) {
    if (many) {
      asArray(action[field]).forEach((item, index) => {
        const ref = toReference(item, type, field, index);
        if (ref) refs.push(ref);
      });
    } else {
      const ref = toReference(action[field], type, field);
      if (ref) refs.push(ref);
    }
  }
  return refs;
}

/** has_group cases name a group by UUID and name in their arguments. */
export function caseAssetReferences(kase: JsonObject): AssetReference[] {
  if (kase.type !== 'has_group') return [];
  const args = asArray(kase.arguments);
  const uuid = typeof args[0] === 'string' ? args[0] : '';
  const name = typeof args[1] === 'string' ? args[1] : '';
  return uuid ? [{ type: 'group', uuid, name, field: 'arguments' }] : [];
}
