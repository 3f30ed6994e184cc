/**
 * send_msg: sends a message to the contact (text, attachments, quick replies), translated into the
 * contact's language when the flow has a translation.
 * Example: `{ "type": "send_msg", "uuid": "...", "text": "Hi @contact.name", "quick_replies": ["Yes", "No"] }`.
 */
import { z } from 'zod';
import type { ActionSpec } from './types.js';
import type { Action } from '../definition/types.js';
import { actionBase, referenceSchema, templateSchema } from './schema-parts.js';
import { buildOutgoingMsg, evaluateMsgContent } from '../engine/messages.js';

export const schema = z.object({
  ...actionBase,
  type: z.literal('send_msg'),
  text: templateSchema.min(1, { message: 'is required' }).optional().or(z.literal('')),
  attachments: z.array(templateSchema).max(10, { message: 'must have a maximum of 10 items' }).optional(),
  quick_replies: z.array(templateSchema.max(1000, { message: 'must be less than or equal to 1000' })).max(10, { message: 'must have a maximum of 10 items' }).optional(),
  template: referenceSchema.optional(),
  template_variables: z.array(templateSchema).optional(),
  topic: z.enum(['event', 'account', 'purchase', 'agent']).optional(),
  all_urns: z.boolean().optional(),
});
export type SendMsgAction = z.infer<typeof schema> & Action & { text: string };

export const sendMsg: ActionSpec<SendMsgAction> = {
  type: 'send_msg',
  schema,
  localizable: ['text', 'attachments', 'quick_replies', 'template_variables'],
  evaluated: ['text', 'attachments', 'quick_replies', 'template_variables'],
  execute({ action, run }) {
    const content = evaluateMsgContent(run, action.uuid, action.text ?? '', action.attachments, action.quick_replies);
    const extra: Record<string, unknown> = {};
    if (action.topic) extra.topic = action.topic;
    run.emit({ type: 'msg_created', msg: buildOutgoingMsg(run, content, extra) });
  },
};
