/**
 * Flow types and what each may contain.
 *
 *   isFlowType('messaging')                       // true
 *   actionAllowedIn('say_msg', 'messaging')       // false: voice only
 *   waitAllowedIn('msg', 'messaging_background')  // false: background flows never wait
 */
import type { FlowType } from './types.js';

export const FLOW_TYPES: readonly FlowType[] = ['messaging', 'messaging_background', 'messaging_offline', 'voice'];

export function isFlowType(value: unknown): value is FlowType {
  return typeof value === 'string' && (FLOW_TYPES as readonly string[]).includes(value);
}

const ALL: readonly FlowType[] = FLOW_TYPES;
/** Actions that talk to the contact: not in background flows. */
const INTERACTIVE: readonly FlowType[] = ['messaging', 'messaging_offline', 'voice'];
/** Actions that need the server (HTTP, other contacts, tickets): not in offline (Surveyor) flows. */
const ONLINE: readonly FlowType[] = ['messaging', 'messaging_background', 'voice'];
const VOICE: readonly FlowType[] = ['voice'];

/** Flow types each known action type may appear in (goflow's rules); unknown types are allowed everywhere. */
const ACTION_FLOW_TYPES: Readonly<Record<string, readonly FlowType[]>> = {
  add_contact_groups: ALL,
  add_contact_urn: ALL,
  add_input_labels: ALL,
  call_classifier: ONLINE,
  call_llm: ONLINE,
  call_resthook: ONLINE,
  call_webhook: ONLINE,
  enter_flow: ALL,
  open_ticket: ONLINE,
  play_audio: VOICE,
  remove_contact_groups: ALL,
  request_optin: INTERACTIVE,
  say_msg: VOICE,
  send_broadcast: ONLINE,
  send_email: ONLINE,
  send_msg: INTERACTIVE,
  set_contact_channel: ALL,
  set_contact_field: ALL,
  set_contact_language: ALL,
  set_contact_name: ALL,
  set_contact_status: ALL,
  set_contact_timezone: ALL,
  set_run_local: ALL,
  set_run_result: ALL,
  start_session: ONLINE,
  transfer_airtime: ONLINE,
};

export function allowedFlowTypesForAction(actionType: string): readonly FlowType[] {
  return ACTION_FLOW_TYPES[actionType] ?? ALL;
}

export function actionAllowedIn(actionType: string, flowType: FlowType): boolean {
  return allowedFlowTypesForAction(actionType).includes(flowType);
}

/** msg waits: every flow type but background; dial waits: voice only. */
export function waitAllowedIn(waitType: string, flowType: FlowType): boolean {
  if (waitType === 'msg') return flowType !== 'messaging_background';
  if (waitType === 'dial') return flowType === 'voice';
  return false;
}
