/**
 * set_contact_channel: makes a channel the contact's preferred one (moves the matching URN first and
 * pins it to the channel); `null` unpins all URNs.
 * Example: `{ "type": "set_contact_channel", "uuid": "...", "channel": { "uuid": "57f1...", "name": "Android" } }`.
 */
import { z } from 'zod';
import type { ActionSpec } from './types.js';
import type { Action } from '../definition/types.js';
import { actionBase, referenceSchema } from './schema-parts.js';
import { logMissingDependency } from './helpers.js';
import { parseUrn, formatUrn } from '../engine/urns.js';
import { contactUrnsChanged } from '../events/constructors.js';

export const schema = z.object({ ...actionBase, type: z.literal('set_contact_channel'), channel: referenceSchema.nullable() });
export type SetContactChannelAction = z.infer<typeof schema> & Action;

export const setContactChannel: ActionSpec<SetContactChannelAction> = {
  type: 'set_contact_channel',
  schema,
  localizable: [],
  evaluated: [],
  execute({ action, run }) {
    const before = run.contact.urns ?? [];
    let after: string[];
    if (action.channel === null) {
      after = before.map((u) => {
        const p = parseUrn(u);
        return formatUrn({ ...p, query: stripChannel(p.query) });
      });
    } else {
      const channel = run.assets.channel(action.channel.uuid);
      if (!channel) {
        logMissingDependency(run, 'channel', action.channel);
        return;
      }
      if (!channel.roles.includes('send')) {
        run.error("Can't set channel that can't send as the preferred channel");
        return;
      }
      const parsed = before.map(parseUrn);
      const index = parsed.findIndex((p) => channel.schemes.includes(p.scheme));
      if (index < 0) return;
      const chosen = parsed[index]!;
      const pinned = formatUrn({ ...chosen, query: withChannel(chosen.query, channel.uuid) });
      after = [pinned, ...before.filter((_, i) => i !== index)];
    }
    if (JSON.stringify(after) === JSON.stringify(before)) return;
    run.contact.urns = after;
    run.emit(contactUrnsChanged(after));
    run.contactChanged();
  },
};

function stripChannel(query: string): string {
  return query
    .split('&')
    .filter((kv) => kv !== '' && !kv.startsWith('channel='))
    .join('&');
}

function withChannel(query: string, channelUuid: string): string {
  const rest = stripChannel(query).split('&').filter((kv) => kv !== '' && !kv.startsWith('id='));
  return [`channel=${channelUuid}`, ...rest].join('&');
}
