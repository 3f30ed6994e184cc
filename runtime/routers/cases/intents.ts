/**
 * Shared logic of has_intent and has_top_intent. A classifier result (from call_classifier) stores
 * goflow's classification JSON in the result's `extra`:
 *   { "intents": [{"name": "book_flight", "confidence": 0.9}], "entities": {"location": [{"value": "Quito", "confidence": 1}]} }
 * Intents are in order of confidence; the match is the intent name and `extra` maps each entity
 * to its most likely value.
 */
import type { EvaluationEnvironment } from '../../expressions/environment.js';
import { XArray, XError, XObject, xText, type XValue } from '../../expressions/values.js';
import { toXNumber, toXText } from '../../expressions/conversions.js';
import { FALSE_RESULT, trueResult } from './spec.js';

function textOf(env: EvaluationEnvironment, v: XValue | undefined): string {
  const t = toXText(env, v ?? null);
  return t instanceof XError ? '' : t.value;
}

export function testIntent(env: EvaluationEnvironment, args: XValue[], topOnly: boolean): XValue {
  const result = args[0];
  if (result instanceof XError) return result;
  if (!(result instanceof XObject) || !result.has('category')) return new XError('first argument must be a result');
  const name = toXText(env, args[1]);
  if (name instanceof XError) return name;
  const minConfidence = toXNumber(env, args[2]);
  if (minConfidence instanceof XError) return minConfidence;

  const extra = result.get('extra');
  if (!(extra instanceof XObject)) return FALSE_RESULT;
  const intentsValue = extra.get('intents');
  let intents = intentsValue instanceof XArray ? intentsValue.items() : [];
  if (topOnly) intents = intents.slice(0, 1);

  for (const intent of intents) {
    if (!(intent instanceof XObject)) continue;
    const intentName = textOf(env, intent.get('name'));
    const confidence = toXNumber(env, intent.get('confidence') ?? null);
    if (confidence instanceof XError) continue;
    if (intentName === name.value && confidence.value.gte(minConfidence.value)) {
      const entities: Record<string, unknown> = {};
      const entitiesValue = extra.get('entities');
      if (entitiesValue instanceof XObject) {
        for (const key of entitiesValue.keys()) {
          const possibilities = entitiesValue.get(key);
          if (possibilities instanceof XArray && possibilities.length > 0) {
            const best = possibilities.get(0);
            if (best instanceof XObject) entities[key] = xText(textOf(env, best.get('value')));
          }
        }
      }
      return trueResult(xText(intentName), new XObject(entities));
    }
  }
  return FALSE_RESULT;
}
