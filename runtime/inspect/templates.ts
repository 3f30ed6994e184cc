/**
 * Every template (text that may hold `@expressions`) and every localizable text of a flow, with where it is.
 * Action fields come from the `evaluated` / `localizable` lists of each type in runtime/actions/registry.ts;
 * routers contribute their operand, case arguments (translatable), category names (translatable) and a dial
 * wait's phone. Translations of localizable fields are included with their language.
 *
 *   extractTemplates(flow)      // [{ text: 'Hi @contact.name', path: 'nodes[0].actions[0].text', nodeUuid, actionUuid }, ...]
 *   extractLocalizables(flow)   // base-language texts a translator must translate
 */
import { ACTIONS } from '../actions/registry.js';
import { formatPath, type PathSegment } from '../definition/issues.js';
import { asArray, isObject, type JsonObject } from '../definition/json.js';
import type { Flow, FlowNode } from '../definition/types.js';

/** One text found in a flow. Example: `{ text: 'Bonjour', path: 'localization.fra["e97c..."].text[0]', nodeUuid, actionUuid, language: 'fra', itemUuid, property: 'text' }`. */
export interface FlowText {
  text: string;
  /** JSON path of the text (for translations, the path inside `localization`). */
  path: string;
  nodeUuid: string;
  actionUuid?: string;
  /** Set for translations. */
  language?: string;
  /** The localizable item (action, case, category) and property this text belongs to. */
  itemUuid?: string;
  property?: string;
}

interface Found {
  value: string;
  path: PathSegment[];
}

/** Reads a field path like `text`, `groups[].name_match` or `headers` (a map of strings) from an object. */
export function readFieldPath(obj: JsonObject, fieldPath: string, prefix: PathSegment[] = []): Found[] {
  const [head, ...rest] = fieldPath.split('.');
  if (!head) return [];
  const isList = head.endsWith('[]');
  const key = isList ? head.slice(0, -2) : head;
  const value = obj[key];
  const out: Found[] = [];
  const collect = (v: unknown, path: PathSegment[]) => {
    if (rest.length > 0) {
      if (isObject(v)) out.push(...readFieldPath(v, rest.join('.'), path));
      return;
    }
    if (typeof v === 'string') out.push({ value: v, path });
    else if (Array.isArray(v)) v.forEach((item, i) => typeof item === 'string' && out.push({ value: item, path: [...path, i] }));
    else if (isObject(v)) for (const [k, item] of Object.entries(v)) if (typeof item === 'string') out.push({ value: item, path: [...path, k] });
  };
  if (isList) asArray(value).forEach((item, i) => collect(item, [...prefix, key, i]));
  else collect(value, [...prefix, key]);
  return out;
}

function translations(flow: Flow, itemUuid: string, property: string): { language: string; values: string[] }[] {
  const out: { language: string; values: string[] }[] = [];
  for (const [language, items] of Object.entries(flow.localization ?? {})) {
    const values = isObject(items) && isObject(items[itemUuid]) ? (items[itemUuid] as JsonObject)[property] : undefined;
    if (Array.isArray(values)) out.push({ language, values: values.filter((v): v is string => typeof v === 'string') });
  }
  return out;
}

function pushTranslated(
  out: FlowText[], flow: Flow, base: Omit<FlowText, 'text' | 'path'>, itemUuid: string, property: string,
): void {
  for (const { language, values } of translations(flow, itemUuid, property)) {
    values.forEach((text, i) => out.push({ ...base, text, language, itemUuid, property, path: formatPath(['localization', language, itemUuid, property, i]) }));
  }
}

function nodeTexts(flow: Flow, node: FlowNode, n: number, mode: 'templates' | 'localizables'): FlowText[] {
  const out: FlowText[] = [];
  (node.actions ?? []).forEach((action, a) => {
    const spec = ACTIONS[action.type];
    if (!spec) return;
    const fields = mode === 'templates' ? spec.evaluated : spec.localizable;
    for (const field of fields) {
      const base = { nodeUuid: node.uuid, actionUuid: action.uuid };
      for (const found of readFieldPath(action, field, ['nodes', n, 'actions', a])) {
        out.push({ ...base, text: found.value, path: formatPath(found.path), itemUuid: action.uuid, property: field });
      }
      // translations of a localized field are templates too (and are what translators produce, not translate)
      if (mode === 'templates' && spec.localizable.includes(field)) pushTranslated(out, flow, base, action.uuid, field);
    }
  });
  const router = node.router;
  if (router) {
    const routerPath: PathSegment[] = ['nodes', n, 'router'];
    const base = { nodeUuid: node.uuid };
    if (mode === 'templates' && router.type === 'switch') {
      out.push({ ...base, text: router.operand, path: formatPath([...routerPath, 'operand']) });
    }
    if (router.type === 'switch') {
      (router.cases ?? []).forEach((kase, c) => {
        (kase.arguments ?? []).forEach((arg, i) =>
          out.push({ ...base, text: arg, path: formatPath([...routerPath, 'cases', c, 'arguments', i]), itemUuid: kase.uuid, property: 'arguments' }),
        );
        if (mode === 'templates') pushTranslated(out, flow, base, kase.uuid, 'arguments');
      });
    }
    if (mode === 'localizables') {
      router.categories.forEach((category, c) =>
        out.push({ ...base, text: category.name, path: formatPath([...routerPath, 'categories', c, 'name']), itemUuid: category.uuid, property: 'name' }),
      );
    }
    if (mode === 'templates' && router.wait && router.wait.type === 'dial') {
      out.push({ ...base, text: router.wait.phone, path: formatPath([...routerPath, 'wait', 'phone']) });
    }
  }
  return out;
}

/** Every template of the flow (action fields, router operand and arguments, dial phone, and their translations). */
export function extractTemplates(flow: Flow): FlowText[] {
  return flow.nodes.flatMap((node, n) => nodeTexts(flow, node, n, 'templates'));
}

/** Every base-language text a translator must translate (action texts, case arguments, category names). */
export function extractLocalizables(flow: Flow): FlowText[] {
  return flow.nodes.flatMap((node, n) => nodeTexts(flow, node, n, 'localizables'));
}

/** Convenience: just the strings. */
export function templateTexts(flow: Flow): string[] {
  return extractTemplates(flow).map((t) => t.text);
}
