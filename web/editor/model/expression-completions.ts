/**
 * Suggestions while typing an expression: @contact…, @fields.<key> (fields the flow already uses), @results.<key>
 * (the flow's real results, from the inspector), @input…. Only the word being typed (from its `@`) is completed.
 *
 *   const list = completionsFor(flow);                  // ['@contact', '@contact.name', …, '@results.age', …]
 *   matchAt('Hi @res', 7, list)  → { start: 3, options: ['@results.age', '@results.age.category', …] }
 */
import type { Flow } from '../../../runtime/definition/types.js';
import { flowResults } from '../../../runtime/inspect/results.js';

const BASE = [
  '@contact', '@contact.name', '@contact.first_name', '@contact.language', '@contact.urn', '@contact.groups', '@contact.fields',
  '@input', '@input.text', '@input.attachments', '@webhook', '@child.run.status',
];

/** Contact field keys the flow mentions (set_contact_field actions and @fields.x anywhere in its text). */
function fieldKeys(flow: Flow): string[] {
  const keys = new Set<string>();
  for (const node of flow.nodes) {
    for (const action of node.actions) {
      const key = (action.field as { key?: unknown } | undefined)?.key;
      if (action.type === 'set_contact_field' && typeof key === 'string' && key) keys.add(key);
    }
  }
  for (const match of JSON.stringify(flow.nodes).matchAll(/@(?:contact\.)?fields\.([a-z_][a-z0-9_]*)/gi)) keys.add(match[1]!.toLowerCase());
  return [...keys].sort();
}

export function completionsFor(flow: Flow): string[] {
  const out = [...BASE];
  for (const key of fieldKeys(flow)) out.push(`@fields.${key}`);
  for (const result of flowResults(flow)) out.push(`@results.${result.key}`, `@results.${result.key}.value`, `@results.${result.key}.category`);
  return [...new Set(out)];
}

/** The `@word` ending at `cursor` and the suggestions that start with it (at most 12), or null. */
export function matchAt(text: string, cursor: number, options: readonly string[]): { start: number; options: string[] } | null {
  const before = text.slice(0, cursor);
  const match = /@[\w.]*$/.exec(before);
  if (!match) return null;
  const typed = match[0].toLowerCase();
  const found = options.filter((option) => option.toLowerCase().startsWith(typed) && option.toLowerCase() !== typed).slice(0, 12);
  return found.length ? { start: match.index, options: found } : null;
}
