import { rewriteFlowTemplates } from './rewrite-templates.js';
import { isContextReference, rewriteTemplate } from '../template-scanner.js';
import type { MigrationStep } from './step.js';

/**
 * 13.3.0: `@webhook` used to be the parsed response body; it became an object whose body is `@webhook.json`.
 * Every context reference to `webhook` is renamed (`@webhook.foo` → `@webhook.json.foo`); property lookups
 * named webhook (`@contact.fields.webhook`, `@results.webhook`) are left alone.
 */
export const step: MigrationStep = {
  version: '13.3.0',
  summary: 'renames @webhook to @webhook.json in all templates',
  migrate(flow) {
    rewriteFlowTemplates(flow, (template) =>
      rewriteTemplate(template, ['webhook'], (tokens) => {
        tokens.forEach((token, index) => {
          if (token.kind === 'ident' && token.text.toLowerCase() === 'webhook' && isContextReference(tokens, index)) {
            token.text = 'webhook.json';
          }
        });
      }),
    );
  },
};
