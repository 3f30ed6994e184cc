/**
 * send_email: emails someone. The engine only records an email_sent event; the server delivers it.
 * Example: `{ "type": "send_email", "uuid": "...", "addresses": ["nurse@moh.go.ke"], "subject": "Alert", "body": "@contact.name needs help" }`.
 */
import { z } from 'zod';
import type { ActionSpec } from './types.js';
import type { Action } from '../definition/types.js';
import { actionBase, templateSchema } from './schema-parts.js';
import { emailSent } from '../events/constructors.js';

export const schema = z.object({
  ...actionBase,
  type: z.literal('send_email'),
  addresses: z.array(templateSchema).min(1, { message: 'is required' }),
  subject: templateSchema.min(1, { message: 'is required' }),
  body: templateSchema,
});
export type SendEmailAction = z.infer<typeof schema> & Action;

export const sendEmail: ActionSpec<SendEmailAction> = {
  type: 'send_email',
  schema,
  localizable: ['subject', 'body'],
  evaluated: ['addresses', 'subject', 'body'],
  execute({ action, run }) {
    const to: string[] = [];
    for (const template of action.addresses) {
      let address = run.evaluate(template).trim();
      if (address.toLowerCase().startsWith('mailto:')) address = address.slice('mailto:'.length);
      if (address === '') {
        run.error('Email address evaluated to empty string, skipping');
        continue;
      }
      to.push(address);
    }
    const subjectTemplate = run.localize(action.uuid, 'subject', [action.subject]).values[0] ?? '';
    const bodyTemplate = run.localize(action.uuid, 'body', [action.body]).values[0] ?? '';
    // subjects are single-line: collapse every run of whitespace
    const subject = run.evaluate(subjectTemplate).replace(/\s+/g, ' ').trim();
    const body = run.evaluate(bodyTemplate);
    if (subject === '') {
      run.error('Email subject evaluated to empty string, skipping');
      return;
    }
    if (body === '') {
      run.error('Email body evaluated to empty string, skipping');
      return;
    }
    if (to.length === 0) return;
    run.emit(emailSent(to, subject, body));
  },
};
