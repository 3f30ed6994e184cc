/**
 * A course in forms: title, languages, lessons and their questions, settings; Save (a new version, refused if
 * someone else saved since), Publish (compiles to the course's flow), the preview, enrolment and progress.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';
import { canEdit, useSession } from '../auth/session-context.js';
import { FLOW_LANGUAGES, languageName } from '../flows/flow-languages.js';
import { Link, navigate } from '../routing/hash-router.js';
import { moveItem, newLesson, replaceItem, type CourseContent, type CourseDetails } from './course-draft.js';
import { CoursePreviewPanel } from './course-preview-panel.js';
import { CourseProgressPanel } from './course-progress-panel.js';
import { CourseSettings } from './course-settings.js';
import { LessonEditor } from './lesson-editor.js';

export function CourseEditor({ courseId }: { courseId: string }) {
  const { t, i18n } = useTranslation();
  const describeError = useApiError();
  const editable = canEdit(useSession().session);
  const id = useId();
  const [course, setCourse] = useState<CourseDetails | null>(null);
  const [title, setTitle] = useState('');
  const [languages, setLanguages] = useState<string[]>([]);
  const [content, setContent] = useState<CourseContent | null>(null);
  const [dirty, setDirty] = useState(false);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(async () => {
    const loaded = await api.courses.get.query({ id: courseId });
    setCourse(loaded);
    setTitle(loaded.title);
    setLanguages(loaded.languages);
    setContent(loaded.content);
    setDirty(false);
    return loaded;
  }, [courseId]);

  useEffect(() => {
    load().catch((failure: unknown) => setError(describeError(failure)));
  }, [load, describeError]);

  const edit = (next: CourseContent) => {
    setContent(next);
    setDirty(true);
  };

  async function save(): Promise<boolean> {
    if (!course || !content) return false;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await api.courses.update.mutate({ id: course.id, baseVersion: course.version, title, languages, content });
      await load();
      setNotice(t('courses.editor.saved'));
      return true;
    } catch (failure) {
      setError(describeError(failure));
      return false;
    } finally {
      setBusy(false);
    }
  }

  async function publish() {
    if (dirty && !(await save())) return;
    setBusy(true);
    setError(null);
    try {
      const published = await api.courses.publish.mutate({ id: courseId });
      await load();
      setNotice(t('courses.editor.published', { revision: published.revision }));
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  }

  /** After enrolling: only the enrolment list changes; the form (maybe with unsaved edits) is left alone. */
  async function refreshEnrolments() {
    try {
      const loaded = await api.courses.get.query({ id: courseId });
      setCourse((previous) => (previous ? { ...previous, enrolments: loaded.enrolments, reminders: loaded.reminders } : loaded));
    } catch (failure) {
      setError(describeError(failure));
    }
  }

  async function remove() {
    if (!course || !window.confirm(t('courses.editor.deleteConfirm', { title: course.title }))) return;
    setBusy(true);
    try {
      await api.courses.remove.mutate({ id: course.id });
      navigate('/courses');
    } catch (failure) {
      setError(describeError(failure));
      setBusy(false);
    }
  }

  if (error && !course) return <p className="page alert error" role="alert">{error}</p>;
  if (!course || !content) return <p className="page" role="status">{t('common.loading')}</p>;
  const published = course.publishedVersion !== null;
  const state = dirty ? t('courses.editor.unsaved') : course.publishedVersion === course.version ? t('courses.editor.upToDate') : published ? t('courses.editor.changedSincePublish') : t('courses.editor.neverPublished');

  return (
    <section className="page course-page" aria-labelledby={`${id}-title`}>
      <Link to="/courses">{t('courses.editor.back')}</Link>
      <div className="page-header">
        <h1 id={`${id}-title`}>{course.title}</h1>
        <span className="badge" data-testid="course-state">{state}</span>
        {editable && (
          <div className="toolbar">
            <button type="button" className="button" disabled={busy || !dirty} onClick={() => void save()}>{t('courses.editor.save')}</button>
            <button type="button" className="button primary" disabled={busy} onClick={() => void publish()}>{t('courses.editor.publish')}</button>
            <button type="button" className="button subtle" disabled={busy} onClick={() => void remove()}>{t('courses.editor.delete')}</button>
          </div>
        )}
      </div>
      {course.flowId && <p className="small"><Link to={`/flows/${course.flowId}`}>{t('courses.editor.openFlow')}</Link></p>}
      {notice && <p className="alert success" role="status">{notice}</p>}
      {error && <p className="alert error" role="alert">{error}</p>}
      <fieldset disabled={!editable} className="course-form">
        <div className="card">
          <div className="field">
            <label htmlFor={`${id}-name`}>{t('courses.editor.titleLabel')}</label>
            <input id={`${id}-name`} type="text" value={title} onChange={(e) => { setTitle(e.target.value); setDirty(true); }} />
          </div>
          <fieldset>
            <legend>{t('courses.editor.languages')}</legend>
            <div className="chips">
              {FLOW_LANGUAGES.map((lang) => (
                <label className="checkbox" key={lang}>
                  <input
                    type="checkbox"
                    checked={languages.includes(lang)}
                    disabled={languages.length === 1 && languages.includes(lang)}
                    onChange={(e) => { setLanguages(e.target.checked ? [...languages, lang] : languages.filter((l) => l !== lang)); setDirty(true); }}
                  />
                  {languageName(lang, i18n.language)}
                </label>
              ))}
            </div>
            <p className="hint">{t('courses.editor.languagesHint', { base: languageName(languages[0] ?? 'eng', i18n.language) })}</p>
          </fieldset>
        </div>
        <h2>{t('courses.editor.lessons', { count: content.lessons.length })}</h2>
        {content.lessons.map((lesson, l) => (
          <LessonEditor
            key={lesson.id}
            lesson={lesson}
            number={l + 1}
            languages={languages}
            onChange={(changed) => edit({ ...content, lessons: replaceItem(content.lessons, l, changed) })}
            onRemove={() => edit({ ...content, lessons: content.lessons.filter((_, i) => i !== l) })}
            onMove={(delta) => edit({ ...content, lessons: moveItem(content.lessons, l, delta) })}
          />
        ))}
        <button type="button" className="button" onClick={() => edit({ ...content, lessons: [...content.lessons, newLesson(languages)] })}>
          {t('courses.editor.addLesson')}
        </button>
        <CourseSettings content={content} languages={languages} onChange={edit} />
      </fieldset>
      <CoursePreviewPanel courseId={course.id} languages={course.languages} version={course.version} />
      <CourseProgressPanel courseId={course.id} published={published} canEdit={editable} enrolments={course.enrolments} reminders={course.reminders} onChanged={() => void refreshEnrolments()} />
    </section>
  );
}
