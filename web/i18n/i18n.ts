/**
 * Translations of every visible string (web/i18n/catalogs.ts: en.json, fr.json and areas/*) and the user's language choice.
 * The choice is kept in localStorage; without one, French if the browser prefers French, else English.
 *
 *   const { t } = useTranslation();  t('flows.title')  // "Flows" or "Flux"
 */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { catalogs } from './catalogs.js';

/** A language the interface is available in. Example: `"fr"`. */
export type UiLanguage = 'en' | 'fr';

export const UI_LANGUAGES: readonly UiLanguage[] = ['en', 'fr'];

const STORAGE_KEY = 'kiunga.language';

function isUiLanguage(value: unknown): value is UiLanguage {
  return value === 'en' || value === 'fr';
}

/** The saved choice, else the browser's preference (French or English). */
export function initialLanguage(): UiLanguage {
  let saved: string | null = null;
  try {
    saved = window.localStorage.getItem(STORAGE_KEY);
  } catch {
    // Storage can be blocked (private mode); fall back to the browser language.
  }
  if (isUiLanguage(saved)) return saved;
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (base === 'fr') return 'fr';
    if (base === 'en') return 'en';
  }
  return 'en';
}

/** Switches the interface language and remembers it for the next visit. */
export async function chooseLanguage(language: UiLanguage): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Not remembered, but still switched for this visit.
  }
  await i18next.changeLanguage(language);
}

export const i18nReady = i18next.use(initReactI18next).init({
  resources: { en: { translation: catalogs.en }, fr: { translation: catalogs.fr } },
  lng: initialLanguage(),
  fallbackLng: 'en',
  interpolation: { escapeValue: false }, // React escapes already
  returnNull: false,
  showSupportNotice: false,
});

i18next.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});
document.documentElement.lang = i18next.language;

export { i18next };
