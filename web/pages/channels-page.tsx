/**
 * Channels: the workspace's SMS and chat channels. The list on the left; on the right either the form to
 * add one (#/channels/new, admins), or a channel (#/channels/:id) with the webhook URLs to paste into the
 * provider's console, its settings, a test message (admins) and its recent traffic and errors.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';
import { useSession } from '../auth/session-context.js';
import { navigate } from '../routing/hash-router.js';
import { ListDetailPage } from '../layout/list-detail-page.js';
import { ChannelForm } from '../channels/channel-form.js';
import type { ChannelItem, ProviderSetup } from '../channels/channel-types.js';
import { TestMessageForm } from '../channels/test-message-form.js';
import { TrafficList } from '../channels/traffic-list.js';
import { WebhookUrls } from '../channels/webhook-urls.js';
import '../channels/channels.css';

export function ChannelsPage({ selected }: { selected: string | null }) {
  const { t } = useTranslation();
  const describeError = useApiError();
  const { session } = useSession();
  const isAdmin = session?.role === 'admin';
  const [channels, setChannels] = useState<ChannelItem[] | null>(null);
  const [types, setTypes] = useState<ProviderSetup[]>([]);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      const [list, setups] = await Promise.all([api.messaging.channels.list.query(), api.messaging.channels.types.query()]);
      setChannels(list);
      setTypes(setups);
      setError(null);
    } catch (failure) {
      setError(describeError(failure));
    }
  }, [describeError]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const channel = channels?.find((c) => c.id === selected) ?? null;

  return (
    <ListDetailPage
      area="channels"
      title={t('channels.title')}
      intro={t('channels.intro')}
      add={isAdmin ? { label: t('channels.add'), onClick: () => navigate('/channels/new') } : undefined}
      error={error}
      items={channels}
      listLabel={t('channels.listLabel')}
      emptyText={isAdmin ? t('channels.emptyAdmin') : t('channels.empty')}
      selected={selected}
      itemPath={(c) => `/channels/${c.id}`}
      renderItem={(c) => (
        <>
          <span className="strong">{c.name}</span>
          {!c.active && <span className="badge"> {t('channels.inactive')}</span>}
          <span className="channel-type">{t(`channels.types.${c.type}`, { defaultValue: c.type })} · {c.address || '—'}</span>
        </>
      )}
    >
      {selected === 'new' && isAdmin && types.length > 0 && (
        <ChannelForm types={types} onCancel={() => navigate('/channels')} onSaved={(saved) => {
          void reload();
          navigate(`/channels/${saved.id}`);
        }} />
      )}
      {channel && <ChannelDetails key={channel.id} channel={channel} types={types} isAdmin={isAdmin} onChanged={() => void reload()} />}
      {selected && selected !== 'new' && !channel && <p className="empty">{t('channels.notFound')}</p>}
      {!selected && (channels?.length ?? 0) > 0 && <p className="muted">{t('channels.pick')}</p>}
    </ListDetailPage>
  );
}

function ChannelDetails({ channel, types, isAdmin, onChanged }: { channel: ChannelItem; types: ProviderSetup[]; isAdmin: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const describeError = useApiError();
  const [editing, setEditing] = useState(false);
  const [trafficKey, setTrafficKey] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const editable = types.some((p) => p.type === channel.type);

  const setActive = async (active: boolean) => {
    try {
      await api.messaging.channels.update.mutate({ id: channel.id, active });
      onChanged();
    } catch (failure) {
      setError(describeError(failure));
    }
  };

  if (editing) {
    return <ChannelForm types={types} channel={channel} onCancel={() => setEditing(false)} onSaved={() => { setEditing(false); onChanged(); }} />;
  }
  return (
    <article className="card" aria-labelledby="channel-name">
      <div className="page-header">
        <h2 id="channel-name">{channel.name}</h2>
        {isAdmin && (
          <div className="row-actions">
            {editable && <button type="button" className="button" onClick={() => setEditing(true)}>{t('channels.edit')}</button>}
            <button type="button" className="button subtle" onClick={() => void setActive(!channel.active)}>
              {channel.active ? t('channels.deactivate') : t('channels.activate')}
            </button>
          </div>
        )}
      </div>
      <dl className="facts">
        <dt>{t('channels.details.type')}</dt>
        <dd>{t(`channels.types.${channel.type}`, { defaultValue: channel.type })}</dd>
        <dt>{t('channels.details.address')}</dt>
        <dd>{channel.address || '—'}</dd>
        <dt>{t('channels.details.schemes')}</dt>
        <dd>{channel.schemes.join(', ')}</dd>
        <dt>{t('channels.details.rate')}</dt>
        <dd data-testid="channel-rate">{channel.rateLimitSegmentsPerS > 0 ? t('channels.details.rateValue', { rate: channel.rateLimitSegmentsPerS }) : t('channels.details.unlimited')}</dd>
        <dt>{t('channels.details.status')}</dt>
        <dd>{channel.active ? t('channels.active') : t('channels.inactive')}</dd>
        <dt>{t('channels.details.secrets')}</dt>
        <dd>{channel.secretsSet.length > 0 ? channel.secretsSet.join(', ') : '—'}</dd>
      </dl>
      {error && <p className="alert error" role="alert">{error}</p>}
      {isAdmin ? <WebhookUrls channel={channel} canRegister={types.some((p) => p.type === channel.type && p.canRegisterWebhooks)} /> : <WebhookUrls channel={channel} canRegister={false} />}
      {isAdmin && channel.active && <TestMessageForm channel={channel} onQueued={() => setTrafficKey((k) => k + 1)} />}
      <TrafficList channelId={channel.id} reloadKey={trafficKey} />
    </article>
  );
}
