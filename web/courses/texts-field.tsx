/**
 * One text per course language, side by side: a labelled input (or textarea) for each language.
 *
 *   <TextsField label={t('courses.lesson.text')} languages={['eng', 'fra']} value={lesson.text} multiline onChange={(text) => …} />
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { languageName } from '../flows/flow-languages.js';
import type { Texts } from './course-draft.js';

export function TextsField({ label, languages, value, onChange, multiline = false }: {
  label: string;
  languages: readonly string[];
  value: Texts;
  onChange: (value: Texts) => void;
  multiline?: boolean;
}) {
  const { i18n } = useTranslation();
  const id = useId();
  return (
    <fieldset className="course-texts">
      <legend>{label}</legend>
      {languages.map((lang) => {
        const fieldId = `${id}-${lang}`;
        const fieldLabel = `${label} (${languageName(lang, i18n.language)})`;
        const common = { id: fieldId, value: value[lang] ?? '', 'aria-label': fieldLabel, onChange: (event: { target: { value: string } }) => onChange({ ...value, [lang]: event.target.value }) };
        return (
          <div className="field" key={lang}>
            <label htmlFor={fieldId} className="small muted">{languageName(lang, i18n.language)}</label>
            {multiline ? <textarea rows={3} {...common} /> : <input type="text" {...common} />}
          </div>
        );
      })}
    </fieldset>
  );
}
