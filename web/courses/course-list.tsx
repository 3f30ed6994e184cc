/** The workspace's courses, and a form to start a new one (title and languages; French and English by default). */
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiOutputs } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';
import { canEdit, useSession } from '../auth/session-context.js';
import { languageName } from '../flows/flow-languages.js';
import { Link, navigate } from '../routing/hash-router.js';

type CourseItem = ApiOutputs['courses']['list'][number];

export function CourseList() {
  const { t, i18n } = useTranslation();
  const describeError = useApiError();
  const editable = canEdit(useSession().session);
  const id = useId();
  const [courses, setCourses] = useState<CourseItem[] | null>(null);
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.courses.list.query().then(setCourses).catch((failure: unknown) => setError(describeError(failure)));
  }, [describeError]);

  async function create(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const course = await api.courses.create.mutate({ title, languages: ['eng', 'fra'] });
      navigate(`/courses/${course.id}`);
    } catch (failure) {
      setError(describeError(failure));
      setBusy(false);
    }
  }

  return (
    <section className="page" aria-labelledby={`${id}-title`}>
      <div className="page-header">
        <h1 id={`${id}-title`}>{t('courses.title')}</h1>
      </div>
      <p className="muted">{t('courses.intro')}</p>
      {editable && (
        <form className="inline-row" onSubmit={(e) => void create(e)}>
          <div className="field inline">
            <label htmlFor={`${id}-new`}>{t('courses.list.newTitle')}</label>
            <input id={`${id}-new`} type="text" value={title} required maxLength={120} onChange={(e) => setTitle(e.target.value)} />
          </div>
          <button type="submit" className="button primary" disabled={busy || !title.trim()}>{t('courses.list.create')}</button>
        </form>
      )}
      {error && <p className="alert error" role="alert">{error}</p>}
      {courses === null && !error && <p role="status">{t('common.loading')}</p>}
      {courses && courses.length === 0 && <p className="empty">{t('courses.list.empty')}</p>}
      {courses && courses.length > 0 && (
        <table className="table">
          <caption className="visually-hidden">{t('courses.list.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('courses.list.columns.title')}</th>
              <th scope="col">{t('courses.list.columns.languages')}</th>
              <th scope="col">{t('courses.list.columns.lessons')}</th>
              <th scope="col">{t('courses.list.columns.state')}</th>
            </tr>
          </thead>
          <tbody>
            {courses.map((course) => (
              <tr key={course.id}>
                <td className="strong"><Link to={`/courses/${course.id}`}>{course.title}</Link></td>
                <td>{course.languages.map((l) => languageName(l, i18n.language)).join(', ')}</td>
                <td>{t('courses.list.lessonCount', { lessons: course.lessonCount, questions: course.questionCount })}</td>
                <td>{course.publishedVersion === null ? t('courses.editor.neverPublished') : course.hasUnpublishedChanges ? t('courses.editor.changedSincePublish') : t('courses.editor.upToDate')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
