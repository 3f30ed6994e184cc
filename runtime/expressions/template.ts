/**
 * Templates: text with `@name.path` identifiers and `@(expression)` blocks, as in goflow.
 * - `@@` is a literal `@`;
 * - `@word` is only an identifier when `word` is a known top-level name (contact, results, ...);
 *   otherwise it stays as written, so "ben@macklemore.com" is untouched;
 * - `@(` without its closing `)` stays as written;
 * - an identifier ending in "." leaves the dot in the text ("@contact.name." -> "Bob.").
 *
 *   scanTemplate('Hi @contact.name! @(1 + 2)', TOP_LEVELS) ->
 *     [{ type: 'body', text: 'Hi ' }, { type: 'identifier', text: 'contact.name' }, { type: 'body', text: '! ' }, { type: 'expression', text: '1 + 2' }]
 */

/** goflow's run context top-level names. */
export const TOP_LEVELS = [
  'child', 'contact', 'fields', 'globals', 'input', 'legacy_extra', 'locals', 'node', 'parent',
  'results', 'resume', 'run', 'ticket', 'trigger', 'urns', 'webhook',
] as const;

/** One piece of a template. Example: { type: 'expression', text: '1 + 2' }. */
export interface TemplatePiece {
  type: 'body' | 'identifier' | 'expression';
  text: string;
}

const IDENTIFIER_CHAR = /[\p{L}\p{N}._]/u;

/** Length (1 or 2 UTF-16 units) of the identifier character at i, or 0 if it is not one. */
function identifierCharAt(s: string, i: number): number {
  if (i >= s.length) return 0;
  const c = s.charCodeAt(i);
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 46 || c === 95) return 1;
  if (c < 128) return 0;
  const cp = s.codePointAt(i)!;
  const ch = String.fromCodePoint(cp);
  return IDENTIFIER_CHAR.test(ch) ? ch.length : 0;
}

/** Splits a template into body text, identifiers and expressions. */
export function scanTemplate(template: string, topLevels: ReadonlySet<string>): TemplatePiece[] {
  const pieces: TemplatePiece[] = [];
  let body = '';
  const flushBody = () => {
    if (body) pieces.push({ type: 'body', text: body });
    body = '';
  };
  let i = 0;
  const n = template.length;
  while (i < n) {
    const at = template.indexOf('@', i);
    if (at < 0) {
      body += template.slice(i);
      break;
    }
    body += template.slice(i, at);
    i = at;
    const next = template[i + 1];
    if (next === '@') {
      body += '@';
      i += 2;
      continue;
    }
    if (next === '(') {
      const end = findExpressionEnd(template, i + 2);
      if (end < 0) {
        // unclosed: the rest of the template is plain text
        body += template.slice(i);
        break;
      }
      flushBody();
      pieces.push({ type: 'expression', text: template.slice(i + 2, end) });
      i = end + 1;
      continue;
    }
    if (identifierCharAt(template, i + 1) > 0) {
      let j = i + 1;
      for (let len = identifierCharAt(template, j); len > 0; len = identifierCharAt(template, j)) j += len;
      let ident = template.slice(i + 1, j);
      const dot = ident.indexOf('.');
      const topLevel = (dot >= 0 ? ident.slice(0, dot) : ident).toLowerCase();
      if (ident.length > 1 && ident.endsWith('.')) {
        ident = ident.slice(0, -1);
        j--;
      }
      if (topLevels.has(topLevel)) {
        flushBody();
        pieces.push({ type: 'identifier', text: ident });
      } else {
        body += '@' + ident;
      }
      i = j;
      continue;
    }
    body += '@';
    i++;
  }
  flushBody();
  return pieces;
}

/** Index of the `)` closing an expression that starts at `from`, skipping text literals; -1 if none. */
function findExpressionEnd(s: string, from: number): number {
  let depth = 1;
  let inString = false;
  for (let k = from; k < s.length; k++) {
    const c = s[k];
    if (inString) {
      if (c === '\\') k++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) return k;
    }
  }
  return -1;
}
