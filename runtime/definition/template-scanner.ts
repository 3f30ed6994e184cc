/**
 * A minimal, lossless scanner for flow templates, used by migrations that rename or shorten context references
 * (e.g. `@webhook` → `@webhook.json`). It splits a template into literal text, `@name.path` references and
 * `@( ... )` expressions, and splits expressions into tokens, so that a rewrite changes only the tokens it
 * targets and leaves everything else byte for byte.
 *
 *   rewriteTemplate('Hi @webhook.x @(upper(webhook))', ['webhook'], renameRoot('webhook', 'webhook.json'))
 *   // → 'Hi @webhook.json.x @(upper(webhook.json))'
 */

/** One token of an expression. `ident` tokens are names (context roots, lookups, function names). */
export interface ExprToken {
  kind: 'ident' | 'number' | 'string' | 'space' | 'punct';
  text: string;
}

/** Splits an expression body (the text inside `@( ... )`) into tokens; the texts joined give back the input. */
export function tokenizeExpression(src: string): ExprToken[] {
  const tokens: ExprToken[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (ch === '"') {
      let j = i + 1;
      while (j < src.length) {
        if (src[j] === '\\') j += 2; // backslash escape (current syntax)
        else if (src[j] === '"') {
          if (src[j + 1] === '"') j += 2; // "" is an escaped quote
          else break;
        } else j++;
      }
      tokens.push({ kind: 'string', text: src.slice(i, Math.min(j + 1, src.length)) });
      i = j + 1;
    } else if (/\s/.test(ch)) {
      let j = i + 1;
      while (j < src.length && /\s/.test(src[j]!)) j++;
      tokens.push({ kind: 'space', text: src.slice(i, j) });
      i = j;
    } else if (/[A-Za-z_]/.test(ch)) {
      let j = i + 1;
      while (j < src.length && /[A-Za-z0-9_]/.test(src[j]!)) j++;
      tokens.push({ kind: 'ident', text: src.slice(i, j) });
      i = j;
    } else if (/[0-9]/.test(ch)) {
      let j = i + 1;
      while (j < src.length && /[0-9A-Za-z_]/.test(src[j]!)) j++;
      tokens.push({ kind: 'number', text: src.slice(i, j) });
      i = j;
    } else {
      tokens.push({ kind: 'punct', text: ch });
      i++;
    }
  }
  return tokens;
}

function neighbour(tokens: ExprToken[], index: number, step: 1 | -1): ExprToken | undefined {
  for (let i = index + step; i >= 0 && i < tokens.length; i += step) {
    if (tokens[i]!.kind !== 'space') return tokens[i];
  }
  return undefined;
}

/** Whether the identifier at `index` is a context reference (not a property lookup, not a function name). */
export function isContextReference(tokens: ExprToken[], index: number): boolean {
  const token = tokens[index];
  if (!token || token.kind !== 'ident') return false;
  const before = neighbour(tokens, index, -1);
  const after = neighbour(tokens, index, 1);
  if (before && before.text === '.') return false;
  if (after && after.text === '(') return false;
  return true;
}

/** Index of the next non-space token after `index`, or -1. */
export function nextTokenIndex(tokens: ExprToken[], index: number): number {
  for (let i = index + 1; i < tokens.length; i++) if (tokens[i]!.kind !== 'space') return i;
  return -1;
}

/** Rewrites tokens in place; returns nothing. */
export type TokenRewriter = (tokens: ExprToken[]) => void;

/** Finds the end (index of the closing paren) of an `@(` expression starting at `open` (the `(`), or -1. */
function findExpressionEnd(template: string, open: number): number {
  let depth = 0;
  let inString = false;
  for (let i = open; i < template.length; i++) {
    const ch = template[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') {
        if (template[i + 1] === '"') i++;
        else inString = false;
      }
    } else if (ch === '"') inString = true;
    else if (ch === '(') depth++;
    else if (ch === ')') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/**
 * What a template walk does with each `@` piece; each callback returns the text written in the piece's place.
 * Example: `{ closingParen: findExpressionEnd, expression: (body) => '@(' + body + ')', reference: () => null }` copies a template unchanged.
 */
export interface TemplateVisitor {
  /** Index of the `)` closing the `(` at `open`, or -1 when unbalanced (the rest of the template is then kept as it is). */
  closingParen(template: string, open: number): number;
  /** Replaces `@( body )`. */
  expression(body: string): string;
  /** Replaces a bare `@name.path` reference (a trailing period is not part of it); null keeps it as plain text. */
  reference(path: string): string | null;
}

/**
 * Walks a template: literal text and `@@` are copied, `@( ... )` expressions and bare `@name.path` references go
 * to the visitor, and a lone `@` stays text. Shared by the context-reference rewrites and the legacy migration.
 */
export function walkTemplate(template: string, visit: TemplateVisitor): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const ch = template[i]!;
    if (ch !== '@') {
      out += ch;
      i++;
      continue;
    }
    const next = template[i + 1];
    if (next === '@') {
      out += '@@';
      i += 2;
      continue;
    }
    if (next === '(') {
      const end = visit.closingParen(template, i + 1);
      if (end < 0) {
        out += template.slice(i);
        break;
      }
      out += visit.expression(template.slice(i + 2, end));
      i = end + 1;
      continue;
    }
    const path = referencePathAt(template, i + 1);
    const replaced = path ? visit.reference(path) : null;
    if (replaced === null) {
      out += '@';
      i++;
    } else {
      out += replaced;
      i += 1 + path.length;
    }
  }
  return out;
}

/** The `name.path` starting at `start` (a letter or `_`, then word characters and periods), trailing periods dropped; '' when none. */
function referencePathAt(template: string, start: number): string {
  const m = /^[A-Za-z_][\w.]*/.exec(template.slice(start));
  // a trailing period ends the sentence, it is not part of the reference
  return m ? m[0].replace(/\.+$/, '') : '';
}

/**
 * Rewrites the expressions of a template. `topLevels` are the context roots recognised after a bare `@`
 * (other `@words` are plain text, as in goflow); `@( ... )` is always an expression; `@@` is a literal `@`.
 */
export function rewriteTemplate(template: string, topLevels: readonly string[], rewrite: TokenRewriter): string {
  const rewritten = (src: string): string => {
    const tokens = tokenizeExpression(src);
    rewrite(tokens);
    return tokens.map((t) => t.text).join('');
  };
  return walkTemplate(template, {
    closingParen: findExpressionEnd,
    expression: (body) => '@(' + rewritten(body) + ')',
    reference: (path) => (topLevels.includes(path.split('.')[0]!.toLowerCase()) ? '@' + rewritten(path) : null),
  });
}

/** Context roots recognised after a bare `@` in templates (goflow's run context top levels). */
export const CONTEXT_TOP_LEVELS: readonly string[] = [
  'child', 'contact', 'fields', 'globals', 'input', 'legacy_extra', 'locals', 'node', 'parent', 'results',
  'resume', 'run', 'ticket', 'trigger', 'urns', 'webhook',
];

/**
 * Every context reference of a template as a lookup path, e.g. `Hi @contact.fields.age @(upper(results.x.value))`
 * → `[['contact','fields','age'], ['results','x','value']]`. Dot lookups and bracket lookups with a string or
 * number literal extend the path; anything else ends it. Lookup names keep their case.
 */
export function findContextRefs(template: string, topLevels: readonly string[] = CONTEXT_TOP_LEVELS): string[][] {
  const paths: string[][] = [];
  rewriteTemplate(template, topLevels, (tokens) => {
    tokens.forEach((token, index) => {
      if (token.kind !== 'ident' || !isContextReference(tokens, index)) return;
      if (!topLevels.includes(token.text.toLowerCase())) return;
      const path = [token.text];
      let i = index;
      for (;;) {
        const next = nextTokenIndex(tokens, i);
        if (next < 0) break;
        const t = tokens[next]!;
        if (t.text === '.') {
          const name = nextTokenIndex(tokens, next);
          if (name < 0 || (tokens[name]!.kind !== 'ident' && tokens[name]!.kind !== 'number')) break;
          path.push(tokens[name]!.text);
          i = name;
        } else if (t.text === '[') {
          const key = nextTokenIndex(tokens, next);
          const close = key < 0 ? -1 : nextTokenIndex(tokens, key);
          if (key < 0 || close < 0 || tokens[close]!.text !== ']') break;
          const k = tokens[key]!;
          if (k.kind === 'string') path.push(k.text.slice(1, -1).replace(/""/g, '"'));
          else if (k.kind === 'number') path.push(k.text);
          else break;
          i = close;
        } else break;
      }
      paths.push(path);
    });
  });
  return paths;
}
