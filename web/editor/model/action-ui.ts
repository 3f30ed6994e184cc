/**
 * The editor's entry for every action type of the engine's registry (runtime/actions/registry.ts), keyed by
 * the registry's own type string: which form edits it and what a new action of that type starts as.
 * Types the engine keeps but does not perform (`outOfScope`: voice, airtime, tickets, LLM, opt-ins) have no
 * entry: they show on the canvas and in the JSON tab, and the form says so.
 *
 *   ACTION_UI['send_msg'].form          → 'message'
 *   newAction('set_run_result')         → { uuid: '…', type: 'set_run_result', name: 'Result', value: '@input.text' }
 */
import type { Action } from '../../../runtime/definition/types.js';
import { ACTIONS } from '../../../runtime/actions/registry.js';
import { newUuid } from './new-uuid.js';

/** Which form of the side panel edits an action. `fields` lists the action's text fields as expression inputs. */
export type ActionFormKind =
  | 'message'
  | 'broadcast'
  | 'result'
  | 'contact_name'
  | 'contact_language'
  | 'contact_field'
  | 'groups'
  | 'webhook'
  | 'flow'
  | 'fields';

/** Example: `{ form: 'result', defaults: () => ({ name: 'Result', value: '@input.text' }) }`. */
export interface ActionUi {
  form: ActionFormKind;
  /** The fields of a new action of this type, besides `uuid` and `type`. */
  defaults: () => Record<string, unknown>;
  /** For the `fields` form: which top-level string fields to show. */
  textFields?: readonly string[];
}

export const ACTION_UI: Readonly<Record<string, ActionUi>> = {
  send_msg: { form: 'message', defaults: () => ({ text: '' }) },
  send_broadcast: { form: 'broadcast', defaults: () => ({ text: '', groups: [] }) },
  set_run_result: { form: 'result', defaults: () => ({ name: 'Result', value: '@input.text', category: '' }) },
  set_contact_name: { form: 'contact_name', defaults: () => ({ name: '@input.text' }) },
  set_contact_language: { form: 'contact_language', defaults: () => ({ language: 'eng' }) },
  set_contact_field: { form: 'contact_field', defaults: () => ({ field: { key: '', name: '' }, value: '@input.text' }) },
  add_contact_groups: { form: 'groups', defaults: () => ({ groups: [] }) },
  remove_contact_groups: { form: 'groups', defaults: () => ({ groups: [], all_groups: false }) },
  call_webhook: { form: 'webhook', defaults: () => ({ method: 'GET', url: '', headers: {}, body: '', result_name: 'Web service' }) },
  enter_flow: { form: 'flow', defaults: () => ({ flow: { uuid: '', name: '' }, terminal: false }) },
  start_session: { form: 'flow', defaults: () => ({ flow: { uuid: '', name: '' }, groups: [] }) },
  set_run_local: { form: 'fields', defaults: () => ({ local: 'counter', value: '1', operation: 'set' }), textFields: ['local', 'value'] },
  set_contact_status: { form: 'fields', defaults: () => ({ status: 'active' }), textFields: ['status'] },
  set_contact_timezone: { form: 'fields', defaults: () => ({ timezone: '' }), textFields: ['timezone'] },
  set_contact_channel: { form: 'fields', defaults: () => ({ channel: null }), textFields: [] },
  add_contact_urn: { form: 'fields', defaults: () => ({ scheme: 'tel', path: '' }), textFields: ['scheme', 'path'] },
  add_input_labels: { form: 'fields', defaults: () => ({ labels: [] }), textFields: [] },
  call_resthook: { form: 'fields', defaults: () => ({ resthook: '', result_name: 'Result' }), textFields: ['resthook', 'result_name'] },
  call_classifier: { form: 'fields', defaults: () => ({ classifier: { uuid: '', name: '' }, input: '@input.text', result_name: 'Intent' }), textFields: ['input', 'result_name'] },
  kiunga_fhir_read: { form: 'fields', defaults: () => ({ query: '', result_name: 'Health record' }), textFields: ['query', 'result_name'] },
  kiunga_fhir_write: { form: 'fields', defaults: () => ({ resource: { kind: 'questionnaire_response' }, result_name: 'Report' }), textFields: ['result_name'] },
  send_email: { form: 'fields', defaults: () => ({ addresses: [''], subject: '', body: '' }), textFields: ['subject', 'body'] },
};

/** Action types the engine performs (every type in ACTIONS that is not out of scope). */
export function inScopeActionTypes(): string[] {
  return Object.values(ACTIONS)
    .filter((spec) => !spec.outOfScope)
    .map((spec) => spec.type);
}

/** A new action of a registry type with the editor's defaults. Throws on a type the registry does not know. */
export function newAction(type: string): Action {
  if (!ACTIONS[type]) throw new Error(`newAction: "${type}" is not an action type of the engine (runtime/actions/registry.ts)`);
  const ui = ACTION_UI[type];
  if (!ui) throw new Error(`newAction: the editor has no form for the action type "${type}"`);
  return { uuid: newUuid(), type, ...ui.defaults() };
}
