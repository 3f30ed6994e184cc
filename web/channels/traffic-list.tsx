/**
 * A channel's recent traffic: the latest messages both ways with their status, error, attempts and
 * attachments, and the last 24 hours' outgoing counts by status. Refreshes every few seconds while shown.
 *
 * Example: `<TrafficList channelId={channel.id} reloadKey={n} />` (bump `reloadKey` to refresh now).
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiOutputs } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';
import { AttachmentView } from './attachment-view.js';

type Traffic = ApiOutputs['messaging']['channels']['traffic'];

const REFRESH_MS = 5000;
const LIMIT = 50;

export function TrafficList({ channelId, reloadKey }: { channelId: string; reloadKey: number }) {
  const { t, i18n } = useTranslation();
  const describeError = useApiError();
  const [traffic, setTraffic] = useState<Traffic | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    const load = () =>
      api.messaging.channels.traffic
        .query({ id: channelId, limit: LIMIT })
        .then((next) => {
          if (!current) return;
          setTraffic(next);
          setError(null);
        })
        .catch((failure: unknown) => {
          if (current) setError(describeError(failure));
        });
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      current = false;
      clearInterval(timer);
    };
  }, [channelId, reloadKey, describeError]);

  const time = (iso: string) => new Date(iso).toLocaleString(i18n.language, { dateStyle: 'short', timeStyle: 'medium' });
  const counts = traffic ? Object.entries(traffic.last24h) : [];

  return (
    <section className="channel-section" aria-labelledby="channel-traffic-title">
      <h3 id="channel-traffic-title">{t('channels.traffic.title')}</h3>
      {counts.length > 0 && (
        <p className="muted" data-testid="traffic-counts">
          {t('channels.traffic.last24h')}{' '}
          {counts.map(([status, n]) => `${t(`channels.status.${status}`, { defaultValue: status })}: ${n}`).join(' · ')}
        </p>
      )}
      {error && <p className="alert error" role="alert">{error}</p>}
      {!traffic && !error && <p role="status">{t('common.loading')}</p>}
      {traffic && traffic.messages.length === 0 && <p className="empty">{t('channels.traffic.empty')}</p>}
      {traffic && traffic.messages.length > 0 && (
        <table className="table traffic-table">
          <caption className="visually-hidden">{t('channels.traffic.caption', { count: traffic.messages.length })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('channels.traffic.columns.time')}</th>
              <th scope="col">{t('channels.traffic.columns.direction')}</th>
              <th scope="col">{t('channels.traffic.columns.contact')}</th>
              <th scope="col">{t('channels.traffic.columns.message')}</th>
              <th scope="col">{t('channels.traffic.columns.status')}</th>
            </tr>
          </thead>
          <tbody>
            {traffic.messages.map((m) => (
              <tr key={m.uuid} data-testid="traffic-row" className={m.status === 'failed' ? 'failed' : undefined}>
                <td className="nowrap">{time(m.createdAt)}</td>
                <td>{m.direction === 'in' ? t('channels.traffic.in') : m.reply ? t('channels.traffic.outReply') : t('channels.traffic.outBulk')}</td>
                <td className="nowrap">{m.urn ?? '—'}</td>
                <td>
                  {m.text && <span className="traffic-text">{m.text}</span>}
                  {m.attachments.length > 0 && (
                    <span className="traffic-attachments">
                      {m.attachments.map((a, i) => <AttachmentView key={i} attachment={a} />)}
                    </span>
                  )}
                </td>
                <td>
                  <span className={`badge status-${m.status}`}>{t(`channels.status.${m.status}`, { defaultValue: m.status })}</span>
                  {m.attempts > 1 && <span className="muted small"> {t('channels.traffic.attempts', { count: m.attempts })}</span>}
                  {m.error && <p className="traffic-error">{m.error}</p>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
