/**
 * Sends a test message through the channel (admins only): to a URN such as tel:+254711000001; it goes
 * through the outbox like any reply, and its status appears in the traffic list below.
 *
 * Example: `<TestMessageForm channel={channel} onQueued={reloadTraffic} />`.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';
import type { ChannelItem } from './channel-types.js';

export function TestMessageForm({ channel, onQueued }: { channel: ChannelItem; onQueued: () => void }) {
  const { t } = useTranslation();
  const describeError = useApiError();
  const id = useId();
  const scheme = channel.schemes[0] ?? 'tel';
  const [urn, setUrn] = useState(`${scheme}:`);
  const [text, setText] = useState(() => t('channels.test.defaultText'));
  const [state, setState] = useState<{ kind: 'idle' | 'sending' | 'queued' } | { kind: 'error'; message: string }>({ kind: 'idle' });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setState({ kind: 'sending' });
    try {
      await api.messaging.channels.sendTest.mutate({ id: channel.id, urn, text });
      setState({ kind: 'queued' });
      onQueued();
    } catch (failure) {
      setState({ kind: 'error', message: describeError(failure) });
    }
  };

  return (
    <form className="channel-section" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('channels.test.title')}</h3>
      <div className="inline-row">
        <div className="field">
          <label htmlFor={`${id}-urn`}>{t('channels.test.urn')}</label>
          <input id={`${id}-urn`} required value={urn} onChange={(event) => setUrn(event.target.value)} aria-describedby={`${id}-urn-hint`} />
          <span className="hint" id={`${id}-urn-hint`}>{t('channels.test.urnHint', { schemes: channel.schemes.join(', ') })}</span>
        </div>
        <div className="field grow">
          <label htmlFor={`${id}-text`}>{t('channels.test.text')}</label>
          <input id={`${id}-text`} required maxLength={1600} value={text} onChange={(event) => setText(event.target.value)} />
        </div>
      </div>
      <button type="submit" className="button primary" disabled={state.kind === 'sending'}>
        {state.kind === 'sending' ? t('channels.test.sending') : t('channels.test.send')}
      </button>
      {state.kind === 'queued' && <p role="status" className="muted">{t('channels.test.queued')}</p>}
      {state.kind === 'error' && <p className="alert error" role="alert">{state.message}</p>}
    </form>
  );
}
