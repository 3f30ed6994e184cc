/**
 * send_msg: sends a message to the contact (text, attachments, quick replies), translated into the
 * contact's language when the flow has a translation.
 * Example: `{ "type": "send_msg", "uuid": "...", "text": "Hi @contact.name", "quick_replies": ["Yes", "No"] }`.
 */
import { z } from 'zod';
import type { ActionSpec } from './types.js';
import type { Action } from '../definition/types.js';
import { actionBase, referenceSchema, templateSchema } from './schema-parts.js';
import { buildOutgoingMsg, destinationsOf, evaluateMsgContent, resolveDestination, type MsgContent } from '../engine/messages.js';
import { pickTranslation, renderTemplate } from '../engine/templates.js';
import type { ActionRuntime } from '../engine/runtime-types.js';
import { msgCreated } from '../events/constructors.js';

export const schema = z.object({
  ...actionBase,
  type: z.literal('send_msg'),
  text: templateSchema.min(1, { message: 'is required' }),
  attachments: z.array(templateSchema).max(10, { message: 'must have a maximum of 10 items' }).optional(),
  quick_replies: z.array(templateSchema.max(1000, { message: 'must be less than or equal to 1000' })).max(10, { message: 'must have a maximum of 10 items' }).optional(),
  template: referenceSchema.optional(),
  template_variables: z.array(templateSchema).optional(),
  topic: z.enum(['event', 'account', 'purchase', 'agent']).optional(),
  all_urns: z.boolean().optional(),
});
export type SendMsgAction = z.infer<typeof schema> & Action;

/**
 * The template the message should use on its channel, rendered with the action's template variables;
 * null (plain message) when the template or a translation for the channel/language is missing.
 */
function applyTemplate(run: ActionRuntime, action: SendMsgAction, content: MsgContent): { content: MsgContent; templating: Record<string, unknown>; locale: string } | null {
  const asset = run.assets.template(action.template!.uuid);
  const destination = resolveDestination(run);
  if (!asset || !destination) return null;
  // as goflow: the contact's language (when the workspace allows it), then the workspace's, then the flow's
  const allowed = run.session.environment?.allowed_languages ?? [];
  const contactLanguage = run.contact.language && allowed.includes(run.contact.language) ? [run.contact.language] : [];
  const languages = [...contactLanguage, ...(allowed[0] ? [allowed[0]] : []), run.flow.language];
  const translation = pickTranslation(asset, destination.channel.uuid, languages);
  if (!translation) return null;
  const variables = run.localize(action.uuid, 'template_variables', action.template_variables ?? []).values.map((v) => run.evaluate(v));
  const rendered = renderTemplate(asset, translation, variables);
  return {
    content: {
      text: rendered.text,
      attachments: rendered.attachments.length ? rendered.attachments : content.attachments,
      quick_replies: rendered.quick_replies.length
        ? rendered.quick_replies.map((text, i) => ({ type: 'text' as const, text: text || content.quick_replies[i]?.text || '' }))
        : content.quick_replies,
      language: translation.locale.split('-')[0]!,
    },
    templating: rendered.templating,
    locale: translation.locale,
  };
}

export const sendMsg: ActionSpec<SendMsgAction> = {
  type: 'send_msg',
  schema,
  localizable: ['text', 'attachments', 'quick_replies', 'template_variables'],
  evaluated: ['text', 'attachments', 'quick_replies', 'template_variables'],
  execute({ action, run }) {
    const content = evaluateMsgContent(run, action.uuid, action.text, action.attachments, action.quick_replies);
    const extra: Record<string, unknown> = {};
    if (action.topic) extra.topic = action.topic;
    const templated = action.template ? applyTemplate(run, action, content) : null;
    const final = templated?.content ?? content;
    const msgExtra = { ...extra, ...(templated ? { templating: templated.templating } : {}) };
    // all_urns: one message per URN a channel can reach (goflow), else the preferred URN only
    const targets = action.all_urns ? destinationsOf(run.contact, run.assets, true) : [];
    if (targets.length > 1) for (const to of targets) run.emit(msgCreated(buildOutgoingMsg(run, final, msgExtra, templated?.locale, to)));
    else run.emit(msgCreated(buildOutgoingMsg(run, final, msgExtra, templated?.locale)));
  },
};
