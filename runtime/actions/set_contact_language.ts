/** set_contact_language: changes the contact's ISO-639-3 language. Example: `{ "type": "set_contact_language", "uuid": "...", "language": "fra" }`. */
import { z } from 'zod';
import type { ActionSpec } from './types.js';
import type { Action } from '../definition/types.js';
import { actionBase, templateSchema } from './schema-parts.js';
import { contactLanguageChanged } from '../events/constructors.js';

export const schema = z.object({ ...actionBase, type: z.literal('set_contact_language'), language: templateSchema });
export type SetContactLanguageAction = z.infer<typeof schema> & Action;

export const setContactLanguage: ActionSpec<SetContactLanguageAction> = {
  type: 'set_contact_language',
  schema,
  localizable: [],
  evaluated: ['language'],
  execute({ action, run }) {
    const { text, ok } = run.evaluateChecked(action.language);
    if (!ok) return;
    const language = text.trim();
    if (language !== '' && !/^[a-z]{3}$/i.test(language)) {
      run.error(`iso-639-3 codes must be 3 characters, got: ${language}`);
      return;
    }
    if ((run.contact.language ?? '') === language) return;
    if (language === '') delete run.contact.language;
    else run.contact.language = language;
    run.emit(contactLanguageChanged(language));
    run.contactChanged();
  },
};
