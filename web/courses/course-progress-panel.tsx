/**
 * Enrolment and progress: enrol a group (health workers already in are not restarted), the progress table per
 * health worker (status, lessons done, score, behind), and the reminder button for those behind.
 * Refreshes every 10 seconds while open.
 */
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiOutputs } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';

type Progress = ApiOutputs['courses']['progress'];
type Group = ApiOutputs['groups']['list'][number];
type Enrolment = ApiOutputs['courses']['get']['enrolments'][number];
type Reminder = ApiOutputs['courses']['get']['reminders'][number];

export function CourseProgressPanel({ courseId, published, canEdit, enrolments, reminders, onChanged }: {
  courseId: string;
  published: boolean;
  canEdit: boolean;
  enrolments: Enrolment[];
  reminders: Reminder[];
  /** After an enrolment or a reminder: reload the lists of enrolments and reminders. */
  onChanged: () => void;
}) {
  const { t, i18n } = useTranslation();
  const describeError = useApiError();
  const id = useId();
  const [groups, setGroups] = useState<Group[]>([]);
  const [groupId, setGroupId] = useState('');
  const [progress, setProgress] = useState<Progress | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setProgress(await api.courses.progress.query({ id: courseId }));
    } catch (failure) {
      setError(describeError(failure));
    }
  }, [courseId, describeError]);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), 10_000);
    return () => clearInterval(timer);
  }, [load]);

  useEffect(() => {
    api.groups.list.query().then(setGroups).catch((failure: unknown) => setError(describeError(failure)));
  }, [describeError]);

  async function act(work: () => Promise<string>) {
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      setNotice(await work());
      await load();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  }

  const date = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString(i18n.language) : '—');
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('courses.progress.title')}</h2>
      {canEdit && (
        <div className="inline-row">
          <div className="field inline">
            <label htmlFor={`${id}-group`}>{t('courses.progress.group')}</label>
            <select id={`${id}-group`} value={groupId} onChange={(e) => setGroupId(e.target.value)}>
              <option value="">{t('courses.progress.pickGroup')}</option>
              {groups.map((g) => <option key={g.id} value={g.id}>{t('courses.progress.groupOption', { name: g.name, count: g.memberCount })}</option>)}
            </select>
          </div>
          <button
            type="button"
            className="button primary"
            disabled={busy || !groupId || !published}
            onClick={() => void act(async () => {
              await api.courses.enrol.mutate({ id: courseId, groupId });
              onChanged();
              return t('courses.progress.enrolled', { name: groups.find((g) => g.id === groupId)?.name ?? '' });
            })}
          >
            {t('courses.progress.enrol')}
          </button>
          <button
            type="button"
            className="button"
            disabled={busy || !published}
            onClick={() => void act(async () => {
              const sent = await api.courses.remind.mutate({ id: courseId });
              onChanged();
              return sent.recipients > 0 ? t('courses.progress.reminded', { count: sent.recipients }) : t('courses.progress.nobodyBehind');
            })}
          >
            {t('courses.progress.remind')}
          </button>
        </div>
      )}
      {!published && <p className="hint">{t('courses.progress.publishFirst')}</p>}
      {notice && <p className="alert success" role="status">{notice}</p>}
      {error && <p className="alert error" role="alert">{error}</p>}
      {enrolments.length > 0 && (
        <p className="small muted">
          {t('courses.progress.enrolments', { groups: enrolments.map((e) => `${e.groupName} (${date(e.createdAt)})`).join(', ') })}
        </p>
      )}
      {reminders.length > 0 && (
        <p className="small muted">
          {t('courses.progress.remindersSent', {
            list: reminders.slice(0, 5).map((r) => t(r.automatic ? 'courses.progress.reminderAuto' : 'courses.progress.reminderManual', { date: date(r.createdAt), count: r.recipients })).join(', '),
          })}
        </p>
      )}
      {progress && (
        <>
          <p data-testid="course-totals">
            {t('courses.progress.totals', progress.totals)}
          </p>
          {progress.rows.length === 0 ? (
            <p className="empty">{t('courses.progress.empty')}</p>
          ) : (
            <table className="table">
              <caption className="visually-hidden">{t('courses.progress.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('courses.progress.columns.name')}</th>
                  <th scope="col">{t('courses.progress.columns.status')}</th>
                  <th scope="col">{t('courses.progress.columns.enrolled')}</th>
                  <th scope="col">{t('courses.progress.columns.lessons')}</th>
                  <th scope="col">{t('courses.progress.columns.score')}</th>
                  <th scope="col">{t('courses.progress.columns.outcome')}</th>
                </tr>
              </thead>
              <tbody>
                {progress.rows.map((row) => (
                  <tr key={row.contactId}>
                    <td className="strong">{row.name || row.contactUuid}</td>
                    <td>
                      {t(`courses.progress.status.${row.status}`)}
                      {row.behind && <span className="badge"> {t('courses.progress.behind')}</span>}
                    </td>
                    <td>{date(row.enrolledAt)}</td>
                    <td>{t('courses.progress.ofTotal', { done: row.lessonsDone, total: row.lessonCount })}</td>
                    <td>{t('courses.progress.ofTotal', { done: row.score, total: row.questionCount })}</td>
                    <td>{row.outcome ? t(`courses.progress.outcome.${row.outcome}`) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
