import { asArray, isObject } from '../json.js';
import { casesOf, deleteTranslation, eachLanguage, isSplitOnActionNode, nodesOf, routerOf } from './flow-parts.js';
import type { MigrationStep } from './step.js';

/**
 * 14.4.1: every webhook/resthook split gets the canonical shape: operand `@webhook.status`, one case
 * `has_number_between 200 299` (keeping the first case's UUID and category). Translated case arguments of these
 * routers are dropped (a status code is never translated).
 */
export const step: MigrationStep = {
  version: '14.4.1',
  summary: 'normalises webhook splits to @webhook.status between 200 and 299',
  migrate(flow) {
    const languages = eachLanguage(flow);
    for (const node of nodesOf(flow)) {
      if (!isSplitOnActionNode(node, ['call_webhook', 'call_resthook'])) continue;
      const router = routerOf(node)!;
      const originalCases = casesOf(router);
      const first = asArray(router.cases)[0];
      if (!isObject(first)) continue;
      first.type = 'has_number_between';
      first.arguments = ['200', '299'];
      router.operand = '@webhook.status';
      router.cases = [first];
      for (const [, langTrans] of languages) {
        for (const c of originalCases) if (typeof c.uuid === 'string' && c.uuid) deleteTranslation(langTrans, c.uuid, 'arguments');
      }
    }
  },
};
