import { snakify, truncateChars } from '../snakify.js';
import { actionsOf, nodesOf, routerOf } from './flow-parts.js';
import { rewriteFlowTemplates } from './rewrite-templates.js';
import { isContextReference, nextTokenIndex, rewriteTemplate } from '../template-scanner.js';
import type { MigrationStep } from './step.js';

const MAX_RESULT_REF = 64;

/**
 * 13.6.1: after 13.6.0 shortened result names, lookups like `@results.<very long name>` must be shortened the
 * same way to keep matching. A cut that leaves a trailing "_" is trimmed when only the trimmed key exists.
 */
export const step: MigrationStep = {
  version: '13.6.1',
  summary: 'truncates @results lookups to 64 characters to match truncated result names',
  migrate(flow) {
    const keys = new Set<string>();
    for (const node of nodesOf(flow)) {
      for (const action of actionsOf(node)) {
        if (action.type === 'set_run_result' && typeof action.name === 'string' && action.name) keys.add(snakify(action.name));
      }
      const router = routerOf(node);
      if (router && typeof router.result_name === 'string' && router.result_name) keys.add(snakify(router.result_name));
    }
    const truncate = (lookup: string): string => {
      const truncated = truncateChars(lookup, MAX_RESULT_REF);
      const trimmed = truncated.replace(/_+$/, '');
      if (trimmed !== truncated && !keys.has(truncated.toLowerCase()) && keys.has(trimmed.toLowerCase())) return trimmed;
      return truncated;
    };
    rewriteFlowTemplates(flow, (template) =>
      rewriteTemplate(template, ['results'], (tokens) => {
        tokens.forEach((token, index) => {
          if (token.kind !== 'ident' || token.text.toLowerCase() !== 'results' || !isContextReference(tokens, index)) return;
          const dot = nextTokenIndex(tokens, index);
          if (dot < 0 || tokens[dot]!.text !== '.') return;
          const lookup = nextTokenIndex(tokens, dot);
          if (lookup < 0) return;
          const target = tokens[lookup]!;
          if (target.kind === 'ident' || target.kind === 'number') target.text = truncate(target.text);
        });
      }),
    );
  },
};
