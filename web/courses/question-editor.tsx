/**
 * One quiz question in the course form: the prompt per language, then either the choices (per language, with a
 * radio button for the right one) or the right number and how far off an answer may be.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { emptyTexts, newItemId, replaceItem, type Question } from './course-draft.js';
import { TextsField } from './texts-field.js';

export function QuestionEditor({ question, number, languages, onChange, onRemove, onMove }: {
  question: Question;
  number: string;
  languages: readonly string[];
  onChange: (question: Question) => void;
  onRemove: () => void;
  onMove: (delta: number) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="card course-question" role="group" aria-label={t('courses.question.label', { number })}>
      <div className="inline-row">
        <h4>{t('courses.question.label', { number })} · {question.kind === 'choice' ? t('courses.question.choiceKind') : t('courses.question.numberKind')}</h4>
        <div className="row-actions">
          <button type="button" className="button subtle" onClick={() => onMove(-1)} aria-label={t('courses.question.moveUp', { number })}>↑</button>
          <button type="button" className="button subtle" onClick={() => onMove(1)} aria-label={t('courses.question.moveDown', { number })}>↓</button>
          <button type="button" className="button subtle" onClick={onRemove}>{t('courses.question.remove')}</button>
        </div>
      </div>
      <TextsField label={t('courses.question.prompt', { number })} languages={languages} value={question.prompt} onChange={(prompt) => onChange({ ...question, prompt })} />
      {question.kind === 'choice' ? (
        <fieldset>
          <legend>{t('courses.question.choices')}</legend>
          {question.choices.map((choice, c) => (
            <div className="inline-row course-choice" key={choice.id}>
              <label className="checkbox">
                <input
                  type="radio"
                  name={`${id}-correct`}
                  checked={question.correctChoiceId === choice.id}
                  onChange={() => onChange({ ...question, correctChoiceId: choice.id })}
                />
                {t('courses.question.rightAnswer', { number: c + 1 })}
              </label>
              <TextsField
                label={t('courses.question.choice', { number: c + 1 })}
                languages={languages}
                value={choice.text}
                onChange={(text) => onChange({ ...question, choices: replaceItem(question.choices, c, { ...choice, text }) })}
              />
              {question.choices.length > 2 && (
                <button
                  type="button"
                  className="button subtle"
                  onClick={() => {
                    const choices = question.choices.filter((_, i) => i !== c);
                    onChange({ ...question, choices, correctChoiceId: question.correctChoiceId === choice.id ? choices[0]!.id : question.correctChoiceId });
                  }}
                >
                  {t('courses.question.removeChoice', { number: c + 1 })}
                </button>
              )}
            </div>
          ))}
          {question.choices.length < 9 && (
            <button type="button" className="button" onClick={() => onChange({ ...question, choices: [...question.choices, { id: newItemId(), text: emptyTexts(languages) }] })}>
              {t('courses.question.addChoice')}
            </button>
          )}
        </fieldset>
      ) : (
        <div className="inline-row">
          <div className="field">
            <label htmlFor={`${id}-answer`}>{t('courses.question.answer')}</label>
            <input id={`${id}-answer`} type="number" value={question.answer} onChange={(e) => onChange({ ...question, answer: Number(e.target.value) })} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-tolerance`}>{t('courses.question.tolerance')}</label>
            <input id={`${id}-tolerance`} type="number" min={0} value={question.tolerance} onChange={(e) => onChange({ ...question, tolerance: Math.max(0, Number(e.target.value)) })} />
          </div>
        </div>
      )}
    </div>
  );
}
