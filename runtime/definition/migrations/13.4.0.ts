import { asArray, asObject } from '../json.js';
import { actionsOf, deleteTranslation, eachLanguage, getTranslation, nodesOf, setTranslation } from './flow-parts.js';
import type { MigrationStep } from './step.js';

/** 13.4.0: send_msg templating `variables` become the params of a single "body" component (translations move too). */
export const step: MigrationStep = {
  version: '13.4.0',
  summary: 'moves send_msg templating variables into a body component',
  migrate(flow, ctx) {
    for (const node of nodesOf(flow)) {
      for (const action of actionsOf(node)) {
        const templating = action.type === 'send_msg' ? asObject(action.templating) : null;
        if (!templating) continue;
        const templatingUuid = typeof templating.uuid === 'string' ? templating.uuid : '';
        const bodyUuid = ctx.newUuid();
        const variables = Array.isArray(templating.variables) ? asArray(templating.variables) : [];
        templating.components = [{ uuid: bodyUuid, name: 'body', params: variables }];
        for (const [, langTrans] of eachLanguage(flow)) {
          const translated = getTranslation(langTrans, templatingUuid, 'variables');
          if (translated) {
            setTranslation(langTrans, bodyUuid, 'params', translated);
            deleteTranslation(langTrans, templatingUuid, 'variables');
          }
        }
        delete templating.uuid;
        delete templating.variables;
      }
    }
  },
};
