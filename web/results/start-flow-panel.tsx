/**
 * Starting the flow from its results page: choose recipients with the shared picker, see how many it
 * reaches, start (the flow must be published), and follow the flow's recent starts.
 *
 *   <StartFlowPanel flowId={id} onStarted={() => refreshResults()} />
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiOutputs } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';
import { RecipientPicker, type TargetsPreview } from '../targeting/recipient-picker.js';
import type { TargetsJson } from '../../server/targeting/query-builder.js';

type Start = ApiOutputs['messaging']['starts']['list'][number];

export function StartFlowPanel({ flowId, onStarted, reloadToken }: { flowId: string; onStarted: () => void; reloadToken: number }) {
  const { t, i18n } = useTranslation();
  const describeError = useApiError();
  const [targets, setTargets] = useState<TargetsJson | null>(null);
  const [preview, setPreview] = useState<TargetsPreview | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [starts, setStarts] = useState<Start[]>([]);
  const [pickerKey, setPickerKey] = useState(0);

  const onTargets = useCallback((value: TargetsJson | null, counted: TargetsPreview | null) => {
    setTargets(value);
    setPreview(counted);
  }, []);

  useEffect(() => {
    let current = true;
    api.messaging.starts.list
      .query({ flowId, limit: 5 })
      .then((list) => current && setStarts(list))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [flowId, reloadToken]);

  async function start() {
    if (!targets) return;
    setBusy(true);
    setError(null);
    setNotice(null);
    try {
      await api.messaging.starts.create.mutate({ flowId, targets });
      setNotice(t('results.start.started', { count: preview?.active ?? 0 }));
      setPickerKey((k) => k + 1);
      onStarted();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card start-panel" aria-labelledby="start-panel-title">
      <h2 id="start-panel-title">{t('results.start.title')}</h2>
      <RecipientPicker key={pickerKey} onChange={onTargets} idPrefix="start" />
      {error && <p className="alert error" role="alert">{error}</p>}
      {notice && <p className="alert success" role="status">{notice}</p>}
      <button type="button" className="button primary" disabled={busy || !targets || !preview?.active} onClick={() => void start()}>
        {t('results.start.button', { count: preview?.active ?? 0 })}
      </button>
      {starts.length > 0 && (
        <ul className="plain-list start-list">
          {starts.map((s) => (
            <li key={s.id}>
              {new Date(s.createdAt).toLocaleString(i18n.language)} · {t(`results.start.status.${s.status}`, { defaultValue: s.status })}
              {typeof s.totals.queued === 'number' && ` · ${t('results.start.startedCount', { count: s.totals.queued })}`}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
