/**
 * set_contact_status: blocks, stops, archives or re-activates the contact. Blocking or stopping also takes
 * the contact out of every group. Example: `{ "type": "set_contact_status", "uuid": "...", "status": "blocked" }`.
 */
import { z } from 'zod';
import type { ActionSpec } from './types.js';
import type { Action } from '../definition/types.js';
import { actionBase } from './schema-parts.js';
import { contactStatusChanged } from '../events/constructors.js';

export const schema = z.object({
  ...actionBase,
  type: z.literal('set_contact_status'),
  status: z.enum(['active', 'blocked', 'stopped', 'archived'], { message: 'is not a valid contact status' }),
});
export type SetContactStatusAction = z.infer<typeof schema> & Action;

export const setContactStatus: ActionSpec<SetContactStatusAction> = {
  type: 'set_contact_status',
  schema,
  localizable: [],
  evaluated: [],
  execute({ action, run }) {
    if ((run.contact.status ?? 'active') === action.status) return;
    run.contact.status = action.status;
    run.emit(contactStatusChanged(action.status));
    run.contactChanged();
  },
};
