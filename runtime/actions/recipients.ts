/**
 * Recipients of actions that reach other contacts (send_broadcast, start_session): groups, contacts,
 * a contact query, URNs and legacy variables (which may name a contact UUID, a group or a phone number).
 *
 *   const r = resolveRecipients(run, action);  // { groups, contacts, contact_query, urns }
 */
import { z } from 'zod';
import type { ActionRuntime } from '../engine/runtime-types.js';
import { referenceSchema, templateSchema, uuidSchema, variableReferenceSchema } from './schema-parts.js';
import { ref, resolveGroups, type VariableReference } from './helpers.js';
import { normalizeUrn, parseUrnString } from '../engine/urns.js';

export const recipientFields = {
  groups: z.array(variableReferenceSchema).optional(),
  contacts: z.array(z.object({ uuid: uuidSchema, name: z.string() })).optional(),
  contact_query: templateSchema.optional(),
  urns: z.array(z.string()).optional(),
  legacy_vars: z.array(templateSchema).optional(),
};
export { referenceSchema };

export interface RecipientsAction {
  groups?: VariableReference[];
  contacts?: { uuid: string; name: string }[];
  contact_query?: string;
  urns?: string[];
  legacy_vars?: string[];
}

export interface Recipients {
  groups: { uuid: string; name: string }[];
  contacts: { uuid: string; name: string }[];
  contact_query: string;
  urns: string[];
}

const UUID_ONLY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function resolveRecipients(run: ActionRuntime, action: RecipientsAction): Recipients {
  const groups = resolveGroups(run, action.groups).map(ref);
  const contacts = [...(action.contacts ?? [])];
  const urns = [...(action.urns ?? [])];
  const country = run.environment.default_country ?? null;
  for (const template of action.legacy_vars ?? []) {
    const value = run.evaluate(template).trim();
    if (UUID_ONLY.test(value)) {
      contacts.push({ uuid: value, name: '' });
      continue;
    }
    const group = value ? run.assets.groupByName(value) : null;
    if (group) {
      groups.push(ref(group));
      continue;
    }
    const asUrn = parseUrnString(value);
    const normalized = asUrn ? normalizeUrn(asUrn.scheme, asUrn.path, country) : null;
    if (normalized) {
      urns.push(normalized);
      continue;
    }
    const phone = /^[+\d\s().-]{5,}$/.test(value) ? normalizeUrn('tel', value, country) : null;
    if (phone) {
      urns.push(phone);
      continue;
    }
    run.error(`'${value}' couldn't be resolved to a contact, group or URN`);
  }
  const contact_query = action.contact_query ? run.evaluateQuery(action.contact_query).trim() : '';
  return { groups, contacts, contact_query, urns };
}
