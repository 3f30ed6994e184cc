/**
 * remove_contact_groups: takes the contact out of manual groups, or out of all of them (`all_groups`).
 * Example: `{ "type": "remove_contact_groups", "uuid": "...", "groups": [{ "uuid": "b7cf...", "name": "Nurses" }] }`.
 */
import { z } from 'zod';
import type { ActionSpec } from './types.js';
import type { Action } from '../definition/types.js';
import { actionBase, variableReferenceSchema } from './schema-parts.js';
import { ref, resolveGroups } from './helpers.js';
import { contactGroupsChanged } from '../events/constructors.js';

export const schema = z
  .object({
    ...actionBase,
    type: z.literal('remove_contact_groups'),
    groups: z.array(variableReferenceSchema).optional(),
    all_groups: z.boolean().optional(),
  })
  .refine((a) => !(a.all_groups && (a.groups?.length ?? 0) > 0), { message: "can't specify specific groups when all_groups=true" });
export type RemoveContactGroupsAction = z.infer<typeof schema> & Action;

export const removeContactGroups: ActionSpec<RemoveContactGroupsAction> = {
  type: 'remove_contact_groups',
  schema,
  localizable: [],
  evaluated: ['groups[].name_match'],
  execute({ action, run }) {
    const current = run.contact.groups ?? [];
    let toRemove: { uuid: string; name: string }[];
    if (action.all_groups) {
      // every manual group the contact is in, in workspace order
      toRemove = run.assets.allGroups().filter((g) => !g.query && current.some((c) => c.uuid === g.uuid));
    } else {
      toRemove = [];
      for (const group of resolveGroups(run, action.groups)) {
        if (group.query) {
          run.error(`Can't remove contacts from the query based group '${group.name}'`);
          continue;
        }
        toRemove.push(group);
      }
    }
    const removed = toRemove.filter((g) => current.some((c) => c.uuid === g.uuid)).map(ref);
    if (removed.length === 0) return;
    run.contact.groups = current.filter((c) => !removed.some((r) => r.uuid === c.uuid));
    run.emit(contactGroupsChanged([], removed));
    run.contactChanged();
  },
};
