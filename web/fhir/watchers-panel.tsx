/**
 * The workspace's FHIR watchers: lab results (which connection and results flow, results per message,
 * look-back, cadre filter), appointment reminders (flow, days before) and the export of communications
 * (messages, broadcasts/starts, questionnaires, opt-outs) — on/off, last run, counts, "check now" — and the
 * write-back queue's pending and failed writes with a retry button.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';
import type { FhirConnection, FhirWatcher, FhirWrite, WatcherKind } from './fhir-types.js';

const KINDS: WatcherKind[] = ['lab_results', 'appointment_reminders', 'communications'];

interface FlowOption {
  id: string;
  name: string;
  publishedRevision: number | null;
}

function WatcherCard({ kind, watcher, connections, flows, isAdmin, onSaved }: { kind: WatcherKind; watcher: FhirWatcher | undefined; connections: FhirConnection[]; flows: FlowOption[]; isAdmin: boolean; onSaved: () => void }) {
  const { t, i18n } = useTranslation();
  const describeError = useApiError();
  const [connectionId, setConnectionId] = useState(watcher?.connectionId ?? connections[0]?.id ?? '');
  const [flowId, setFlowId] = useState(watcher?.flowId ?? '');
  const [enabled, setEnabled] = useState(watcher?.enabled ?? false);
  const [settings, setSettings] = useState<Record<string, unknown>>(watcher?.settings ?? {});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: string, value: unknown) => setSettings((s) => ({ ...s, [key]: value }));
  const num = (key: string, fallback: number) => (typeof settings[key] === 'number' ? (settings[key] as number) : fallback);
  const flag = (key: string) => settings[key] !== false;

  async function save() {
    setBusy(true);
    setMessage(null);
    try {
      await api.fhir.watchers.save.mutate({ kind, connectionId, flowId: kind === 'communications' ? null : flowId || null, enabled, settings });
      setMessage({ ok: true, text: t('fhir.watchers.saved') });
      onSaved();
    } catch (failure) {
      setMessage({ ok: false, text: describeError(failure) });
    } finally {
      setBusy(false);
    }
  }

  async function runNow() {
    setBusy(true);
    setMessage(null);
    try {
      const result = await api.fhir.watchers.runNow.mutate({ kind });
      setMessage(result.status === 'ok' ? { ok: true, text: t('fhir.watchers.ranOk') } : { ok: false, text: result.error ?? '' });
      onSaved();
    } catch (failure) {
      setMessage({ ok: false, text: describeError(failure) });
    } finally {
      setBusy(false);
    }
  }

  const titleId = `fhir-watcher-${kind}`;
  return (
    <section className="card fhir-watcher" aria-labelledby={titleId}>
      <h3 id={titleId}>{t(`fhir.watchers.${kind}.title`)}</h3>
      <p className="muted">{t(`fhir.watchers.${kind}.intro`)}</p>
      <fieldset disabled={!isAdmin || busy} className="fhir-fieldset">
        <label className="fhir-check"><input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} /> {t('fhir.watchers.enabled')}</label>
        <label className="field">
          <span>{t('fhir.watchers.connection')}</span>
          <select value={connectionId} onChange={(e) => setConnectionId(e.target.value)}>
            {connections.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </label>
        {kind !== 'communications' && (
          <label className="field">
            <span>{t('fhir.watchers.flow')}</span>
            <select value={flowId} onChange={(e) => setFlowId(e.target.value)}>
              <option value="">{t('fhir.watchers.chooseFlow')}</option>
              {flows.filter((f) => f.publishedRevision !== null).map((f) => <option key={f.id} value={f.id}>{f.name}</option>)}
            </select>
          </label>
        )}
        {kind === 'lab_results' && (
          <>
            <label className="field">
              <span>{t('fhir.watchers.maxPerMessage')}</span>
              <input type="number" min={1} max={20} value={num('max_per_message', 5)} onChange={(e) => set('max_per_message', Number(e.target.value))} />
            </label>
            <label className="field">
              <span>{t('fhir.watchers.lookbackDays')}</span>
              <input type="number" min={0} max={365} value={num('lookback_days', 14)} onChange={(e) => set('lookback_days', Number(e.target.value))} />
            </label>
            <label className="field">
              <span>{t('fhir.watchers.cadre')}</span>
              <input value={typeof settings.cadre === 'string' ? settings.cadre : ''} onChange={(e) => set('cadre', e.target.value)} />
            </label>
          </>
        )}
        {kind === 'appointment_reminders' && (
          <label className="field">
            <span>{t('fhir.watchers.daysBefore')}</span>
            <input type="number" min={0} max={60} value={num('days_before', 3)} onChange={(e) => set('days_before', Number(e.target.value))} />
          </label>
        )}
        {kind === 'communications' && (
          <>
            <label className="fhir-check"><input type="checkbox" checked={flag('messages')} onChange={(e) => set('messages', e.target.checked)} /> {t('fhir.watchers.exportMessages')}</label>
            <label className="fhir-check"><input type="checkbox" checked={flag('requests')} onChange={(e) => set('requests', e.target.checked)} /> {t('fhir.watchers.exportRequests')}</label>
            <label className="fhir-check"><input type="checkbox" checked={flag('questionnaires')} onChange={(e) => set('questionnaires', e.target.checked)} /> {t('fhir.watchers.exportQuestionnaires')}</label>
            <label className="fhir-check"><input type="checkbox" checked={flag('opt_outs')} onChange={(e) => set('opt_outs', e.target.checked)} /> {t('fhir.watchers.exportOptOuts')}</label>
          </>
        )}
        {isAdmin && (
          <div className="actions">
            <button type="button" className="button primary" onClick={() => void save()} disabled={!connectionId}>{t('fhir.watchers.save')}</button>
            {watcher && <button type="button" className="button" onClick={() => void runNow()}>{t('fhir.watchers.runNow')}</button>}
          </div>
        )}
      </fieldset>
      {message && <p className={`alert ${message.ok ? 'success' : 'error'}`} role="status">{message.text}</p>}
      {watcher?.lastRunAt && (
        <p className={watcher.lastStatus === 'failed' ? 'alert error' : 'muted'}>
          {watcher.lastStatus === 'failed'
            ? t('fhir.watchers.lastFailed', { time: new Date(watcher.lastRunAt).toLocaleString(i18n.language), error: watcher.lastError ?? '' })
            : t('fhir.watchers.lastOk', { time: new Date(watcher.lastRunAt).toLocaleString(i18n.language) })}
        </p>
      )}
      {watcher && Object.keys(watcher.counts).length > 0 && (
        <p className="fhir-counts">
          {Object.entries(watcher.counts).map(([status, n]) => <span key={status} className="badge">{t(`fhir.itemStatus.${status}`, { defaultValue: status })}: {n}</span>)}
        </p>
      )}
    </section>
  );
}

function WritesTable({ isAdmin }: { isAdmin: boolean }) {
  const { t, i18n } = useTranslation();
  const describeError = useApiError();
  const [writes, setWrites] = useState<FhirWrite[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      const [pending, failed] = await Promise.all([api.fhir.writes.list.query({ status: 'pending', limit: 50 }), api.fhir.writes.list.query({ status: 'failed', limit: 50 })]);
      setWrites([...failed, ...pending]);
    } catch (failure) {
      setError(describeError(failure));
    }
  }, [describeError]);
  useEffect(() => {
    void load();
  }, [load]);
  async function retry(id: string) {
    try {
      await api.fhir.writes.retry.mutate({ id });
      await load();
    } catch (failure) {
      setError(describeError(failure));
    }
  }
  return (
    <section aria-labelledby="fhir-writes-title">
      <h2 id="fhir-writes-title">{t('fhir.writes.title')}</h2>
      <p className="muted">{t('fhir.writes.intro')}</p>
      {error && <p className="alert error" role="alert">{error}</p>}
      {writes && writes.length === 0 && <p className="empty">{t('fhir.writes.none')}</p>}
      {writes && writes.length > 0 && (
        <table className="table compact">
          <thead>
            <tr><th>{t('fhir.writes.resource')}</th><th>{t('fhir.writes.status')}</th><th>{t('fhir.writes.attempts')}</th><th>{t('fhir.writes.next')}</th><th>{t('fhir.writes.error')}</th><th /></tr>
          </thead>
          <tbody>
            {writes.map((w) => (
              <tr key={w.id}>
                <td>{w.resourceType}</td>
                <td><span className="badge">{t(`fhir.writes.statuses.${w.status}`)}</span></td>
                <td>{w.attempts}</td>
                <td>{w.nextAttemptAt ? new Date(w.nextAttemptAt).toLocaleString(i18n.language) : '—'}</td>
                <td className="fhir-error-cell">{w.lastError}</td>
                <td>{isAdmin && w.status === 'failed' && <button type="button" className="button small" onClick={() => void retry(w.id)}>{t('fhir.writes.retry')}</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function WatchersPanel({ connections, isAdmin }: { connections: FhirConnection[]; isAdmin: boolean }) {
  const { t } = useTranslation();
  const describeError = useApiError();
  const [watchers, setWatchers] = useState<FhirWatcher[] | null>(null);
  const [flows, setFlows] = useState<FlowOption[]>([]);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      const [list, flowList] = await Promise.all([api.fhir.watchers.list.query(), api.flows.list.query({ limit: 500 })]);
      setWatchers(list);
      setFlows(flowList.items.map((f) => ({ id: f.id, name: f.name, publishedRevision: f.publishedRevision })));
    } catch (failure) {
      setError(describeError(failure));
    }
  }, [describeError]);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <section aria-labelledby="fhir-watchers-title">
      <h2 id="fhir-watchers-title">{t('fhir.watchers.title')}</h2>
      {error && <p className="alert error" role="alert">{error}</p>}
      {connections.length === 0 && <p className="empty">{t('fhir.watchers.needConnection')}</p>}
      {watchers && connections.length > 0 && (
        <div className="fhir-watchers">
          {KINDS.map((kind) => (
            <WatcherCard key={kind} kind={kind} watcher={watchers.find((w) => w.kind === kind)} connections={connections} flows={flows} isAdmin={isAdmin} onSaved={() => void load()} />
          ))}
        </div>
      )}
      <WritesTable isAdmin={isAdmin} />
    </section>
  );
}
