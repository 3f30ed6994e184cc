/**
 * Evaluating a FHIR resource template, given either as a JSON object or as JSON text.
 *
 * - Object: every string inside is a template. A string that is exactly one expression keeps the
 *   expression's JSON type (`"@(number(results.weight.value))"` → 72.5); any other string stays a string.
 *   Values can never break the JSON structure.
 * - Text: expressions are evaluated and JSON-escaped before the text is parsed, so a reply containing
 *   `"` or `\` lands in the resource as written instead of corrupting it.
 *
 *   evaluateResourceTemplate({ resourceType: 'Observation', valueString: '@input.text' }, evaluator)
 *   evaluateResourceTemplate('{"resourceType":"Flag","code":{"text":"@input.text"}}', evaluator)
 */
import { scanTemplate, TOP_LEVELS } from '../expressions/template.js';

/** How the template's expressions get their values (the run's evaluate / evaluateValue). */
export interface TemplateEvaluator {
  /** Text of a template; ok is false when an expression failed (its error is already logged). */
  text(template: string): { text: string; ok: boolean };
  /** The JSON value of a template that is a single expression; ok as for `text`. */
  value(template: string): { value: unknown; ok: boolean };
}

const TOP = new Set<string>(TOP_LEVELS);

function singleExpression(template: string): boolean {
  const pieces = scanTemplate(template, TOP);
  return pieces.length === 1 && pieces[0].type !== 'body';
}

function asTemplate(piece: { type: string; text: string }): string {
  return piece.type === 'identifier' ? `@${piece.text}` : `@(${piece.text})`;
}

function walk(node: unknown, evaluator: TemplateEvaluator, problems: string[], path: string): unknown {
  if (typeof node === 'string') {
    if (singleExpression(node)) {
      const { value, ok } = evaluator.value(node);
      if (!ok) problems.push(`${path}: ${node} could not be evaluated`);
      return value;
    }
    const { text, ok } = evaluator.text(node);
    if (!ok) problems.push(`${path}: ${node} could not be evaluated`);
    return text;
  }
  if (Array.isArray(node)) return node.map((item, i) => walk(item, evaluator, problems, `${path}[${i}]`));
  if (node && typeof node === 'object') {
    const entries = Object.entries(node).map(([key, value]) => [key, walk(value, evaluator, problems, path ? `${path}.${key}` : key)] as const);
    // FHIR has no nulls: an expression that gave nothing leaves its element out
    return Object.fromEntries(entries.filter(([, value]) => value !== null && value !== undefined));
  }
  return node;
}

/** The evaluated resource, or the reasons it could not be made. */
export function evaluateResourceTemplate(
  template: string | Record<string, unknown>,
  evaluator: TemplateEvaluator,
): { resource: Record<string, unknown> } | { problems: string[] } {
  const problems: string[] = [];
  let resource: unknown;
  if (typeof template === 'string') {
    let json = '';
    for (const piece of scanTemplate(template, TOP)) {
      if (piece.type === 'body') {
        json += piece.text;
        continue;
      }
      const { text, ok } = evaluator.text(asTemplate(piece));
      if (!ok) problems.push(`${asTemplate(piece)} could not be evaluated`);
      json += JSON.stringify(text).slice(1, -1);
    }
    try {
      resource = JSON.parse(json);
    } catch (err) {
      return { problems: [...problems, `the resource template is not valid JSON once evaluated (${(err as Error).message})`] };
    }
  } else {
    resource = walk(template, evaluator, problems, '');
  }
  if (problems.length) return { problems };
  if (!resource || typeof resource !== 'object' || Array.isArray(resource)) return { problems: ['the resource must be a JSON object'] };
  const type = (resource as { resourceType?: unknown }).resourceType;
  if (typeof type !== 'string' || !/^[A-Z][A-Za-z]{1,63}$/.test(type)) return { problems: [`resourceType ${JSON.stringify(type)} is not a FHIR resource type`] };
  return { resource: resource as Record<string, unknown> };
}
