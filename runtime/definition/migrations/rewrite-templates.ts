/**
 * Applies a text rewrite to every template of a flow (action and router fields listed in ./template-catalog.ts)
 * and to the translations of those fields, as migrations 13.3.0 and 13.6.1 need.
 *
 *   rewriteFlowTemplates(flow, (t) => t.replace('@old', '@new'));
 */
import { isObject, type JsonObject } from '../json.js';
import { ACTION_TEMPLATE_PATHS, ROUTER_TEMPLATE_PATHS } from './template-catalog.js';
import { actionsOf, eachLanguage, getTranslation, nodesOf, routerOf, setTranslation } from './flow-parts.js';

type Rewrite = (template: string) => string;

function rewriteValue(value: unknown, tx: Rewrite): unknown {
  if (typeof value === 'string') return tx(value);
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? tx(v) : v));
  return value;
}

function rewriteTranslations(flow: JsonObject, itemUuid: string, prop: string, tx: Rewrite): void {
  for (const [, langTrans] of eachLanguage(flow)) {
    const values = getTranslation(langTrans, itemUuid, prop);
    if (values) setTranslation(langTrans, itemUuid, prop, values.map(tx));
  }
}

/** Splits ".groups[*].name_match" into ['groups', '*', 'name_match']; a final "[*]" is dropped (arrays are rewritten whole). */
function parsePath(path: string): string[] {
  const trimmed = path.endsWith('[*]') ? path.slice(0, -3) : path;
  return trimmed
    .replace(/\[\*\]/g, '.*')
    .split('.')
    .filter((s) => s !== '');
}

function applyPath(flow: JsonObject, container: unknown, segments: string[], tx: Rewrite): void {
  if (segments.length === 0) return;
  const [head, ...rest] = segments as [string, ...string[]];
  if (head === '*') {
    if (Array.isArray(container)) {
      container.forEach((item, index) => {
        if (rest.length === 0) container[index] = rewriteValue(item, tx);
        else applyPath(flow, item, rest, tx);
      });
    } else if (isObject(container)) {
      for (const key of Object.keys(container)) {
        if (rest.length === 0) container[key] = rewriteValue(container[key], tx);
        else applyPath(flow, container[key], rest, tx);
      }
    }
    return;
  }
  if (!isObject(container) || !(head in container)) return;
  if (rest.length > 0) {
    applyPath(flow, container[head], rest, tx);
    return;
  }
  if (typeof container.uuid === 'string') rewriteTranslations(flow, container.uuid, head, tx);
  container[head] = rewriteValue(container[head], tx);
}

/** Rewrites every template of the flow in place. */
export function rewriteFlowTemplates(flow: JsonObject, tx: Rewrite): void {
  for (const node of nodesOf(flow)) {
    for (const action of actionsOf(node)) {
      for (const path of ACTION_TEMPLATE_PATHS[String(action.type)] ?? []) applyPath(flow, action, parsePath(path), tx);
    }
    const router = routerOf(node);
    if (router) for (const path of ROUTER_TEMPLATE_PATHS) applyPath(flow, router, parsePath(path), tx);
  }
}
