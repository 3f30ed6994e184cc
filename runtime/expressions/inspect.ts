/**
 * Static checks of a template without evaluating it, for editors and the flow inspector:
 * syntax errors, unknown functions, wrong argument counts, and the context paths it reads.
 *
 *   inspectTemplate('Hi @contact.name @(upper(results.color.value)) @(nope())')
 *     -> { errors: ['nope is not a function'], references: [['contact','name'], ['results','color','value']], functions: ['nope', 'upper'] }
 */
import { parseExpression, ExpressionSyntaxError, type Node } from './parser.js';
import { scanTemplate, TOP_LEVELS } from './template.js';
import { lookupFunction } from './functions/registry.js';
import { arityError } from './functions/spec.js';
import { MAX_TEMPLATE_LENGTH } from './limits.js';

/** What a template uses. Example: see module doc. */
export interface TemplateInspection {
  /** syntax errors and calls that can never work, in goflow's wording */
  errors: string[];
  /** context paths read, lowercased, e.g. ['results', 'color', 'value'] (a dynamic index ends the path) */
  references: string[][];
  /** builtin functions called, sorted, without duplicates */
  functions: string[];
}

/** Inspects a template (the same syntax evaluateTemplate accepts). `topLevels` defaults to goflow's names. */
export function inspectTemplate(template: string, topLevels: Iterable<string> = TOP_LEVELS): TemplateInspection {
  const result: TemplateInspection = { errors: [], references: [], functions: [] };
  if (template.length > MAX_TEMPLATE_LENGTH) {
    result.errors.push(`template is too long (over ${MAX_TEMPLATE_LENGTH} characters)`);
    return result;
  }
  const functions = new Set<string>();
  const seen = new Set<string>();
  for (const piece of scanTemplate(template, new Set([...topLevels].map((t) => t.toLowerCase())))) {
    if (piece.type === 'body') continue;
    let tree: Node;
    try {
      tree = parseExpression(piece.text);
    } catch (e) {
      if (!(e instanceof ExpressionSyntaxError)) throw e;
      result.errors.push(e.message);
      continue;
    }
    walk(tree, new Set(), (path) => {
      const key = path.join('.');
      if (!seen.has(key)) {
        seen.add(key);
        result.references.push(path);
      }
    }, functions, result.errors);
  }
  result.functions = [...functions].sort();
  return result;
}

/** The path of a reference chain like contact.fields.age or results["color"], or null if dynamic at the root. */
function pathOf(node: Node): string[] | null {
  switch (node.t) {
    case 'ref':
      return [node.name];
    case 'dot': {
      const base = pathOf(node.target);
      return base ? [...base, node.key.toLowerCase()] : null;
    }
    case 'index': {
      const base = pathOf(node.target);
      if (!base) return null;
      if (node.index.t === 'text') return [...base, node.index.value.toLowerCase()];
      if (node.index.t === 'number') return [...base, node.index.value.toString()];
      return base;
    }
    case 'paren':
      return pathOf(node.inner);
    default:
      return null;
  }
}

function walk(node: Node, locals: Set<string>, onRef: (path: string[]) => void, functions: Set<string>, errors: string[]): void {
  const recurse = (n: Node, l = locals) => walk(n, l, onRef, functions, errors);
  switch (node.t) {
    case 'ref':
    case 'dot':
    case 'index': {
      const path = pathOf(node);
      if (path && !locals.has(path[0]) && !(path.length === 1 && lookupFunction(path[0]))) onRef(path);
      if (node.t === 'index') {
        recurse(node.index);
        if (!path) recurse(node.target);
      } else if (node.t === 'dot' && !path) {
        recurse(node.target);
      }
      return;
    }
    case 'call': {
      if (node.callee.t === 'ref' && !locals.has(node.callee.name)) {
        const spec = lookupFunction(node.callee.name);
        functions.add(node.callee.name);
        if (!spec) errors.push(`${node.callee.name} is not a function`);
        else {
          const arity = arityError(spec, node.args.length);
          if (arity) errors.push(`error calling ${spec.name}(...): ${arity}`);
        }
      } else {
        recurse(node.callee);
      }
      node.args.forEach((a) => recurse(a));
      return;
    }
    case 'neg':
      recurse(node.operand);
      return;
    case 'bin':
      recurse(node.left);
      recurse(node.right);
      return;
    case 'paren':
      recurse(node.inner);
      return;
    case 'lambda':
      recurse(node.body, new Set([...locals, ...node.params]));
      return;
    default:
      return;
  }
}
