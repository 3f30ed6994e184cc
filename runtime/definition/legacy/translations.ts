/**
 * Legacy inline translations (`{"eng": "Hello", "fra": "Bonjour"}`, or a bare string meaning the base text)
 * and the localization object they become.
 *
 *   const loc = new LocalizationBuilder();
 *   const base = loc.addMap('eng', { eng: 'Hi @contact.name', fra: 'Salut' }, actionUuid, 'text');
 *   // base === 'Hi @contact.name'; loc.localization → { fra: { [actionUuid]: { text: ['Salut'] } } }
 */
import { isObject } from '../json.js';
import { migrateLegacyText } from './expressions.js';

export type Translations = Record<string, string>;

/** Reads a translations value: a map of language → text, or a bare string (the "base" text). */
export function readTranslations(value: unknown): Translations {
  if (typeof value === 'string') return { base: value };
  if (!isObject(value)) return {};
  const out: Translations = {};
  for (const [lang, text] of Object.entries(value)) if (typeof text === 'string') out[lang] = text;
  return out;
}

/** The text in the flow's base language, else the "base" entry, else empty. */
export function baseText(t: Translations, baseLanguage: string): string {
  return t[baseLanguage] ?? t.base ?? '';
}

/** `[{eng: 'yes', fra: 'oui'}, {eng: 'no'}]` → `{eng: ['yes', 'no'], fra: ['oui', '']}`. */
export function transposeTranslations(items: Translations[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  items.forEach((item, i) => {
    for (const [lang, text] of Object.entries(item)) {
      if (!out[lang]) out[lang] = new Array<string>(items.length).fill('');
      out[lang]![i] = text;
    }
  });
  return out;
}

export class LocalizationBuilder {
  readonly localization: Record<string, Record<string, Record<string, string[]>>> = {};

  add(lang: string, itemUuid: string, property: string, values: string[]): void {
    const byItem = (this.localization[lang] ??= {});
    const props = (byItem[itemUuid] ??= {});
    props[property] = values;
  }

  /** Records the non-base translations (migrated) and returns the migrated base text. */
  addMap(baseLanguage: string, translations: Translations, itemUuid: string, property: string): string {
    let base = '';
    for (const [lang, text] of Object.entries(translations)) {
      const migrated = migrateLegacyText(text);
      if (lang === baseLanguage) base = migrated;
      else if (lang !== 'base') this.add(lang, itemUuid, property, [migrated]);
    }
    // a flow whose base language is not among the keys still has its "base" text
    if (!(baseLanguage in translations) && 'base' in translations) base = migrateLegacyText(translations.base!);
    return base;
  }

  /** Like addMap for list-valued properties (quick replies). */
  addListMap(baseLanguage: string, translations: Record<string, string[]>, itemUuid: string, property: string): string[] {
    let base: string[] = [];
    for (const [lang, texts] of Object.entries(translations)) {
      const migrated = texts.map((t) => migrateLegacyText(t));
      if (lang === baseLanguage) base = migrated;
      else this.add(lang, itemUuid, property, migrated);
    }
    return base;
  }
}
