/** The course-wide settings: pass mark, "No reply after …", spacing of lessons, reminders and closing messages. */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { CourseContent } from './course-draft.js';
import { TextsField } from './texts-field.js';

export function CourseSettings({ content, languages, onChange }: { content: CourseContent; languages: readonly string[]; onChange: (content: CourseContent) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const number = (value: string) => (value === '' ? 0 : Number(value));
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('courses.settings.title')}</h2>
      <div className="inline-row">
        <div className="field">
          <label htmlFor={`${id}-pass`}>{t('courses.settings.passMark')}</label>
          <input id={`${id}-pass`} type="number" min={0} max={100} value={content.passMark} onChange={(e) => onChange({ ...content, passMark: number(e.target.value) })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-timeout`}>{t('courses.settings.questionTimeout')}</label>
          <input id={`${id}-timeout`} type="number" min={1} max={168} value={content.questionTimeoutHours} onChange={(e) => onChange({ ...content, questionTimeoutHours: number(e.target.value) })} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-spacing`}>{t('courses.settings.spacing')}</label>
          <select
            id={`${id}-spacing`}
            value={content.spacing.mode}
            onChange={(e) => onChange({ ...content, spacing: e.target.value === 'days' ? { mode: 'days', days: 1 } : { mode: 'answered' } })}
          >
            <option value="answered">{t('courses.settings.spacingAnswered')}</option>
            <option value="days">{t('courses.settings.spacingDays')}</option>
          </select>
        </div>
        {content.spacing.mode === 'days' && (
          <div className="field">
            <label htmlFor={`${id}-days`}>{t('courses.settings.days')}</label>
            <input id={`${id}-days`} type="number" min={1} max={60} value={content.spacing.days} onChange={(e) => onChange({ ...content, spacing: { mode: 'days', days: number(e.target.value) } })} />
          </div>
        )}
      </div>
      <p className="hint">{content.spacing.mode === 'days' ? t('courses.settings.spacingDaysHint') : t('courses.settings.spacingAnsweredHint')}</p>
      <label className="checkbox">
        <input type="checkbox" checked={content.feedback === true} onChange={(e) => onChange({ ...content, feedback: e.target.checked })} />
        {t('courses.settings.feedback')}
      </label>
      <TextsField label={t('courses.settings.completionMessage')} languages={languages} value={content.completionMessage} multiline onChange={(completionMessage) => onChange({ ...content, completionMessage })} />
      <TextsField label={t('courses.settings.failMessage')} languages={languages} value={content.failMessage} multiline onChange={(failMessage) => onChange({ ...content, failMessage })} />
      <p className="hint">{t('courses.settings.scoreHint')}</p>
      <TextsField label={t('courses.settings.reminderMessage')} languages={languages} value={content.reminderMessage} multiline onChange={(reminderMessage) => onChange({ ...content, reminderMessage })} />
      <div className="inline-row">
        <div className="field">
          <label htmlFor={`${id}-behind`}>{t('courses.settings.reminderAfterDays')}</label>
          <input id={`${id}-behind`} type="number" min={1} max={365} value={content.reminderAfterDays} onChange={(e) => onChange({ ...content, reminderAfterDays: number(e.target.value) })} />
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={content.autoRemind} onChange={(e) => onChange({ ...content, autoRemind: e.target.checked })} />
          {t('courses.settings.autoRemind')}
        </label>
      </div>
    </section>
  );
}
