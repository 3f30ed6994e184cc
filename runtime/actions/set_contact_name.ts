/** set_contact_name: changes the contact's name. Example: `{ "type": "set_contact_name", "uuid": "...", "name": "@results.name" }`. */
import { z } from 'zod';
import type { ActionSpec } from './types.js';
import type { Action } from '../definition/types.js';
import { actionBase, templateSchema } from './schema-parts.js';
import { contactNameChanged } from '../events/constructors.js';

export const schema = z.object({ ...actionBase, type: z.literal('set_contact_name'), name: templateSchema });
export type SetContactNameAction = z.infer<typeof schema> & Action;

/** goflow stores at most 128 characters of a contact name. */
const MAX_NAME_LENGTH = 128;

export const setContactName: ActionSpec<SetContactNameAction> = {
  type: 'set_contact_name',
  schema,
  localizable: [],
  evaluated: ['name'],
  execute({ action, run }) {
    const { text, ok } = run.evaluateChecked(action.name);
    if (!ok) return;
    const name = [...text.trim()].slice(0, MAX_NAME_LENGTH).join('');
    if ((run.contact.name ?? '') === name) return;
    if (name === '') delete run.contact.name;
    else run.contact.name = name;
    run.emit(contactNameChanged(name));
    run.contactChanged();
  },
};
