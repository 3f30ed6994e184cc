import { localizationOf } from './flow-parts.js';
import type { MigrationStep } from './step.js';

/** 13.2.0: a flow language that is not a 3-letter code (the old "base") becomes "und" (undetermined). */
export const step: MigrationStep = {
  version: '13.2.0',
  summary: 'replaces the "base" flow language with "und"',
  migrate(flow) {
    const language = typeof flow.language === 'string' ? flow.language : '';
    if (language.length !== 3) {
      flow.language = 'und';
      const localization = localizationOf(flow);
      // "und" text would now be the base text, so its translations are meaningless
      if (localization) delete localization.und;
    }
  },
};
