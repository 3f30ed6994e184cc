/**
 * The switch router: evaluates the operand, tries each case in order through the case-test registry
 * (first match wins), else picks the default category. Case arguments are localized like texts.
 *
 *   routeSwitch({ type: 'switch', operand: '@input.text', cases: [...], categories, default_category_uuid }, rt)
 */
import type { SwitchRouter } from '../definition/types.js';
import { runCaseTest, isMatch } from './cases/registry.js';
import { XError, XObject, xText } from '../expressions/values.js';
import type { RouteDecision, RouterRuntime } from './types.js';

export function routeSwitch(router: SwitchRouter, rt: RouterRuntime): RouteDecision {
  const operandValue = rt.evaluateOperand(router.operand);
  const operand = operandValue instanceof XError ? '' : rt.render(operandValue);
  for (const c of router.cases ?? []) {
    const args = rt.localize(c.uuid, 'arguments', c.arguments ?? []).values.map((a) => xText(rt.evaluate(a)));
    const result = runCaseTest(rt.evalEnv, c.type, operandValue instanceof XError ? null : operandValue, args);
    if (result instanceof XError) {
      rt.error(result.message);
      continue;
    }
    if (isMatch(result)) {
      const obj = result as XObject;
      const match = obj.get('match') ?? null;
      const extra = obj.get('extra');
      return {
        categoryUuid: c.category_uuid,
        operand,
        value: rt.render(match),
        ...(extra !== undefined && extra !== null ? { extra: rt.toJSON(extra) } : {}),
      };
    }
  }
  // no default category: the router can't route (the engine fails the session, as goflow)
  return { categoryUuid: router.default_category_uuid ?? '', operand, value: operand };
}
