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

const NO_WARNINGS: readonly string[] = [];

/** Context paths goflow still resolves but warns about. */
const DEPRECATED: { pattern: RegExp; message: string }[] = [
  { pattern: /\bchild\.run\.status\b/i, message: '@child.run.status is deprecated, use @child.status instead' },
  { pattern: /\bparent\.run\.status\b/i, message: '@parent.run.status is deprecated, use @parent.status instead' },
  { pattern: /(?<![.\w])contact\.id\b/i, message: '@contact.id is deprecated, use @contact.ref instead' },
  { pattern: /(?<![.\w])legacy_extra\b/i, message: '@legacy_extra is deprecated' },
];

function deprecationsIn(expression: string): readonly string[] {
  let found: string[] | null = null;
  for (const d of DEPRECATED) if (d.pattern.test(expression)) (found ??= []).push(d.message);
  return found ?? NO_WARNINGS;
}

/** A context wrapped once for many evaluations, with the set of top-level names templates recognise. */
export interface ContextRoot {
  object: XObject;
  topLevels: Set<string>;
}

/** goflow's top-level names: the names of every engine context (buildContext adds no others). */
const STANDARD_TOP_LEVELS: ReadonlySet<string> = new Set<string>(TOP_LEVELS);

export function contextRoot(context: Record<string, unknown> | XObject): ContextRoot {
  const object = context instanceof XObject ? context : fromJS(context);
  if (!(object instanceof XObject)) throw new Error('the expression context must be an object');
  // the shared standard set when the context adds no name of its own (the engine's never does), so
  // scanned templates can be cached for it
  const keys = context instanceof XObject ? context.keys() : Object.keys(context).filter((k) => k !== '__default__');
  let topLevels = STANDARD_TOP_LEVELS as Set<string>;
  for (const k of keys) {
    const lower = k.toLowerCase();
    if (topLevels.has(lower)) continue;
    if (topLevels === STANDARD_TOP_LEVELS) topLevels = new Set(STANDARD_TOP_LEVELS);
    topLevels.add(lower);
  }
  return { object, topLevels };
}

function escapeOutput(text: string, escaping: Escaping): string {
  if (escaping === 'url') return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  if (escaping === 'query') return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  return text;
}

/** One scanned piece of a template, with the deprecation warnings its expression raises. */
interface Piece {
  type: string;
  text: string;
  warnings: readonly string[];
}


/** Scanned templates for the standard top-level names (flows repeat the same few templates). */
const scannedTemplates = new Map<string, readonly Piece[]>();
const SCANNED_TEMPLATES_LIMIT = 2000;

/**
 * Template pieces, with trailing dots of identifiers given back to the text ("@results.age.value..."
 * reads results.age.value followed by "..", as goflow does). Cached by template text for the standard
 * top-level names; the pieces are shared, never modify them.
 */
function pieces(template: string, topLevels: ReadonlySet<string>): readonly Piece[] {
  const cacheable = topLevels === STANDARD_TOP_LEVELS;
  if (cacheable) {
    const cached = scannedTemplates.get(template);
    if (cached) return cached;
  }
  const out: Piece[] = [];
  for (const piece of scanTemplate(template, topLevels)) {
    if (piece.type === 'identifier' && piece.text.endsWith('.')) {
      const ident = piece.text.replace(/\.+$/, '');
      out.push({ type: 'identifier', text: ident, warnings: deprecationsIn(ident) }, { type: 'body', text: piece.text.slice(ident.length), warnings: NO_WARNINGS });
    } else out.push({ type: piece.type, text: piece.text, warnings: piece.type === 'body' ? NO_WARNINGS : deprecationsIn(piece.text) });
  }
  if (cacheable) {
    // bounded: the oldest scanned template goes first
    if (scannedTemplates.size >= SCANNED_TEMPLATES_LIMIT) scannedTemplates.delete(scannedTemplates.keys().next().value as string);
    scannedTemplates.set(template, out);
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
    if (piece.warnings.length > 0) warnings.push(...piece.warnings);
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
    const warnings = [...parts[0]!.warnings];
    const value = evaluateExpression(parts[0]!.text, root.object, env);
    return value instanceof XError
      ? { value, errors: [{ expression: source(parts[0]!), message: value.message }], warnings }
      : { value, errors: [], warnings };
  }
  const { text, errors, warnings } = evaluateText(template, root, env);
  return { value: fromJS(text), errors, warnings };
}
