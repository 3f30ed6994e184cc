/**
 * Translates legacy (RapidPro ≤ 11) templates into the current expression syntax.
 *
 *   migrateLegacyTemplate('Hi @contact.first_name, you said @step.value').text
 *   // 'Hi @contact.first_name, you said @input'
 *   migrateLegacyTemplate('@(CONCATENATE(contact.name, " ", flow.age))').text
 *   // '@(contact.name & " " & results.age)'
 *
 * An expression that cannot be parsed is left as it was and reported in `errors`.
 */
import { CONTEXT_TOP_LEVELS, walkTemplate } from '../template-scanner.js';
import { LEGACY_TOP_LEVELS, migrateContextReference } from './context-references.js';
import { FUNCTION_RETURN_TYPES, migrateFunctionCall } from './functions.js';
import { parseLegacyExpression, type LegacyNode } from './expression-parser.js';

/** Example: `{ urlEncode: true }` for webhook URLs. */
export interface LegacyMigrateOptions {
  /** Wrap each expression so that, if it errors, it evaluates to its original text (expression split operands). */
  defaultToSelf?: boolean;
  /** Wrap each expression in url_encode (webhook URLs). */
  urlEncode?: boolean;
  /** Keep @date.today etc. as dates instead of formatting them (date tests). */
  rawDates?: boolean;
}

/** Example: `{ text: '@(title(contact.name))', errors: [] }`. */
export interface LegacyMigrateResult {
  text: string;
  errors: string[];
}

type ValueType = 'number' | 'datetime' | 'date' | 'time' | '';

function inferType(expression: string): ValueType {
  if (/^-?\d+$/.test(expression)) return 'number';
  const m = /^(\w+)\(/.exec(expression);
  return m ? FUNCTION_RETURN_TYPES[m[1]!] ?? '' : '';
}

/** `"a""b"` (Excel escaping) → `"a\"b"`. */
export function migrateStringLiteral(literal: string): string {
  const body = literal.slice(1, -1).replace(/\\/g, '\\\\').replace(/""/g, '\\"');
  return `"${body}"`;
}

function render(node: LegacyNode, options: LegacyMigrateOptions): string {
  switch (node.kind) {
    case 'number':
      return node.text;
    case 'string':
      return migrateStringLiteral(node.text);
    case 'bool':
      return node.value ? 'true' : 'false';
    case 'ref':
      return migrateContextReference(node.path, options.rawDates);
    case 'call':
      return migrateFunctionCall(node.name, node.args.map((a) => render(a, options)));
    case 'paren':
      return `(${render(node.inner, options)})`;
    case 'neg':
      return `-${render(node.inner, options)}`;
    case 'binary': {
      const left = render(node.left, options);
      const right = render(node.right, options);
      if (node.op === '<>') return `${left} != ${right}`;
      if (node.op !== '+' && node.op !== '-') return `${left} ${node.op} ${right}`;
      return renderAddition(left, right, node.op, options);
    }
  }
}

/** Legacy `+`/`-` also added days to dates and times to dates; the current syntax needs explicit functions. */
function renderAddition(left: string, right: string, op: '+' | '-', options: LegacyMigrateOptions): string {
  const lt = inferType(left);
  const rt = inferType(right);
  const minus = op === '-' ? '-' : '';
  if (lt === 'number' && rt === 'number') return `${left} ${op} ${right}`;
  if (lt === 'datetime' && rt === 'number') return `datetime_add(${left}, ${minus}${right}, "D")`;
  if (lt === 'date' && rt === 'number') {
    const added = `datetime_add(${left}, ${minus}${right}, "D")`;
    return options.rawDates ? added : `format_date(${added})`;
  }
  if (lt === 'datetime' && rt === 'time') {
    const minutes = `format_time(${right}, "tt") * 60 + format_time(${right}, "m")`;
    return op === '-' ? `datetime_add(${left}, -(${minutes}), "m")` : `datetime_add(${left}, ${minutes}, "m")`;
  }
  if (rt === 'time' && op === '+') return `replace_time(${left}, ${right})`;
  return op === '+' ? `legacy_add(${left}, ${right})` : `legacy_add(${left}, -${right})`;
}

const IDENTIFIER = /^\p{L}+[\p{L}\p{N}_.]*$/u;

/** Whether the expression can be written `@x.y` rather than `@(x.y)`. */
function isPlainReference(expression: string): boolean {
  if (!IDENTIFIER.test(expression)) return false;
  return CONTEXT_TOP_LEVELS.some((top) => expression === top || expression.startsWith(`${top}.`));
}

function wrap(expression: string, original: string | null, urlEncode: boolean): string {
  let out = expression;
  if (original !== null) out = `if(is_error(${out}), ${JSON.stringify(original)}, ${out})`;
  if (urlEncode) out = `url_encode(${out})`;
  return isPlainReference(out) ? `@${out}` : `@(${out})`;
}

/** Index of the `)` closing the `(` at `open`, skipping `""`-escaped strings; -1 when unbalanced. */
function closingParen(text: string, open: number): number {
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '"') {
        if (text[i + 1] === '"') i++;
        else inString = false;
      }
    } else if (ch === '"') inString = true;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return i;
  }
  return -1;
}

export function migrateLegacyTemplate(template: string, options: LegacyMigrateOptions = {}): LegacyMigrateResult {
  const errors: string[] = [];
  const text = walkTemplate(template, {
    closingParen,
    expression(body) {
      // @("") was a workaround for the old editor requiring text: it means nothing
      if (body === '""') return '';
      try {
        const migrated = render(parseLegacyExpression(body), options);
        return wrap(migrated, options.defaultToSelf ? `@(${body})` : null, !!options.urlEncode);
      } catch (err) {
        errors.push(`@(${body}): ${(err as Error).message}`);
        return `@(${body})`;
      }
    },
    reference(name) {
      if (!LEGACY_TOP_LEVELS.includes(name.split('.')[0]!.toLowerCase())) return null;
      const migrated = migrateContextReference(name, options.rawDates);
      return wrap(migrated, options.defaultToSelf ? `@${name}` : null, !!options.urlEncode);
    },
  });
  return { text, errors };
}

/** Convenience: just the migrated text. */
export function migrateLegacyText(template: string, options?: LegacyMigrateOptions): string {
  return migrateLegacyTemplate(template, options).text;
}
