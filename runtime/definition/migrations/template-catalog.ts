/**
 * Which properties of each action type and router hold templates (strings that may contain `@expressions`),
 * as of spec 13.x/14.x. Migrations that rewrite expressions (13.3.0, 13.6.1) use this list; it mirrors the
 * published flow spec. Paths: `.text`, `.quick_replies[*]` (every item), `.headers.*` (every value),
 * `.groups[*].name_match` (a property of every item).
 */
export const ACTION_TEMPLATE_PATHS: Readonly<Record<string, readonly string[]>> = {
  add_contact_groups: ['.groups[*].name_match'],
  add_contact_urn: ['.path'],
  add_input_labels: ['.labels[*].name_match'],
  call_classifier: ['.input'],
  call_llm: ['.input', '.instructions'],
  call_resthook: [],
  call_webhook: ['.body', '.headers.*', '.url'],
  enter_flow: [],
  open_ticket: ['.assignee.email_match', '.body', '.note'],
  play_audio: ['.audio_url'],
  remove_contact_groups: ['.groups[*].name_match'],
  request_optin: [],
  say_msg: ['.text'],
  send_broadcast: ['.attachments[*]', '.contact_query', '.groups[*].name_match', '.legacy_vars[*]', '.quick_replies[*]', '.text'],
  send_email: ['.addresses[*]', '.body', '.subject'],
  send_msg: ['.attachments[*]', '.quick_replies[*]', '.template_variables[*]', '.text'],
  set_contact_channel: [],
  set_contact_field: ['.value'],
  set_contact_language: ['.language'],
  set_contact_name: ['.name'],
  set_contact_status: [],
  set_contact_timezone: ['.timezone'],
  set_run_local: ['.value'],
  set_run_result: ['.value'],
  start_session: ['.contact_query', '.groups[*].name_match', '.legacy_vars[*]'],
  transfer_airtime: [],
};

/** Router template paths (both router types). */
export const ROUTER_TEMPLATE_PATHS: readonly string[] = ['.operand', '.cases[*].arguments[*]', '.wait.phone'];
