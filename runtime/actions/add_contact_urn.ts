/**
 * add_contact_urn: gives the contact another URN (phone number, email, ...), normalized.
 * Example: `{ "type": "add_contact_urn", "uuid": "...", "scheme": "tel", "path": "@results.phone" }`.
 */
import { z } from 'zod';
import type { ActionSpec } from './types.js';
import type { Action } from '../definition/types.js';
import { actionBase, templateSchema } from './schema-parts.js';
import { normalizeUrn, parseUrn, sameIdentity, URN_SCHEMES } from '../engine/urns.js';
import { contactUrnsChanged } from '../events/constructors.js';

export const schema = z.object({
  ...actionBase,
  type: z.literal('add_contact_urn'),
  scheme: z.string().refine((s) => URN_SCHEMES.has(s), { message: 'is not a valid URN scheme' }),
  path: templateSchema,
});
export type AddContactUrnAction = z.infer<typeof schema> & Action;

export const addContactUrn: ActionSpec<AddContactUrnAction> = {
  type: 'add_contact_urn',
  schema,
  localizable: [],
  evaluated: ['path'],
  execute({ action, run }) {
    const path = run.evaluate(action.path).trim();
    if (path === '') {
      run.error("Can't add URN with empty path");
      return;
    }
    const urn = normalizeUrn(action.scheme, path, run.environment.default_country ?? null);
    if (urn === null) {
      const raw = `${action.scheme}:${path}`;
      run.error(`'${raw}' is not valid URN`, { code: 'urn:invalid', extra: { urn: raw } });
      return;
    }
    const urns = run.contact.urns ?? [];
    if (urns.some((u) => sameIdentity(parseUrn(u), parseUrn(urn)))) return;
    run.contact.urns = [...urns, urn];
    run.emit(contactUrnsChanged(run.contact.urns));
    run.contactChanged();
  },
};
