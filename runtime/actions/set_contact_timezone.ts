/** set_contact_timezone: changes the contact's IANA time zone. Example: `{ "type": "set_contact_timezone", "uuid": "...", "timezone": "Africa/Kigali" }`. */
import { z } from 'zod';
import { IANAZone } from 'luxon';
import type { ActionSpec } from './types.js';
import type { Action } from '../definition/types.js';
import { actionBase, templateSchema } from './schema-parts.js';
import { contactTimezoneChanged } from '../events/constructors.js';

export const schema = z.object({ ...actionBase, type: z.literal('set_contact_timezone'), timezone: templateSchema });
export type SetContactTimezoneAction = z.infer<typeof schema> & Action;

export const setContactTimezone: ActionSpec<SetContactTimezoneAction> = {
  type: 'set_contact_timezone',
  schema,
  localizable: [],
  evaluated: ['timezone'],
  execute({ action, run }) {
    const { text, ok } = run.evaluateChecked(action.timezone);
    if (!ok) return;
    const timezone = text.trim();
    if (timezone !== '' && !IANAZone.isValidZone(timezone)) {
      run.error(`Unrecognized timezone: '${timezone}'`, { code: 'timezone:invalid', extra: { timezone } });
      return;
    }
    if ((run.contact.timezone ?? '') === timezone) return;
    if (timezone === '') delete run.contact.timezone;
    else run.contact.timezone = timezone;
    run.emit(contactTimezoneChanged(timezone));
    run.contactChanged();
  },
};
