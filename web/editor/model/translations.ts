/**
 * Translation mode's logic, without React: which texts of a flow a translator must translate (read from the
 * engine's own metadata: the `localizable` list of each action type in runtime/actions/registry.ts, case
 * arguments and category names, through `extractLocalizables`), how far each language is, and edits of
 * `flow.localization` stored the way RapidPro stores them: language → item UUID → property → list of texts.
 *
 *   translatableTexts(flow)                 // [{ itemUuid: 'e97c…', property: 'text', base: ['How old are you?'], nodeUuid }, …]
 *   translationProgress(flow, 'fra')        // { done: 1, total: 4, percent: 25 }
 *   isLanguageNeutral({ property: 'arguments', base: ['0', '10'], … })   // true: numbers read the same in every language
 *   setTranslation(flow, 'fra', 'e97c…', 'text', ['Quel âge avez-vous ?'])
 */
import type { Flow, Localization } from '../../../runtime/definition/types.js';
import { extractLocalizables } from '../../../runtime/inspect/templates.js';
import { isLanguageNeutral, languageNeutralPaths } from '../../../runtime/inspect/language-neutral.js';

/**
 * One localizable property of one item (action, case or category), with its base-language texts.
 * Example: `{ nodeUuid: '46d5…', actionUuid: 'e97c…', itemUuid: 'e97c…', property: 'quick_replies', base: ['Yes', 'No'] }`.
 */
export interface TranslatableText {
  nodeUuid: string;
  actionUuid?: string;
  itemUuid: string;
  property: string;
  base: string[];
  /**
   * Numbers read the same in every language (a rule's "0" and "10", a category named "18-45"): still
   * translatable, but not counted in the progress nor reported missing. See `isLanguageNeutral`.
   */
  optional?: boolean;
}

/** How much of a language is translated. Example: `{ done: 3, total: 4, percent: 75 }`. */
export interface TranslationProgress {
  done: number;
  total: number;
  percent: number;
}

/** Whether an item of the flow is an action, a case or a category (localizable items are one of the three). */
function itemKinds(flow: Flow): Map<string, 'case' | 'category' | 'action'> {
  const kinds = new Map<string, 'case' | 'category' | 'action'>();
  for (const node of flow.nodes) {
    for (const action of node.actions) kinds.set(action.uuid, 'action');
    for (const category of node.router?.categories ?? []) kinds.set(category.uuid, 'category');
    if (node.router?.type === 'switch') for (const testCase of node.router.cases) kinds.set(testCase.uuid, 'case');
  }
  return kinds;
}

/** ISO 639-3 (or "und"), as flow definitions use. */
const LANGUAGE_CODE = /^([a-z]{3}|und)$/;

/**
 * Every property to translate, in the flow's order, grouped per item and property (a list property such as
 * quick replies is one entry with all its texts). Properties whose base texts are all blank are left out:
 * there is nothing to translate yet. Language-neutral ones (numbers) are marked `optional`.
 */
export function translatableTexts(flow: Flow): TranslatableText[] {
  const byKey = new Map<string, TranslatableText>();
  for (const text of extractLocalizables(flow)) {
    if (!text.itemUuid || !text.property) continue;
    const key = `${text.itemUuid}\u0000${text.property}`;
    let entry = byKey.get(key);
    if (!entry) {
      entry = { nodeUuid: text.nodeUuid, ...(text.actionUuid ? { actionUuid: text.actionUuid } : {}), itemUuid: text.itemUuid, property: text.property, base: [] };
      byKey.set(key, entry);
    }
    entry.base.push(text.text);
  }
  const kinds = itemKinds(flow);
  return [...byKey.values()]
    .filter((entry) => entry.base.some((value) => value.trim() !== ''))
    .map((entry) => (isLanguageNeutral(entry, kinds.get(entry.itemUuid) ?? 'action') ? { ...entry, optional: true } : entry));
}

// Language-neutral texts (numbers) are the engine's rule, shared with its inspector.
export { isLanguageNeutral, languageNeutralPaths };

/** The flow's languages: its base language first, then every language of `localization`. */
export function flowLanguages(flow: Flow): string[] {
  return [...new Set([flow.language, ...Object.keys(flow.localization ?? {})])];
}

/** The translation of one property in `language`, or null when there is none. */
export function translationOf(flow: Flow, language: string, itemUuid: string, property: string): string[] | null {
  const values = flow.localization?.[language]?.[itemUuid]?.[property];
  return Array.isArray(values) ? values : null;
}

/** Translated: a list as long as the base, with no blank text (a half-translated list still needs work). */
export function isTranslated(flow: Flow, language: string, text: TranslatableText): boolean {
  const values = translationOf(flow, language, text.itemUuid, text.property);
  return !!values && values.length >= text.base.length && values.every((value) => typeof value === 'string' && value.trim() !== '');
}

/** Progress over the texts that need a translation (optional, language-neutral ones do not count). */
export function translationProgress(flow: Flow, language: string, texts: readonly TranslatableText[] = translatableTexts(flow)): TranslationProgress {
  const counted = texts.filter((text) => !text.optional);
  const total = counted.length;
  const done = counted.filter((text) => isTranslated(flow, language, text)).length;
  return { done, total, percent: total === 0 ? 100 : Math.floor((done / total) * 100) };
}

/** Adds a language to translate into (an empty entry in `localization`). Throws on a code that is not ISO 639-3. */
export function addLanguage(flow: Flow, language: string): Flow {
  if (!LANGUAGE_CODE.test(language)) throw new Error(`addLanguage: "${language}" is not an ISO 639-3 language code such as "fra"`);
  if (language === flow.language || flow.localization?.[language]) return flow;
  return { ...flow, localization: { ...(flow.localization ?? {}), [language]: {} } };
}

/** Removes a language and all its translations. The base language cannot be removed. */
export function removeLanguage(flow: Flow, language: string): Flow {
  if (language === flow.language || !flow.localization?.[language]) return flow;
  const { [language]: _removed, ...rest } = flow.localization;
  return { ...flow, localization: rest };
}

/**
 * Sets the translation of one property. A list whose texts are all blank removes the property (and an item
 * left without properties disappears), so `localization` never holds empty translations.
 */
export function setTranslation(flow: Flow, language: string, itemUuid: string, property: string, values: readonly string[]): Flow {
  if (language === flow.language) throw new Error(`setTranslation: "${language}" is the flow's base language; edit the step itself`);
  const localization: Localization = { ...(flow.localization ?? {}) };
  const items = { ...(localization[language] ?? {}) };
  const item = { ...(items[itemUuid] ?? {}) };
  if (values.every((value) => value.trim() === '')) delete item[property];
  else item[property] = [...values];
  if (Object.keys(item).length === 0) delete items[itemUuid];
  else items[itemUuid] = item;
  localization[language] = items;
  return { ...flow, localization };
}
