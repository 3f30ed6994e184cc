import { asObject, objectsOf } from '../json.js';
import { actionsOf, deleteTranslation, eachLanguage, getTranslation, nodesOf, setTranslation, stringsOf } from './flow-parts.js';
import type { MigrationStep } from './step.js';

/**
 * 13.5.0: send_msg `templating` (template + components with params) becomes `template` plus one flat list
 * `template_variables` (all component params in order). Translations of component params are merged the same
 * way; components a language does not translate contribute their base params.
 */
export const step: MigrationStep = {
  version: '13.5.0',
  summary: 'flattens send_msg templating into template + template_variables',
  migrate(flow) {
    const languages = eachLanguage(flow);
    for (const node of nodesOf(flow)) {
      for (const action of actionsOf(node)) {
        const templating = action.type === 'send_msg' ? asObject(action.templating) : null;
        if (!templating) continue;
        const variables: string[] = [];
        const localized = new Map<string, string[]>();
        const translatedLanguages = new Set<string>();
        for (const component of objectsOf(templating.components)) {
          const componentUuid = typeof component.uuid === 'string' ? component.uuid : '';
          const params = stringsOf(component.params);
          variables.push(...params);
          for (const [lang, langTrans] of languages) {
            const translated = getTranslation(langTrans, componentUuid, 'params');
            const list = localized.get(lang) ?? [];
            if (translated) {
              list.push(...translated);
              deleteTranslation(langTrans, componentUuid, 'params');
              translatedLanguages.add(lang);
            } else {
              list.push(...params);
            }
            localized.set(lang, list);
          }
        }
        action.template = templating.template;
        action.template_variables = variables;
        delete action.templating;
        const actionUuid = typeof action.uuid === 'string' ? action.uuid : '';
        for (const [lang, langTrans] of languages) {
          if (translatedLanguages.has(lang)) setTranslation(langTrans, actionUuid, 'template_variables', localized.get(lang) ?? []);
        }
      }
    }
  },
};
