/**
 * What a health worker will receive, in one language, and whether the compiled flow is clean (the runtime's
 * reader and inspector) and publishable. Reloads when `version` changes (after each save).
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiOutputs } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';
import { languageName } from '../flows/flow-languages.js';

type Preview = ApiOutputs['courses']['preview'];

export function CoursePreviewPanel({ courseId, languages, version }: { courseId: string; languages: readonly string[]; version: number }) {
  const { t, i18n } = useTranslation();
  const describeError = useApiError();
  const id = useId();
  const [language, setLanguage] = useState(languages[0] ?? 'eng');
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    api.courses.preview
      .query({ id: courseId, language })
      .then((result) => current && (setPreview(result), setError(null)))
      .catch((failure: unknown) => current && setError(describeError(failure)));
    return () => {
      current = false;
    };
  }, [courseId, language, version, describeError]);

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('courses.preview.title')}</h2>
      <div className="field inline">
        <label htmlFor={`${id}-language`}>{t('courses.preview.language')}</label>
        <select id={`${id}-language`} value={language} onChange={(e) => setLanguage(e.target.value)}>
          {languages.map((lang) => <option key={lang} value={lang}>{languageName(lang, i18n.language)}</option>)}
        </select>
      </div>
      {error && <p className="alert error" role="alert">{error}</p>}
      {!preview && !error && <p role="status">{t('common.loading')}</p>}
      {preview && (
        <>
          {preview.problems.length > 0 ? (
            <div className="alert error" role="status" aria-label={t('courses.preview.problemsTitle')}>
              <p className="strong">{t('courses.preview.problems', { count: preview.problems.length })}</p>
              <ul className="plain-list">{preview.problems.map((p) => <li key={p.path}>{p.message}</li>)}</ul>
            </div>
          ) : (
            <p className="muted" data-testid="course-ready">{t('courses.preview.ready')}</p>
          )}
          <p className="small muted" data-testid="course-inspection">
            {preview.inspection.errors.length + preview.inspection.warnings.length === 0
              ? t('courses.preview.inspectorClean', { nodes: preview.inspection.nodes })
              : t('courses.preview.inspectorIssues', { errors: preview.inspection.errors.length, warnings: preview.inspection.warnings.length })}
          </p>
          <ol className="course-preview-messages" aria-label={t('courses.preview.messages')}>
            {preview.messages.map((message, i) => (
              <li key={i} className="bubble">
                <span className="small muted">{t(`courses.preview.kind.${message.kind}`, { lesson: message.lesson })}</span>
                <pre className="course-message" style={{ whiteSpace: 'pre-wrap', margin: 0, font: 'inherit' }}>{message.text || t('courses.preview.missing')}</pre>
                {message.attachment && <span className="small">📎 {message.attachment}</span>}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
