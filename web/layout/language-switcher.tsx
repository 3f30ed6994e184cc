/** The interface language picker (English / Français); the choice is remembered in this browser. */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { chooseLanguage, UI_LANGUAGES, type UiLanguage } from '../i18n/i18n.js';

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const current = (UI_LANGUAGES as readonly string[]).includes(i18n.language) ? i18n.language : 'en';
  return (
    <div className="language-switcher">
      <label htmlFor={id}>{t('language.label')}</label>
      <select id={id} value={current} onChange={(event) => void chooseLanguage(event.target.value as UiLanguage)}>
        {UI_LANGUAGES.map((language) => (
          // Each language is named in itself, so anyone can find theirs.
          <option key={language} value={language} lang={language}>
            {t(`language.names.${language}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
