import { actionsOf, localizationOf, nodesOf } from './flow-parts.js';
import type { MigrationStep } from './step.js';

/** 14.2.0: open_ticket `body` is renamed `note`; localization keys that are not 3-letter codes are dropped. */
export const step: MigrationStep = {
  version: '14.2.0',
  summary: 'open_ticket body → note; drops non 3-letter localization languages',
  migrate(flow) {
    for (const node of nodesOf(flow)) {
      for (const action of actionsOf(node)) {
        if (action.type === 'open_ticket' && typeof action.body === 'string' && action.body !== '') {
          action.note = action.body;
          delete action.body;
        }
      }
    }
    const localization = localizationOf(flow);
    if (localization) for (const lang of Object.keys(localization)) if (lang.length !== 3) delete localization[lang];
  },
};
