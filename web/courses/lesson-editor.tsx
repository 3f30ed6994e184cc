/** One lesson in the course form: title and text per language, an optional media URL, and its questions. */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { moveItem, newChoiceQuestion, newNumberQuestion, replaceItem, type Lesson } from './course-draft.js';
import { QuestionEditor } from './question-editor.js';
import { TextsField } from './texts-field.js';

export function LessonEditor({ lesson, number, languages, onChange, onRemove, onMove }: {
  lesson: Lesson;
  number: number;
  languages: readonly string[];
  onChange: (lesson: Lesson) => void;
  onRemove: () => void;
  onMove: (delta: number) => void;
}) {
  const { t } = useTranslation();
  const mediaId = useId();
  return (
    <section className="card course-lesson" aria-label={t('courses.lesson.label', { number })}>
      <div className="inline-row">
        <h3>{t('courses.lesson.label', { number })}</h3>
        <div className="row-actions">
          <button type="button" className="button subtle" onClick={() => onMove(-1)} aria-label={t('courses.lesson.moveUp', { number })}>↑</button>
          <button type="button" className="button subtle" onClick={() => onMove(1)} aria-label={t('courses.lesson.moveDown', { number })}>↓</button>
          <button type="button" className="button subtle" onClick={onRemove}>{t('courses.lesson.remove', { number })}</button>
        </div>
      </div>
      <TextsField label={t('courses.lesson.title', { number })} languages={languages} value={lesson.title} onChange={(title) => onChange({ ...lesson, title })} />
      <TextsField label={t('courses.lesson.text', { number })} languages={languages} value={lesson.text} multiline onChange={(text) => onChange({ ...lesson, text })} />
      <div className="field">
        <label htmlFor={mediaId}>{t('courses.lesson.media')}</label>
        <input
          id={mediaId}
          type="url"
          placeholder="https://"
          value={lesson.mediaUrl ?? ''}
          onChange={(e) => onChange({ ...lesson, mediaUrl: e.target.value.trim() ? e.target.value : null })}
        />
        <p className="hint">{t('courses.lesson.mediaHint')}</p>
      </div>
      {lesson.questions.map((question, q) => (
        <QuestionEditor
          key={question.id}
          question={question}
          number={`${number}.${q + 1}`}
          languages={languages}
          onChange={(changed) => onChange({ ...lesson, questions: replaceItem(lesson.questions, q, changed) })}
          onRemove={() => onChange({ ...lesson, questions: lesson.questions.filter((_, i) => i !== q) })}
          onMove={(delta) => onChange({ ...lesson, questions: moveItem(lesson.questions, q, delta) })}
        />
      ))}
      <div className="toolbar">
        <button type="button" className="button" onClick={() => onChange({ ...lesson, questions: [...lesson.questions, newChoiceQuestion(languages)] })}>
          {t('courses.lesson.addChoiceQuestion', { number })}
        </button>
        <button type="button" className="button" onClick={() => onChange({ ...lesson, questions: [...lesson.questions, newNumberQuestion(languages)] })}>
          {t('courses.lesson.addNumberQuestion', { number })}
        </button>
      </div>
    </section>
  );
}
