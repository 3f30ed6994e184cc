/**
 * add_contact_groups: adds the contact to manual (non-query) groups.
 * Example: `{ "type": "add_contact_groups", "uuid": "...", "groups": [{ "uuid": "b7cf...", "name": "Nurses" }] }`.
 */
import { z } from 'zod';
import type { ActionSpec } from './types.js';
import type { Action } from '../definition/types.js';
import { actionBase, variableReferenceSchema } from './schema-parts.js';
import { ref, resolveGroups } from './helpers.js';
import { contactGroupsChanged } from '../events/constructors.js';

export const schema = z.object({ ...actionBase, type: z.literal('add_contact_groups'), groups: z.array(variableReferenceSchema) });
export type AddContactGroupsAction = z.infer<typeof schema> & Action;

export const addContactGroups: ActionSpec<AddContactGroupsAction> = {
  type: 'add_contact_groups',
  schema,
  localizable: [],
  evaluated: ['groups[].name_match'],
  execute({ action, run }) {
    const groups = resolveGroups(run, action.groups);
    const current = (run.contact.groups ??= []);
    const added: { uuid: string; name: string }[] = [];
    for (const group of groups) {
      if (group.query) {
        run.error(`Can't add contacts to the query based group '${group.name}'`);
        continue;
      }
      if ((run.contact.status ?? 'active') !== 'active') continue;
      if (current.some((g) => g.uuid === group.uuid)) continue;
      current.push(ref(group));
      added.push(ref(group));
    }
    if (added.length > 0) run.emit(contactGroupsChanged(added, []));
    if (added.length > 0) run.contactChanged();
  },
};
