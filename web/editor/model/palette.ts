/**
 * The steps a program officer can add, in plain words (titles in i18n under `palette.items.<id>`), and the
 * valid flow node each one creates. Action steps use the engine's action type strings (ACTIONS registry);
 * splits use its router types (`switch`, `random`).
 *
 *   const node = PALETTE.find((item) => item.id === 'ask')!.create();
 *   // → { uuid, actions: [send_msg], router: { type: 'switch', operand: '@input.text', wait: { type: 'msg' }, ... }, exits: [...] }
 */
import type { FlowNode, FlowType, SwitchRouter } from '../../../runtime/definition/types.js';
import { actionAllowedIn, waitAllowedIn } from '../../../runtime/definition/flow-types.js';
import { newAction } from './action-ui.js';
import { newUuid } from './new-uuid.js';
import { ALL_RESPONSES, OTHER } from './router-edits.js';

/** The palette's sections, in order. */
export type PaletteGroup = 'messages' | 'splits' | 'contact' | 'other';

/** Example: `{ id: 'send_msg', group: 'messages', actionType: 'send_msg', create }`. */
export interface PaletteItem {
  id: string;
  group: PaletteGroup;
  /** The engine action type the step performs, if any (checked against the flow type). */
  actionType?: string;
  /** True when the step waits for the contact's reply (not allowed in background flows). */
  waits?: boolean;
  create: () => FlowNode;
}

function actionNode(type: string): FlowNode {
  return { uuid: newUuid(), actions: [newAction(type)], exits: [{ uuid: newUuid(), destination_uuid: null }] };
}

/** A switch router with only its default category (named “All Responses”, or “Other” when rules will follow). */
function switchNode(operand: string, options: { wait?: boolean; resultName?: string; defaultName?: string } = {}): FlowNode {
  const category = { uuid: newUuid(), name: options.defaultName ?? ALL_RESPONSES, exit_uuid: newUuid() };
  const router: SwitchRouter = {
    type: 'switch',
    operand,
    cases: [],
    categories: [category],
    default_category_uuid: category.uuid,
  };
  if (options.wait) router.wait = { type: 'msg' };
  if (options.resultName) router.result_name = options.resultName;
  return { uuid: newUuid(), actions: [], router, exits: [{ uuid: category.exit_uuid, destination_uuid: null }] };
}

/** A node doing an action, then splitting on whether it worked (web service, sub-flow). */
function actionWithOutcome(type: string, operand: string, outcomes: [caseArg: string, name: string][], defaultName: string): FlowNode {
  const node = switchNode(operand, { defaultName });
  node.actions = [newAction(type)];
  const router = node.router as SwitchRouter;
  for (const [arg, name] of outcomes) {
    const category = { uuid: newUuid(), name, exit_uuid: newUuid() };
    router.categories.unshift(category);
    router.cases.push({ uuid: newUuid(), type: 'has_only_text', arguments: [arg], category_uuid: category.uuid });
  }
  node.exits = router.categories.map((category) => ({ uuid: category.exit_uuid, destination_uuid: null }));
  return node;
}

export const PALETTE: readonly PaletteItem[] = [
  { id: 'send_msg', group: 'messages', actionType: 'send_msg', create: () => actionNode('send_msg') },
  {
    id: 'ask',
    group: 'messages',
    actionType: 'send_msg',
    waits: true,
    create: () => {
      const node = switchNode('@input.text', { wait: true, resultName: 'Answer' });
      node.actions = [newAction('send_msg')];
      return node;
    },
  },
  { id: 'send_broadcast', group: 'messages', actionType: 'send_broadcast', create: () => actionNode('send_broadcast') },
  { id: 'split_reply', group: 'splits', waits: true, create: () => switchNode('@input.text', { wait: true, resultName: 'Answer' }) },
  { id: 'split_expression', group: 'splits', create: () => switchNode('@input.text', { defaultName: OTHER }) },
  { id: 'split_field', group: 'splits', create: () => switchNode('@fields.', { defaultName: OTHER }) },
  { id: 'split_group', group: 'splits', create: () => switchNode('@contact.groups', { defaultName: OTHER }) },
  {
    id: 'split_random',
    group: 'splits',
    create: () => {
      const categories = [1, 2].map((index) => ({ uuid: newUuid(), name: `Bucket ${index}`, exit_uuid: newUuid() }));
      return {
        uuid: newUuid(),
        actions: [],
        router: { type: 'random', categories },
        exits: categories.map((category) => ({ uuid: category.exit_uuid, destination_uuid: null })),
      };
    },
  },
  { id: 'set_run_result', group: 'contact', actionType: 'set_run_result', create: () => actionNode('set_run_result') },
  { id: 'set_contact_name', group: 'contact', actionType: 'set_contact_name', create: () => actionNode('set_contact_name') },
  { id: 'set_contact_language', group: 'contact', actionType: 'set_contact_language', create: () => actionNode('set_contact_language') },
  { id: 'set_contact_field', group: 'contact', actionType: 'set_contact_field', create: () => actionNode('set_contact_field') },
  { id: 'add_contact_groups', group: 'contact', actionType: 'add_contact_groups', create: () => actionNode('add_contact_groups') },
  { id: 'remove_contact_groups', group: 'contact', actionType: 'remove_contact_groups', create: () => actionNode('remove_contact_groups') },
  {
    id: 'call_webhook',
    group: 'other',
    actionType: 'call_webhook',
    create: () => actionWithOutcome('call_webhook', '@results.web_service.category', [['Success', 'Success']], 'Failure'),
  },
  {
    id: 'enter_flow',
    group: 'other',
    actionType: 'enter_flow',
    create: () => actionWithOutcome('enter_flow', '@child.run.status', [['completed', 'Complete'], ['expired', 'Expired']], OTHER),
  },
];

/** The palette items a flow of this type can use (no waits in background flows, no messages in offline ones…). */
export function paletteFor(flowType: FlowType): PaletteItem[] {
  return PALETTE.filter((item) => (!item.actionType || actionAllowedIn(item.actionType, flowType)) && (!item.waits || waitAllowedIn('msg', flowType)));
}
