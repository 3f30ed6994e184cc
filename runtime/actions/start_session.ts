/**
 * start_session: starts a flow for other contacts (groups, contacts, a query, URNs). The engine records
 * a session_triggered event; the server performs the starts.
 * Example: `{ "type": "start_session", "uuid": "...", "flow": { "uuid": "b7cf...", "name": "Survey" }, "groups": [{ "uuid": "...", "name": "Nurses" }] }`.
 */
import { z } from 'zod';
import type { ActionSpec } from './types.js';
import type { Action } from '../definition/types.js';
import { actionBase, referenceSchema } from './schema-parts.js';
import { logMissingDependency } from './helpers.js';
import { recipientFields, resolveRecipients, type RecipientsAction } from './recipients.js';
import { sessionTriggered } from '../events/constructors.js';

export const schema = z.object({
  ...actionBase,
  type: z.literal('start_session'),
  flow: referenceSchema,
  ...recipientFields,
  exclusions: z.record(z.string(), z.unknown()).optional(),
  create_contact: z.boolean().optional(),
});
export type StartSessionAction = z.infer<typeof schema> & Action & RecipientsAction;

export const startSession: ActionSpec<StartSessionAction> = {
  type: 'start_session',
  schema,
  localizable: [],
  evaluated: ['contact_query', 'legacy_vars'],
  execute({ action, run }) {
    const flow = run.findFlow(action.flow);
    if (!flow) {
      logMissingDependency(run, 'flow', action.flow);
      return;
    }
    const r = resolveRecipients(run, action);
    if (run.session.trigger.batch && (r.groups.length > 0 || r.contact_query !== '')) {
      run.error("Can't start new sessions for groups or queries during batch starts");
      return;
    }
    if (r.groups.length === 0 && r.contacts.length === 0 && r.contact_query === '' && r.urns.length === 0 && !action.create_contact) return;
    run.emit(sessionTriggered({
      flow: { uuid: flow.uuid, name: flow.name },
      ...(r.groups.length ? { groups: r.groups } : {}),
      ...(r.contacts.length ? { contacts: r.contacts } : {}),
      ...(r.contact_query ? { contact_query: r.contact_query } : {}),
      exclusions: action.exclusions ?? {},
      ...(r.urns.length ? { urns: r.urns } : {}),
      ...(action.create_contact ? { create_contact: true } : {}),
      run_summary: run.runSummary(),
      history: run.childHistory(),
    }));
  },
};
