/**
 * The workspace's broadcasts, newest first, each with its progress bar; refreshed every 3 seconds while
 * one is still going out (every 5 during the hour after one was created, for the replies), and cancellable
 * until it has finished.
 *
 *   <BroadcastList reloadToken={n} />   // bump n to reload at once (after queuing one)
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiOutputs } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';
import { BroadcastProgress } from './broadcast-progress.js';

type Broadcast = ApiOutputs['messaging']['broadcasts']['list'][number];

const FINAL = new Set(['completed', 'cancelled', 'failed']);
const LIVE_POLL_MS = 3000;
/** Replies keep coming after the last message left: recent broadcasts are refreshed often too. */
const RECENT_POLL_MS = 5000;
const RECENT_MS = 3600_000;
const IDLE_POLL_MS = 30_000;

export function BroadcastList({ reloadToken }: { reloadToken: number }) {
  const { t, i18n } = useTranslation();
  const describeError = useApiError();
  const [items, setItems] = useState<Broadcast[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  const load = useCallback(async () => {
    try {
      setItems(await api.messaging.broadcasts.list.query({ limit: 50 }));
      setError(null);
    } catch (failure) {
      setError(describeError(failure));
    }
  }, [describeError]);

  useEffect(() => {
    void load();
  }, [load, reloadToken, tick]);

  const live = items?.some((b) => !FINAL.has(b.status)) ?? false;
  const recent = items?.some((b) => Date.now() - Date.parse(b.createdAt) < RECENT_MS) ?? false;
  useEffect(() => {
    const timer = setTimeout(() => setTick((n) => n + 1), live ? LIVE_POLL_MS : recent ? RECENT_POLL_MS : IDLE_POLL_MS);
    return () => clearTimeout(timer);
  }, [live, recent, items]);

  async function cancel(id: string) {
    if (!window.confirm(t('broadcasts.list.confirmCancel'))) return;
    try {
      await api.messaging.broadcasts.cancel.mutate({ id });
      await load();
    } catch (failure) {
      setError(describeError(failure));
    }
  }

  return (
    <section className="broadcast-list" aria-labelledby="broadcast-list-title">
      <h2 id="broadcast-list-title">{t('broadcasts.list.title')}</h2>
      {error && <p className="alert error" role="alert">{error}</p>}
      {items === null && !error && <p role="status">{t('common.loading')}</p>}
      {items && items.length === 0 && <p className="empty">{t('broadcasts.list.empty')}</p>}
      {items && items.length > 0 && (
        <ul className="cards-list">
          {items.map((b) => (
            <li key={b.id} className="card broadcast-item" aria-label={b.text}>
              <div className="broadcast-head">
                <span className={`badge status-${b.status}`}>{t(`broadcasts.status.${b.status}`, { defaultValue: b.status })}</span>
                <span className="muted small">{new Date(b.createdAt).toLocaleString(i18n.language)}</span>
                {!FINAL.has(b.status) && (
                  <button type="button" className="button subtle small" onClick={() => void cancel(b.id)}>
                    {t('broadcasts.list.cancel')}
                  </button>
                )}
              </div>
              <p className="broadcast-text">{b.text}</p>
              <BroadcastProgress counts={b.counts} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
