import { casesOf, eachLanguage, getTranslation, nodesOf, routerOf, setTranslation, stringsOf } from './flow-parts.js';
import type { MigrationStep } from './step.js';

/** Case tests that take exactly one (space separated) text argument. */
const SINGLE_ARGUMENT_TESTS = new Set([
  'has_only_text', 'has_phrase', 'has_only_phrase', 'has_any_word', 'has_all_words', 'has_beginning', 'has_pattern',
]);

/** 14.3.1: an editor bug split single-argument text tests into several arguments; they are joined with spaces (translations too). */
export const step: MigrationStep = {
  version: '14.3.1',
  summary: 'joins split arguments of single-argument text tests',
  migrate(flow) {
    const cases = nodesOf(flow).flatMap((node) => {
      const router = routerOf(node);
      return router && router.type === 'switch' ? casesOf(router) : [];
    });
    const affected = cases.filter((c) => SINGLE_ARGUMENT_TESTS.has(String(c.type)));
    for (const c of affected) {
      if (Array.isArray(c.arguments) && c.arguments.length > 1) c.arguments = [stringsOf(c.arguments).join(' ')];
    }
    for (const [, langTrans] of eachLanguage(flow)) {
      for (const c of affected) {
        const uuid = typeof c.uuid === 'string' ? c.uuid : '';
        const translated = getTranslation(langTrans, uuid, 'arguments');
        if (translated && translated.length > 1) setTranslation(langTrans, uuid, 'arguments', [translated.join(' ')]);
      }
    }
  },
};
