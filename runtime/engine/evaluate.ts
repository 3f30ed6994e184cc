/**
 * The engine's single door into the expression language (runtime/expressions): templates to text or
 * values, reporting each failing expression with its source (goflow's error event carries
 * `extra.expression`, e.g. "@(1 / 0)").
 *
 *   const root = contextRoot({ contact: {...} });
 *   evaluateText('Hi @contact.name @(1 / 0)', root, env)  // { text: 'Hi Bob ', errors: [{ expression: '@(1 / 0)', message: 'division by zero' }] }
 */
import { evaluateExpression, fromJS, XError, XObject, type XValue } from '../expressions/index.js';
import type { EvaluationEnvironment } from '../expressions/environment.js';
import { render } from '../expressions/conversions.js';
import { scanTemplate, TOP_LEVELS } from '../expressions/template.js';

/** One failed expression inside a template. */
export interface TemplateError {
  expression: string;
  message: string;
}

/** 'url': expression outputs are URL-encoded (webhook URLs); 'query': quoted for contact queries. */
export type Escaping = 'url' | 'query' | undefined;

export interface TextEvaluation {
  text: string;
  errors: TemplateError[];
  /** goflow's "context:deprecated" warnings for deprecated context paths the template reads */
  warnings: string[];
}

export interface ValueEvaluation {
  value: XValue;
  errors: TemplateError[];
  warnings: string[];
}

/** Context paths goflow still resolves but warns about. */
const DEPRECATED: { pattern: RegExp; message: string }[] = [
  { pattern: /\bchild\.run\.status\b/i, message: '@child.run.status is deprecated, use @child.status instead' },
  { pattern: /\bparent\.run\.status\b/i, message: '@parent.run.status is deprecated, use @parent.status instead' },
  { pattern: /(?<![.\w])contact\.id\b/i, message: '@contact.id is deprecated, use @contact.ref instead' },
  { pattern: /(?<![.\w])legacy_extra\b/i, message: '@legacy_extra is deprecated' },
];

function deprecationsIn(expression: string, warnings: string[]): void {
  for (const d of DEPRECATED) if (d.pattern.test(expression)) warnings.push(d.message);
}

/** A context wrapped once for many evaluations, with the set of top-level names templates recognise. */
export interface ContextRoot {
  object: XObject;
  topLevels: Set<string>;
}

export function contextRoot(context: Record<string, unknown> | XObject): ContextRoot {
  const object = context instanceof XObject ? context : fromJS(context);
  if (!(object instanceof XObject)) throw new Error('the expression context must be an object');
  const topLevels = new Set<string>(TOP_LEVELS);
  for (const k of object.keys()) topLevels.add(k.toLowerCase());
  return { object, topLevels };
}

function escapeOutput(text: string, escaping: Escaping): string {
  if (escaping === 'url') return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  if (escaping === 'query') return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  return text;
}

/**
 * Template pieces, with trailing dots of identifiers given back to the text ("@results.age.value..."
 * reads results.age.value followed by "..", as goflow does).
 */
function pieces(template: string, topLevels: ReadonlySet<string>): { type: string; text: string }[] {
  const out: { type: string; text: string }[] = [];
  for (const piece of scanTemplate(template, topLevels)) {
    if (piece.type === 'identifier' && piece.text.endsWith('.')) {
      const ident = piece.text.replace(/\.+$/, '');
      out.push({ type: 'identifier', text: ident }, { type: 'body', text: piece.text.slice(ident.length) });
    } else out.push(piece);
  }
  return out;
}

function source(piece: { type: string; text: string }): string {
  return piece.type === 'expression' ? `@(${piece.text})` : `@${piece.text}`;
}

export function evaluateText(template: string, root: ContextRoot, env: EvaluationEnvironment, escaping?: Escaping): TextEvaluation {
  if (!template.includes('@')) return { text: template, errors: [], warnings: [] };
  const errors: TemplateError[] = [];
  const warnings: string[] = [];
  let text = '';
  for (const piece of pieces(template, root.topLevels)) {
    if (piece.type === 'body') {
      text += piece.text;
      continue;
    }
    deprecationsIn(piece.text, warnings);
    const value = evaluateExpression(piece.text, root.object, env);
    if (value instanceof XError) {
      errors.push({ expression: source(piece), message: value.message });
      continue;
    }
    text += escapeOutput(render(env, value), escaping);
  }
  return { text, errors, warnings };
}

/** A template that is exactly one expression keeps its type; anything else evaluates to text. */
export function evaluateValue(template: string, root: ContextRoot, env: EvaluationEnvironment): ValueEvaluation {
  const trimmed = template.trim();
  const parts = trimmed.includes('@') ? pieces(trimmed, root.topLevels) : [];
  if (parts.length === 1 && parts[0]!.type !== 'body') {
    const warnings: string[] = [];
    deprecationsIn(parts[0]!.text, warnings);
    const value = evaluateExpression(parts[0]!.text, root.object, env);
    return value instanceof XError
      ? { value, errors: [{ expression: source(parts[0]!), message: value.message }], warnings }
      : { value, errors: [], warnings };
  }
  const { text, errors, warnings } = evaluateText(template, root, env);
  return { value: fromJS(text), errors, warnings };
}
