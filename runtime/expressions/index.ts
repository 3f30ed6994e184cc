/**
 * Public API of the expression language (goflow's "excellent"): evaluate templates such as
 * "Hi @contact.name, you have @(count(results)) results" against a context of plain JS values.
 *
 *   const env = makeEnvironment({ timezone: 'Africa/Kigali' }, { clock, random });
 *   evaluateTemplate('Hi @contact.name!', { contact: { __default__: 'Bob', name: 'Bob' } }, env)
 *     -> { text: 'Hi Bob!', errors: [] }
 *   evaluateTemplate('@(1 / 0)', {}, env) -> { text: '', errors: ['division by zero'] }
 *
 * Context: plain JS (string, number, boolean, null, arrays, objects) or XValues from ./values.ts.
 * An object's `__default__` is what prints when the object itself is output. Top-level names that
 * goflow knows (contact, results, ...) should be present in the context, with null when absent.
 */
import { XError, XObject, type XValue, fromJS } from './values.js';
import type { EvaluationEnvironment } from './environment.js';
import { render } from './conversions.js';
import { parseExpression, ExpressionSyntaxError, type Node } from './parser.js';
import { evaluateNode, rootScope, Budget } from './evaluator.js';
import { scanTemplate, TOP_LEVELS } from './template.js';
import { callBuiltin, functionNames } from './functions/registry.js';
export { functionCatalog, type FunctionInfo } from './functions/registry.js';
import { MAX_TEMPLATE_LENGTH } from './limits.js';

export type { EvaluationEnvironment } from './environment.js';
export { makeEnvironment } from './environment.js';
export type { XValue } from './values.js';
export {
  XArray, XBoolean, XDate, XDateTime, XError, XFunction, XNumber, XObject, XText, XTime,
  xArray, xBoolean, xDate, xDateTime, xError, xNumber, xObject, xText, xTime, fromJS, isError,
} from './values.js';
export { TOP_LEVELS } from './template.js';
export { inspectTemplate, type TemplateInspection } from './inspect.js';

/** Options for template evaluation. `escape` is applied to each expression's output (e.g. URL-encoding in webhook URLs). */
export interface TemplateOptions {
  escape?: (text: string) => string;
}

const PARSE_CACHE_SIZE = 2000;
const parseCache = new Map<string, Node | ExpressionSyntaxError>();

function parseCached(expression: string): Node | ExpressionSyntaxError {
  let parsed = parseCache.get(expression);
  if (parsed === undefined) {
    try {
      parsed = parseExpression(expression);
    } catch (e) {
      if (!(e instanceof ExpressionSyntaxError)) throw e;
      parsed = e;
    }
    if (parseCache.size >= PARSE_CACHE_SIZE) parseCache.delete(parseCache.keys().next().value as string);
    parseCache.set(expression, parsed);
  }
  return parsed;
}

function contextObject(context: unknown): XObject {
  if (context instanceof XObject) return context;
  const v = fromJS(context);
  return v instanceof XObject ? v : new XObject({});
}

function topLevelsFor(root: XObject): Set<string> {
  const names = new Set<string>(TOP_LEVELS);
  for (const k of root.keys()) names.add(k.toLowerCase());
  return names;
}

function evaluateIn(expression: string, root: XObject, env: EvaluationEnvironment, budget: Budget): XValue {
  const parsed = parseCached(expression);
  if (parsed instanceof ExpressionSyntaxError) return new XError(parsed.message);
  try {
    return evaluateNode(parsed, rootScope(env, root, budget));
  } catch (e) {
    // limits make this unreachable in practice; a template must still never take the engine down
    return new XError(`expression could not be evaluated: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Evaluates an expression (without the `@(...)`), e.g. `upper(contact.name)`. Errors come back as XError values. */
export function evaluateExpression(expression: string, context: unknown, env: EvaluationEnvironment): XValue {
  if (expression.length > MAX_TEMPLATE_LENGTH) return new XError(`expression is too long (over ${MAX_TEMPLATE_LENGTH} characters)`);
  return evaluateIn(expression, contextObject(context), env, new Budget());
}

/**
 * Evaluates a template to text. Each failing expression outputs nothing and adds its error message
 * (goflow's inner message, e.g. "division by zero") to `errors`.
 */
export function evaluateTemplate(
  template: string,
  context: unknown,
  env: EvaluationEnvironment,
  options: TemplateOptions = {},
): { text: string; errors: string[] } {
  if (template.length > MAX_TEMPLATE_LENGTH) {
    return { text: '', errors: [`template is too long (over ${MAX_TEMPLATE_LENGTH} characters)`] };
  }
  if (!template.includes('@')) return { text: template, errors: [] };
  const root = contextObject(context);
  const budget = new Budget();
  const errors: string[] = [];
  let text = '';
  for (const piece of scanTemplate(template, topLevelsFor(root))) {
    if (piece.type === 'body') {
      text += piece.text;
      continue;
    }
    const value = evaluateIn(piece.text, root, env, budget);
    if (value instanceof XError) {
      errors.push(value.message);
      continue;
    }
    const out = render(env, value);
    text += options.escape ? options.escape(out) : out;
  }
  return { text, errors };
}

/**
 * Like evaluateTemplate, but a template that is exactly one expression or identifier (surrounding
 * whitespace ignored) keeps its type: "@(array(1, 2))" gives an array, "@results.age.value" a number.
 */
export function evaluateTemplateValue(template: string, context: unknown, env: EvaluationEnvironment): { value: XValue; errors: string[] } {
  const trimmed = template.trim();
  const root = contextObject(context);
  if (trimmed.length <= MAX_TEMPLATE_LENGTH) {
    const pieces = scanTemplate(trimmed, topLevelsFor(root));
    if (pieces.length === 1 && pieces[0].type !== 'body') {
      const value = evaluateIn(pieces[0].text, root, env, new Budget());
      return value instanceof XError ? { value, errors: [value.message] } : { value, errors: [] };
    }
  }
  const { text, errors } = evaluateTemplate(template, context, env);
  return { value: fromJS(text), errors };
}

/** goflow's text form of a value: decimals without trailing zeros, ISO datetimes, objects via their default. */
export function toText(value: XValue, env: EvaluationEnvironment): string {
  return render(env, value);
}

/** Calls a builtin function (or case test) by name with already evaluated arguments. */
export function callFunction(name: string, args: XValue[], env: EvaluationEnvironment): XValue {
  return callBuiltin(env, name, args);
}

/** Names of all builtin functions, case tests included, sorted. */
export function listFunctions(): string[] {
  return functionNames();
}
