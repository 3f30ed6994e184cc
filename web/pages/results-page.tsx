/**
 * The results of one flow (#/flows/:id/results): start it for chosen recipients, then follow response and
 * completion rates, drop-off per step, a chart per question and breakdowns by place and cadre, live while
 * a start runs; filter by dates and place; export as CSV, XLSX, FLOIP or FHIR.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../routing/hash-router.js';
import { BreakdownTable } from '../results/breakdown-table.js';
import { DropOffTable } from '../results/drop-off-table.js';
import { ExportButtons } from '../results/export-buttons.js';
import { QuestionChart } from '../results/question-chart.js';
import { ResultsFilters, type ResultsFilterValue } from '../results/results-filters.js';
import { StartFlowPanel } from '../results/start-flow-panel.js';
import { cleanFilter, useResults } from '../results/use-results.js';
import '../results/results.css';

export function ResultsPage({ flowId }: { flowId: string }) {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState<ResultsFilterValue>({});
  const { summary, error, refresh, live } = useResults(flowId, filter);
  const percent = (value: number) => value.toLocaleString(i18n.language, { style: 'percent', maximumFractionDigits: 0 });

  return (
    <section className="page results-page" aria-labelledby="results-title">
      <Link to={`/flows/${encodeURIComponent(flowId)}`} className="back-link">
        {t('results.backToFlow')}
      </Link>
      <div className="page-header">
        <h1 id="results-title">{summary ? t('results.titleFor', { name: summary.flow.name }) : t('results.title')}</h1>
        {live && <span className="live-badge">{t('results.live')}</span>}
      </div>
      {error && <p className="alert error" role="alert">{error}</p>}
      {!summary && !error && <p role="status">{t('common.loading')}</p>}
      {summary && (
        <>
          <StartFlowPanel flowId={flowId} onStarted={refresh} reloadToken={summary.activeStarts.length} />
          <ResultsFilters value={filter} onChange={setFilter} />
          <ExportButtons flowId={flowId} filter={cleanFilter(filter)} />
          <div className="rate-cards" aria-live="polite">
            <div className="rate-card">
              <span className="value" data-testid="runs-count">{summary.totals.runs}</span>
              <span className="label">{t('results.totals.runs')}</span>
            </div>
            <div className="rate-card">
              <span className="value">{percent(summary.rates.response)}</span>
              <span className="label">{t('results.totals.responseRate', { count: summary.totals.responded })}</span>
            </div>
            <div className="rate-card">
              <span className="value">{percent(summary.rates.completion)}</span>
              <span className="label">{t('results.totals.completionRate', { count: summary.totals.completed })}</span>
            </div>
            <div className="rate-card">
              <span className="value">{summary.totals.waiting}</span>
              <span className="label">{t('results.totals.waiting')}</span>
            </div>
          </div>
          <section className="results-section" aria-labelledby="questions-title">
            <h2 id="questions-title">{t('results.questions.title')}</h2>
            {summary.questions.length === 0 ? (
              <p className="muted">{t('results.questions.noQuestions')}</p>
            ) : (
              <div className="results-grid">
                {summary.questions.map((q) => (
                  <QuestionChart key={q.key} question={q} />
                ))}
              </div>
            )}
          </section>
          <div className="results-two">
            <section className="results-section" aria-labelledby="dropoff-title">
              <h2 id="dropoff-title">{t('results.dropOff.title')}</h2>
              <DropOffTable steps={summary.dropOff} runs={summary.totals.runs} />
            </section>
            <section className="results-section" aria-labelledby="breakdown-title">
              <h2 id="breakdown-title">{t('results.breakdown.title')}</h2>
              <BreakdownTable breakdowns={summary.breakdowns} />
            </section>
          </div>
          <p className="muted small">{t('results.updatedAt', { time: new Date(summary.generatedAt).toLocaleTimeString(i18n.language) })}</p>
        </>
      )}
    </section>
  );
}
