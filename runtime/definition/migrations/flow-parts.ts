/**
 * Access to the parts of an unvalidated flow (plain JSON) that migrations rewrite. Nothing here throws: a
 * malformed flow is migrated as far as possible and validation reports what is wrong afterwards.
 *
 *   for (const node of nodesOf(flow)) for (const action of actionsOf(node)) if (action.type === 'send_msg') ...
 */
import { asArray, asObject, isObject, objectsOf, type JsonObject } from '../json.js';

export function nodesOf(flow: JsonObject): JsonObject[] {
  return objectsOf(flow.nodes);
}

export function actionsOf(node: JsonObject): JsonObject[] {
  return objectsOf(node.actions);
}

export function routerOf(node: JsonObject): JsonObject | null {
  return asObject(node.router);
}

export function casesOf(router: JsonObject): JsonObject[] {
  return objectsOf(router.cases);
}

/** The localization object, or null when the flow has none. */
export function localizationOf(flow: JsonObject): JsonObject | null {
  return asObject(flow.localization);
}

/** The translations of one language, per item UUID. */
export function languageTranslations(localization: JsonObject, lang: string): JsonObject | null {
  return asObject(localization[lang]);
}

/** The translated values of `prop` of item `uuid` in one language, or null. */
export function getTranslation(langTrans: JsonObject, uuid: string, prop: string): string[] | null {
  const item = asObject(langTrans[uuid]);
  if (!item || !Array.isArray(item[prop])) return null;
  return (item[prop] as unknown[]).map((v) => (typeof v === 'string' ? v : String(v ?? '')));
}

export function setTranslation(langTrans: JsonObject, uuid: string, prop: string, values: string[]): void {
  let item = asObject(langTrans[uuid]);
  if (!item) {
    item = {};
    langTrans[uuid] = item;
  }
  item[prop] = values;
}

/** Removes one translated property, and the item when it has no properties left. */
export function deleteTranslation(langTrans: JsonObject, uuid: string, prop: string): void {
  const item = asObject(langTrans[uuid]);
  if (!item) return;
  delete item[prop];
  if (Object.keys(item).length === 0) delete langTrans[uuid];
}

/** Every language's translation object. */
export function eachLanguage(flow: JsonObject): [string, JsonObject][] {
  const localization = localizationOf(flow);
  if (!localization) return [];
  return Object.keys(localization)
    .map((lang) => [lang, localization[lang]] as [string, unknown])
    .filter((entry): entry is [string, JsonObject] => isObject(entry[1]));
}

export function stringsOf(value: unknown): string[] {
  return asArray(value).map((v) => (typeof v === 'string' ? v : ''));
}

/** True when the node is "one action of these types followed by a switch router" (webhook/ticket/airtime splits). */
export function isSplitOnActionNode(node: JsonObject, actionTypes: readonly string[]): boolean {
  const actions = actionsOf(node);
  const router = routerOf(node);
  return (
    asArray(node.actions).length === 1 &&
    actions.length === 1 &&
    actionTypes.includes(String(actions[0]!.type)) &&
    router !== null &&
    router.type === 'switch'
  );
}
