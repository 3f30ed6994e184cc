/**
 * The chart of one question: bars (or a pie, the user's choice) of the categories for choice and text
 * questions, a histogram for numeric ones, with the exact counts in a table under it.
 *
 *   <QuestionChart question={summary.questions[0]} />
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiOutputs } from '../api/trpc-client.js';
import { ChartCanvas } from './chart-canvas.js';

type Question = ApiOutputs['results']['summary']['questions'][number];

function bucketLabel(from: number, to: number, whole: boolean): string {
  return whole && to - from === 1 ? String(from) : `${from}–${to}`;
}

export function QuestionChart({ question }: { question: Question }) {
  const { t, i18n } = useTranslation();
  const [kind, setKind] = useState<'bar' | 'pie'>('bar');
  const numeric = question.histogram !== null;
  const rows = useMemo(() => {
    if (question.histogram) {
      const whole = question.histogram.every((b) => Number.isInteger(b.from) && Number.isInteger(b.to));
      return question.histogram.map((b) => ({ label: bucketLabel(b.from, b.to, whole), count: b.count }));
    }
    return question.categories.map((c) => ({ label: c.name, count: c.count }));
  }, [question]);
  const labels = useMemo(() => rows.map((r) => r.label), [rows]);
  const values = useMemo(() => rows.map((r) => r.count), [rows]);
  const headingId = `question-${question.key}`;

  return (
    <figure className="card question-chart" aria-labelledby={headingId}>
      <div className="question-head">
        <h3 id={headingId}>{question.name}</h3>
        <span className="muted small">{t('results.questions.responses', { count: question.responses })}</span>
        {!numeric && (
          <div className="tabs" role="group" aria-label={t('results.questions.chartType')}>
            <button type="button" className={`tab${kind === 'bar' ? ' active' : ''}`} aria-pressed={kind === 'bar'} onClick={() => setKind('bar')}>
              {t('results.questions.bars')}
            </button>
            <button type="button" className={`tab${kind === 'pie' ? ' active' : ''}`} aria-pressed={kind === 'pie'} onClick={() => setKind('pie')}>
              {t('results.questions.pie')}
            </button>
          </div>
        )}
      </div>
      {question.responses === 0 ? (
        <p className="muted">{t('results.questions.none')}</p>
      ) : (
        <>
          <ChartCanvas kind={numeric ? 'bar' : kind} labels={labels} values={values} label={question.name} />
          {numeric && question.mean !== null && <p className="muted small">{t('results.questions.mean', { mean: question.mean.toLocaleString(i18n.language) })}</p>}
          <table className="table compact">
            <caption className="visually-hidden">{t('results.questions.tableCaption', { name: question.name })}</caption>
            <thead>
              <tr>
                <th scope="col">{numeric ? t('results.questions.range') : t('results.questions.category')}</th>
                <th scope="col">{t('results.questions.count')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.label}>
                  <th scope="row">{row.label}</th>
                  <td>{row.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </figure>
  );
}
