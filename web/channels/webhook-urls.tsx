/**
 * The URLs to paste into the provider's console, one per webhook action (messages, delivery reports),
 * with a copy button, and what the provider needs besides (Meta's verify token, Telegram's setWebhook).
 *
 * Example: `<WebhookUrls channel={channel} />`.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';
import { absoluteUrl, type ChannelItem } from './channel-types.js';

export function WebhookUrls({ channel, canRegister }: { channel: ChannelItem; canRegister: boolean }) {
  const { t } = useTranslation();
  const describeError = useApiError();
  const [copied, setCopied] = useState<string | null>(null);
  const [registration, setRegistration] = useState<{ kind: 'idle' | 'working' } | { kind: 'done' | 'error'; message: string }>({ kind: 'idle' });

  const register = async () => {
    setRegistration({ kind: 'working' });
    try {
      const result = await api.messaging.channels.registerWebhooks.mutate({ id: channel.id, baseUrl: window.location.origin });
      setRegistration({ kind: 'done', message: result.message });
    } catch (failure) {
      setRegistration({ kind: 'error', message: describeError(failure) });
    }
  };
  if (channel.webhooks.length === 0) return <p className="muted">{t('channels.webhooks.none')}</p>;
  return (
    <section aria-labelledby="channel-webhooks-title" className="channel-section">
      <h3 id="channel-webhooks-title">{t('channels.webhooks.title')}</h3>
      <p className="muted">{t(`channels.webhooks.help.${channel.type}`, { defaultValue: t('channels.webhooks.help.default') })}</p>
      <dl className="facts webhook-list">
        {channel.webhooks.map((hook) => {
          const url = absoluteUrl(channel.publicUrl, hook.path);
          return (
            <div key={hook.action} className="webhook-row">
              <dt>{t(`channels.webhooks.action.${hook.action}`, { defaultValue: hook.action })}</dt>
              <dd>
                <code data-testid={`webhook-${hook.action}`}>{url}</code>{' '}
                <button type="button" className="button subtle small" onClick={() => {
                  void navigator.clipboard?.writeText(url).then(() => setCopied(hook.action), () => setCopied(null));
                }}>
                  {copied === hook.action ? t('channels.webhooks.copied') : t('channels.webhooks.copy')}
                </button>
              </dd>
            </div>
          );
        })}
      </dl>
      {!channel.publicUrl && <p className="hint">{t('channels.webhooks.noPublicUrl')}</p>}
      {canRegister && (
        <p>
          <button type="button" className="button" disabled={registration.kind === 'working'} onClick={() => void register()}>
            {t(`channels.webhooks.register.${channel.type}`, { defaultValue: t('channels.webhooks.register.default') })}
          </button>
          {registration.kind === 'done' && <span role="status" className="muted"> {registration.message}</span>}
        </p>
      )}
      {registration.kind === 'error' && <p className="alert error" role="alert">{registration.message}</p>}
    </section>
  );
}
