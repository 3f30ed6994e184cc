/**
 * Evaluates an expression tree against a context. Errors are values (XError), never exceptions:
 * `1 / 0` gives XError("division by zero") and the template layer reports it.
 *
 * Names resolve, in order, to lambda parameters, then context properties (case-insensitive), then
 * builtin functions; a missing name is "context has no property 'x'". In a call, a bare name is
 * looked up as a function first.
 *
 *   evaluateNode(parseExpression('1 + 2'), rootScope(env, context)) -> XNumber 3
 */
import type { EvaluationEnvironment } from './environment.js';
import type { Node } from './parser.js';
import {
  XArray, XError, XFunction, XNumber, XObject, XText, type XValue, Dec, xBoolean, divide,
} from './values.js';
import { checkedNumber, describe, toInteger, toXNumber, toXText } from './conversions.js';
import { MAX_EVALUATION_STEPS } from './limits.js';
import { lookupFunction, functionValue } from './functions/registry.js';

/** Counts evaluation steps so runaway loops (nested foreach over big arrays) stop with an error. Example: `new Budget(1000)`. */
export class Budget {
  steps = 0;
  constructor(readonly max: number = MAX_EVALUATION_STEPS) {}
  spend(): boolean {
    return ++this.steps <= this.max;
  }
}

/** Variables visible to an expression: lambda parameters chained to the root context. Example: `rootScope(env, xObject({ a: 1 }))`. */
export interface Scope {
  env: EvaluationEnvironment;
  root: XObject;
  vars: Map<string, XValue> | null;
  parent: Scope | null;
  budget: Budget;
}

export function rootScope(env: EvaluationEnvironment, root: XObject, budget = new Budget()): Scope {
  return { env, root, vars: null, parent: null, budget };
}

function lookupVar(scope: Scope, name: string): XValue | undefined {
  for (let s: Scope | null = scope; s; s = s.parent) {
    if (s.vars && s.vars.has(name)) return s.vars.get(name)!;
  }
  return undefined;
}

const BUDGET_ERROR = () => new XError(`expression evaluation exceeded ${MAX_EVALUATION_STEPS} steps`);

export function evaluateNode(node: Node, scope: Scope): XValue {
  if (!scope.budget.spend()) return BUDGET_ERROR();
  const env = scope.env;
  switch (node.t) {
    case 'text':
      return new XText(node.value);
    case 'number':
      return new XNumber(node.value);
    case 'bool':
      return xBoolean(node.value);
    case 'null':
      return null;
    case 'paren':
      return evaluateNode(node.inner, scope);
    case 'ref': {
      const local = lookupVar(scope, node.name);
      if (local !== undefined) return local;
      const fromContext = scope.root.get(node.name);
      if (fromContext !== undefined) return fromContext;
      const fn = lookupFunction(node.name);
      if (fn) return functionValue(fn, env);
      return new XError(`context has no property '${node.name}'`);
    }
    case 'dot':
      return lookup(evaluateNode(node.target, scope), node.key);
    case 'index': {
      const target = evaluateNode(node.target, scope);
      if (target instanceof XError) return target;
      const index = evaluateNode(node.index, scope);
      if (index instanceof XError) return index;
      return lookupByValue(env, target, index);
    }
    case 'neg': {
      const v = toXNumber(env, evaluateNode(node.operand, scope));
      if (v instanceof XError) return v;
      return checkedNumber(v.value.neg());
    }
    case 'bin':
      return binary(env, node.op, evaluateNode(node.left, scope), evaluateNode(node.right, scope));
    case 'lambda':
      return makeLambda(node.params, node.body, scope);
    case 'call':
      return call(node, scope);
  }
}

function makeLambda(params: string[], body: Node, scope: Scope): XFunction {
  return new XFunction('function', (args) => {
    if (args.length !== params.length) return new XError(`expecting ${params.length} argument(s), got ${args.length}`);
    const vars = new Map<string, XValue>();
    params.forEach((p, i) => vars.set(p, args[i]));
    return evaluateNode(body, { ...scope, vars, parent: scope });
  });
}

function call(node: Extract<Node, { t: 'call' }>, scope: Scope): XValue {
  let callee: XValue;
  let calleeName: string;
  if (node.callee.t === 'ref') {
    const name = node.callee.name;
    calleeName = name;
    const local = lookupVar(scope, name);
    const fn = local === undefined ? lookupFunction(name) : undefined;
    if (local !== undefined) callee = local;
    else if (fn) callee = functionValue(fn, scope.env);
    else {
      const fromContext = scope.root.get(name);
      if (fromContext === undefined) return new XError(`${name} is not a function`);
      callee = fromContext;
    }
  } else {
    callee = evaluateNode(node.callee, scope);
    if (callee instanceof XError) return callee;
    calleeName = describe(callee);
  }
  if (!(callee instanceof XFunction)) return new XError(`${calleeName} is not a function`);
  const args = node.args.map((a) => evaluateNode(a, scope));
  return callee.call(args);
}

/** `target.key` (or `target["key"]`): object properties case-insensitively, array items by index. */
export function lookup(target: XValue, key: string): XValue {
  if (target instanceof XError) return target;
  if (target instanceof XArray) {
    if (!/^-?\d+$/.test(key)) return new XError(`${describe(target)} has no property '${key}'`);
    return arrayItem(target, Number(key));
  }
  if (target instanceof XObject) {
    const v = target.get(key);
    if (v === undefined) return new XError(`object has no property '${key}'`);
    return v;
  }
  return new XError(`${describe(target)} doesn't support lookups`);
}

function lookupByValue(env: EvaluationEnvironment, target: XValue, index: XValue): XValue {
  if (target instanceof XArray) {
    const i = toInteger(env, index);
    if (i instanceof XError) return i;
    return arrayItem(target, i);
  }
  if (target instanceof XObject) {
    const key = toXText(env, index);
    if (key instanceof XError) return key;
    return lookup(target, key.value);
  }
  return new XError(`${describe(target)} doesn't support lookups`);
}

function arrayItem(array: XArray, index: number): XValue {
  const i = index < 0 ? array.length + index : index;
  if (i < 0 || i >= array.length) return new XError(`index ${index} out of range for ${array.length} items`);
  return array.get(i);
}

function binary(env: EvaluationEnvironment, op: string, a: XValue, b: XValue): XValue {
  if (op === '&' || op === '=' || op === '!=') {
    const ta = toXText(env, a);
    if (ta instanceof XError) return ta;
    const tb = toXText(env, b);
    if (tb instanceof XError) return tb;
    if (op === '&') return new XText(ta.value + tb.value);
    return xBoolean(op === '=' ? ta.value === tb.value : ta.value !== tb.value);
  }
  const na = toXNumber(env, a);
  if (na instanceof XError) return na;
  const nb = toXNumber(env, b);
  if (nb instanceof XError) return nb;
  const x = na.value;
  const y = nb.value;
  switch (op) {
    case '+':
      return checkedNumber(x.plus(y));
    case '-':
      return checkedNumber(x.minus(y));
    case '*':
      return checkedNumber(x.times(y));
    case '/':
      if (y.isZero()) return new XError('division by zero');
      return checkedNumber(divide(x, y));
    case '^':
      return power(x, y);
    case '<':
      return xBoolean(x.lt(y));
    case '<=':
      return xBoolean(x.lte(y));
    case '>':
      return xBoolean(x.gt(y));
    case '>=':
      return xBoolean(x.gte(y));
  }
  return new XError(`unknown operator ${op}`);
}

/**
 * goflow's ^: whole exponents are exact (negative ones divide, rounded like any division);
 * fractional exponents go through floating point, as goflow does.
 */
function power(x: InstanceType<typeof Dec>, y: InstanceType<typeof Dec>): XValue {
  if (y.isInteger()) {
    if (y.abs().gt(10_000)) return new XError('exponent is too large');
    if (y.isNeg()) {
      if (x.isZero()) return new XError('division by zero');
      return checkedNumber(divide(new Dec(1), x.pow(y.neg())));
    }
    return checkedNumber(x.pow(y));
  }
  const f = Math.pow(x.toNumber(), y.toNumber());
  if (!Number.isFinite(f)) return new XError('result is not a number');
  return checkedNumber(new Dec(String(f)));
}

