/**
 * Plain-words descriptions of what a node does, for program officers: "Send a message", "Wait for the reply",
 * "Split by contact field district". Titles come from the translations; details are the flow's own content.
 *
 *   describeAction({ type: 'send_msg', text: 'Hello', quick_replies: ['Yes'] }, t)
 *     → { title: 'Send a message', detail: 'Hello', chips: ['Yes'] }
 */
import type { TFunction } from 'i18next';
import type { Action, Case, Router } from '../../../runtime/definition/types.js';
import { ACTIONS } from '../../../runtime/actions/registry.js';

/** What one line of a card shows. Example: `{ title: "Save a result", detail: "Age: @input.text" }`. */
export interface StepDescription {
  title: string;
  detail?: string;
  chips?: string[];
}


function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function names(value: unknown): string {
  if (!Array.isArray(value)) return '';
  return value
    .map((item) => (item && typeof item === 'object' ? text((item as { name?: unknown }).name) || text((item as { name_match?: unknown }).name_match) : text(item)))
    .filter(Boolean)
    .join(', ');
}

function refName(value: unknown): string {
  return value && typeof value === 'object' ? text((value as { name?: unknown }).name) : '';
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export function describeAction(action: Action, t: TFunction): StepDescription {
  // Titles exist for every type of the engine's registry (a unit test checks it); others are named as-is.
  const title = ACTIONS[action.type]
    ? t(`steps.actions.${action.type}`)
    : t('steps.actions.unknown', { type: action.type });
  switch (action.type) {
    case 'send_msg':
    case 'say_msg':
    case 'send_broadcast':
      return { title, detail: text(action.text), chips: stringList(action.quick_replies) };
    case 'send_email':
      return { title, detail: [text(action.subject), stringList(action.addresses).join(', ')].filter(Boolean).join(' — ') };
    case 'set_run_result':
      return { title, detail: `${text(action.name)}: ${text(action.value)}` };
    case 'set_run_local':
      return { title, detail: `${text(action.local)}: ${text(action.value)}` };
    case 'set_contact_field':
      return { title, detail: `${refName(action.field) || text((action.field as { key?: unknown } | undefined)?.key)}: ${text(action.value)}` };
    case 'set_contact_name':
      return { title, detail: text(action.name) };
    case 'set_contact_language':
      return { title, detail: text(action.language) };
    case 'set_contact_status':
      return { title, detail: text(action.status) };
    case 'set_contact_timezone':
      return { title, detail: text(action.timezone) };
    case 'set_contact_channel':
      return { title, detail: refName(action.channel) };
    case 'add_contact_groups':
    case 'remove_contact_groups':
      return { title, detail: action.all_groups ? t('steps.allGroups') : names(action.groups) };
    case 'add_contact_urn':
      return { title, detail: `${text(action.scheme)}:${text(action.path)}` };
    case 'add_input_labels':
      return { title, detail: names(action.labels) };
    case 'enter_flow':
    case 'start_session':
      return { title, detail: refName(action.flow) };
    case 'call_webhook':
      return { title, detail: `${text(action.method) || 'GET'} ${text(action.url)}` };
    case 'call_resthook':
      return { title, detail: text(action.resthook) };
    case 'kiunga_fhir_read':
      return { title, detail: text(action.query) };
    case 'call_classifier':
      return { title, detail: refName(action.classifier) };
    case 'play_audio':
      return { title, detail: text(action.audio_url) };
    default:
      return { title };
  }
}

/** A readable name for a router operand: the reply, a contact field, a result, else the expression. */
export function describeOperand(operand: string, t: TFunction): string {
  const expression = operand.trim().replace(/^@\(?/, '').replace(/\)$/, '');
  if (expression === 'input' || expression === 'input.text') return t('steps.operand.reply');
  const field = /^fields\.([\w]+)$/.exec(expression) ?? /^contact\.fields\.([\w]+)$/.exec(expression);
  if (field) return t('steps.operand.field', { name: field[1] });
  const result = /^results\.([\w]+)(\.value|\.category)?$/.exec(expression);
  if (result) return t('steps.operand.result', { name: result[1] });
  if (/^child(\.|$)/.test(expression)) return t('steps.operand.child');
  if (/^(webhook|resthook)(\.|$)/.test(expression)) return t('steps.operand.webhook');
  if (expression === 'contact.groups') return t('steps.operand.groups');
  if (expression === 'contact.language') return t('steps.operand.language');
  if (expression === 'contact.channel' || expression.startsWith('contact.channel.')) return t('steps.operand.channel');
  return operand;
}

/** The heading of a node's router part: "Wait for the reply", "Split by …", "Split randomly". */
export function describeRouter(router: Router, t: TFunction): StepDescription {
  if (router.wait?.type === 'msg') {
    return { title: t('steps.router.waitForReply'), detail: router.result_name ? t('steps.router.savedAs', { name: router.result_name }) : undefined };
  }
  if (router.wait?.type === 'dial') return { title: t('steps.router.dial') };
  if (router.type === 'random') return { title: t('steps.router.random') };
  return {
    title: t('steps.router.splitBy', { operand: describeOperand(router.operand, t) }),
    detail: router.result_name ? t('steps.router.savedAs', { name: router.result_name }) : undefined,
  };
}

/** A case test in words: `has_number_between ["1","10"]` → "has a number between 1 and 10". */
export function describeCase(testCase: Case, t: TFunction): string {
  const args = testCase.arguments ?? [];
  const key = `steps.cases.${testCase.type}`;
  const described = t(key, {
    defaultValue: '',
    arg0: args[0] ?? '',
    arg1: args[1] ?? '',
    args: args.join(', '),
  });
  return described || t('steps.cases.unknown', { type: testCase.type, args: args.join(', ') });
}

/** Human duration for wait timeouts: 300 → "5 min", 86400 → "1 d". */
export function formatDuration(seconds: number, t: TFunction): string {
  if (seconds % 86400 === 0) return t('steps.duration.days', { count: seconds / 86400 });
  if (seconds % 3600 === 0) return t('steps.duration.hours', { count: seconds / 3600 });
  if (seconds % 60 === 0) return t('steps.duration.minutes', { count: seconds / 60 });
  return t('steps.duration.seconds', { count: seconds });
}
