/**
 * has_group(groups, group_uuid, group_name?): one of the groups (usually @contact.groups) has the
 * UUID. The optional name is only for display in editors. The match is the group object.
 *   @(has_group(contact.groups, "b7cf0d83-f1c9-411c-96fd-c511a4cfa86d").match) -> {name: Testers, uuid: b7cf...}
 */
import { XError } from '../../expressions/values.js';
import { toXArray, toXObject, toXText } from '../../expressions/conversions.js';
import { FALSE_RESULT, trueResult, type CaseTestSpec } from './spec.js';

export const hasGroup: CaseTestSpec = {
  type: 'has_group',
  minArgs: 1,
  maxArgs: 2,
  legacy: false,
  description: 'is in the group',
  run(env, args) {
    const groups = toXArray(env, args[0]);
    if (groups instanceof XError) return groups;
    const uuid = toXText(env, args[1]);
    if (uuid instanceof XError) return uuid;
    for (const item of groups.items()) {
      const group = toXObject(env, item);
      if (group instanceof XError) return group;
      const groupUuid = toXText(env, group.get('uuid') ?? null);
      if (groupUuid instanceof XError) return groupUuid;
      if (groupUuid.value === uuid.value) return trueResult(group);
    }
    return FALSE_RESULT;
  },
};
