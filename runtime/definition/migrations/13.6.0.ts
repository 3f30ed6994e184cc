import { charLength, truncateChars } from '../snakify.js';
import { objectsOf } from '../json.js';
import { actionsOf, nodesOf, routerOf } from './flow-parts.js';
import type { MigrationStep } from './step.js';

const MAX_RESULT_NAME = 64;
const MAX_CATEGORY_NAME = 36;

function shorten(text: string, max: number): string {
  return truncateChars(text, max).trim(); // no trailing space left behind
}

/** 13.6.0: result names are cut to 64 characters and category names to 36, the limits the spec now enforces. */
export const step: MigrationStep = {
  version: '13.6.0',
  summary: 'truncates result names (64) and category names (36)',
  migrate(flow) {
    for (const node of nodesOf(flow)) {
      for (const action of actionsOf(node)) {
        if (action.type !== 'set_run_result') continue;
        if (typeof action.name === 'string' && charLength(action.name) > MAX_RESULT_NAME) action.name = shorten(action.name, MAX_RESULT_NAME);
        if (typeof action.category === 'string' && charLength(action.category) > MAX_CATEGORY_NAME) {
          action.category = shorten(action.category, MAX_CATEGORY_NAME);
        }
      }
      const router = routerOf(node);
      if (!router) continue;
      if (typeof router.result_name === 'string' && charLength(router.result_name) > MAX_RESULT_NAME) {
        router.result_name = shorten(router.result_name, MAX_RESULT_NAME);
      }
      for (const category of objectsOf(router.categories)) {
        if (typeof category.name === 'string' && charLength(category.name) > MAX_CATEGORY_NAME) {
          category.name = shorten(category.name, MAX_CATEGORY_NAME);
        }
      }
    }
  },
};
