/**
 * set_contact_field: saves a value into one of the workspace's contact fields, typed by the field
 * (number, datetime, location). An empty value clears the field.
 * Example: `{ "type": "set_contact_field", "uuid": "...", "field": { "key": "age", "name": "Age" }, "value": "@results.age" }`.
 */
import { z } from 'zod';
import type { ActionSpec } from './types.js';
import type { Action } from '../definition/types.js';
import { actionBase, fieldReferenceSchema, templateSchema } from './schema-parts.js';
import { logMissingDependency } from './helpers.js';
import { makeFieldValue } from '../engine/field-values.js';
import { contactFieldChanged } from '../events/constructors.js';

export const schema = z.object({ ...actionBase, type: z.literal('set_contact_field'), field: fieldReferenceSchema, value: templateSchema });
export type SetContactFieldAction = z.infer<typeof schema> & Action;

export const setContactField: ActionSpec<SetContactFieldAction> = {
  type: 'set_contact_field',
  schema,
  localizable: [],
  evaluated: ['value'],
  execute({ action, run }) {
    const field = run.assets.field(action.field.key);
    if (!field) {
      logMissingDependency(run, 'field', action.field);
      return;
    }
    const { text, ok } = run.evaluateChecked(action.value);
    if (!ok) return;
    const value = makeFieldValue(field.type, text, run.environment, run.assets.locations);
    const fields = (run.contact.fields ??= {});
    const previous = fields[field.key] ?? null;
    if (JSON.stringify(previous) === JSON.stringify(value)) return;
    if (value === null) delete fields[field.key];
    else fields[field.key] = value;
    run.emit(contactFieldChanged({ key: field.key, name: field.name }, value));
    run.contactChanged();
  },
};
