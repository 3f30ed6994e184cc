/**
 * send_broadcast: sends a message to other contacts (groups, contacts, URNs, a query), in every language
 * the flow is translated into. The engine records broadcast_created; the server sends it.
 * Example: `{ "type": "send_broadcast", "uuid": "...", "text": "Clinic closed today", "groups": [{ "uuid": "...", "name": "Nurses" }] }`.
 */
import { z } from 'zod';
import type { ActionSpec } from './types.js';
import type { Action } from '../definition/types.js';
import { actionBase, referenceSchema, templateSchema } from './schema-parts.js';
import { evaluateMsgContent } from '../engine/messages.js';
import { recipientFields, resolveRecipients, type RecipientsAction } from './recipients.js';
import { broadcastCreated } from '../events/constructors.js';

export const schema = z.object({
  ...actionBase,
  type: z.literal('send_broadcast'),
  text: templateSchema,
  attachments: z.array(templateSchema).max(10).optional(),
  quick_replies: z.array(templateSchema).max(10).optional(),
  template: referenceSchema.optional(),
  template_variables: z.array(templateSchema).optional(),
  ...recipientFields,
});
export type SendBroadcastAction = z.infer<typeof schema> & Action & RecipientsAction;

export const sendBroadcast: ActionSpec<SendBroadcastAction> = {
  type: 'send_broadcast',
  schema,
  localizable: ['text', 'attachments', 'quick_replies'],
  evaluated: ['text', 'attachments', 'quick_replies', 'contact_query', 'legacy_vars', 'template_variables'],
  execute({ action, run }) {
    const r = resolveRecipients(run, action);
    if (run.session.trigger.batch && r.groups.length > 0) {
      run.error("Can't send broadcasts to groups during batch starts");
      return;
    }
    if (r.groups.length === 0 && r.contacts.length === 0 && r.contact_query === '' && r.urns.length === 0) return;

    const baseLanguage = run.flow.language;
    const languages = [baseLanguage, ...Object.keys(run.flow.localization ?? {}).filter((l) => l !== baseLanguage)];
    const translations: Record<string, Record<string, unknown>> = {};
    for (const language of languages) {
      const content = evaluateMsgContent(run, action.uuid, action.text, action.attachments, action.quick_replies, language);
      translations[language] = {
        text: content.text,
        ...(content.attachments.length ? { attachments: content.attachments } : {}),
        ...(content.quick_replies.length ? { quick_replies: content.quick_replies } : {}),
      };
    }
    const template = action.template ? run.assets.template(action.template.uuid) : null;
    run.emit(broadcastCreated({
      translations,
      base_language: baseLanguage,
      ...(r.groups.length ? { groups: r.groups } : {}),
      ...(r.contacts.length ? { contacts: r.contacts } : {}),
      ...(r.contact_query ? { contact_query: r.contact_query } : {}),
      ...(r.urns.length ? { urns: r.urns } : {}),
      ...(template
        ? { template: { uuid: template.uuid, name: template.name }, template_variables: (action.template_variables ?? []).map((v) => run.evaluate(v)) }
        : {}),
    }));
  },
};
