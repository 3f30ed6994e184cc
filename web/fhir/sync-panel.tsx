/**
 * One connection's status and sync: health (unreachable with the next retry time), "test connection",
 * "sync now" with a progress bar fed by polling the run's status, the schedule, and the last sync's report
 * with every skipped record and its reason (filterable by reason).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';
import type { FhirConnection, SyncRun } from './fhir-types.js';

const POLL_MS = 500;

function when(iso: string | null, locale: string): string {
  return iso ? new Date(iso).toLocaleString(locale) : '—';
}

export function SyncPanel({ connection, isAdmin, onChanged }: { connection: FhirConnection; isAdmin: boolean; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const describeError = useApiError();
  const [test, setTest] = useState<{ ok: boolean; message: string } | null>(null);
  const [testing, setTesting] = useState(false);
  const [current, setCurrent] = useState<SyncRun | null>(null);
  const [last, setLast] = useState<SyncRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [filter, setFilter] = useState<string>('all');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const loadReport = useCallback(async () => {
    try {
      const report = await api.fhir.sync.report.query({ connectionId: connection.id });
      setLast(report.last);
      setCurrent(report.current?.status === 'running' ? report.current : null);
      return report.current?.status === 'running' ? report.current.id : null;
    } catch (failure) {
      setError(describeError(failure));
      return null;
    }
  }, [connection.id, describeError]);

  const poll = useCallback((runId: string) => {
    const step = async () => {
      try {
        const run = await api.fhir.sync.status.query({ runId });
        if (run.status === 'running') {
          setCurrent(run);
          timer.current = setTimeout(() => void step(), POLL_MS);
        } else {
          setCurrent(null);
          setLast(run);
          onChanged();
        }
      } catch (failure) {
        setError(describeError(failure));
      }
    };
    void step();
  }, [describeError, onChanged]);

  useEffect(() => {
    setTest(null);
    void loadReport().then((running) => running && poll(running));
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [loadReport, poll]);

  async function runTest() {
    setTesting(true);
    setError(null);
    try {
      setTest(await api.fhir.connections.test.mutate({ id: connection.id }));
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setTesting(false);
    }
  }

  async function syncNow() {
    setError(null);
    try {
      const { runId } = await api.fhir.sync.start.mutate({ connectionId: connection.id });
      poll(runId);
    } catch (failure) {
      setError(describeError(failure));
    }
  }

  const s = connection.settings;
  const skipped = last?.skipped.filter((x) => filter === 'all' || x.category === filter) ?? [];
  const categories = [...new Set(last?.skipped.map((x) => x.category) ?? [])];
  return (
    <div className="fhir-panel">
      <div className="fhir-status">
        <span className={`badge fhir-health-${s.health ?? 'unknown'}`}>{t(`fhir.health.${s.health ?? 'unknown'}`)}</span>
        {s.health && s.health !== 'ok' && (
          <div className="alert error" role="status">
            <p>{s.healthError}</p>
            <p>{s.retryAt ? t('fhir.status.retryAt', { time: when(s.retryAt, i18n.language), failures: s.failures }) : t('fhir.status.noRetry', { failures: s.failures })}</p>
          </div>
        )}
        <p className="muted">
          {s.syncIntervalMinutes ? t('fhir.status.scheduled', { minutes: s.syncIntervalMinutes, time: when(s.nextSyncAt, i18n.language) }) : t('fhir.status.manualOnly')}
        </p>
      </div>
      {error && <p className="alert error" role="alert">{error}</p>}
      {isAdmin && (
        <div className="actions">
          <button type="button" className="button" onClick={() => void runTest()} disabled={testing}>{testing ? t('fhir.actions.testing') : t('fhir.actions.test')}</button>
          <button type="button" className="button primary" onClick={() => void syncNow()} disabled={current !== null}>{t('fhir.actions.syncNow')}</button>
        </div>
      )}
      {test && <p className={`alert ${test.ok ? 'success' : 'error'}`} role="status">{test.message}</p>}
      {current && (
        <div className="fhir-progress" role="status" aria-live="polite">
          <progress max={100} value={current.percent} aria-label={t('fhir.sync.progress')} />
          <span>{t('fhir.sync.running', { percent: current.percent, phase: current.phase })}</span>
        </div>
      )}
      <h3>{t('fhir.report.title')}</h3>
      {!last ? (
        <p className="empty">{t('fhir.report.none')}</p>
      ) : (
        <>
          <p className={last.status === 'ok' ? 'muted' : 'alert error'}>
            {last.status === 'ok' ? t('fhir.report.ok', { time: when(last.finishedAt, i18n.language) }) : t('fhir.report.failed', { time: when(last.finishedAt, i18n.language), error: last.error ?? '' })}
          </p>
          <table className="table compact">
            <thead>
              <tr>
                <th>{t('fhir.report.scope')}</th>
                <th>{t('fhir.report.created')}</th>
                <th>{t('fhir.report.updated')}</th>
                <th>{t('fhir.report.deactivated')}</th>
                <th>{t('fhir.report.unchanged')}</th>
                <th>{t('fhir.report.skipped')}</th>
              </tr>
            </thead>
            <tbody>
              {(['registry', 'patients'] as const).filter((scope) => last.counts[scope]).map((scope) => (
                <tr key={scope}>
                  <td>{t(`fhir.scope.${scope}`)}</td>
                  <td>{last.counts[scope]!.created}</td>
                  <td>{last.counts[scope]!.updated}</td>
                  <td>{last.counts[scope]!.deactivated}</td>
                  <td>{last.counts[scope]!.unchanged}</td>
                  <td>{last.counts[scope]!.skipped}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {last.skipped.length > 0 && (
            <>
              <h4>{t('fhir.report.skippedTitle', { n: last.skipped.length })}</h4>
              <label className="field inline">
                <span>{t('fhir.report.filter')}</span>
                <select value={filter} onChange={(e) => setFilter(e.target.value)}>
                  <option value="all">{t('fhir.report.allReasons')}</option>
                  {categories.map((c) => <option key={c} value={c}>{t(`fhir.skip.${c}`)}</option>)}
                </select>
              </label>
              <table className="table compact">
                <thead>
                  <tr><th>{t('fhir.report.record')}</th><th>{t('fhir.report.reason')}</th></tr>
                </thead>
                <tbody>
                  {skipped.map((x) => (
                    <tr key={`${x.scope}:${x.reference}`}><td><code>{x.reference}</code></td><td>{x.reason}</td></tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </>
      )}
    </div>
  );
}
