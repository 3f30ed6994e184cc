/**
 * One inbox message: who sent it and when, its text and attachments (images shown, other files linked),
 * its labels (toggle each), the replies sent, a reply box and archive / restore.
 *
 *   <InboxMessageItem message={m} labels={labels} onChanged={reload} />
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiOutputs } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';

type Message = ApiOutputs['inbox']['list'][number];
type Label = ApiOutputs['inbox']['labels'][number];

function safeUrl(url: string): string | null {
  return /^https?:\/\//i.test(url) || url.startsWith('/') ? url : null;
}

export function InboxMessageItem({ message, labels, onChanged }: { message: Message; labels: Label[]; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const describeError = useApiError();
  const id = useId();
  const [reply, setReply] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [labelMenu, setLabelMenu] = useState(false);
  const applied = new Set(message.labels.map((l) => l.uuid));
  const sender = message.contact.name || message.urn?.replace(/^tel:/, '') || t('inbox.unknownSender');

  async function act(work: () => Promise<unknown>) {
    setBusy(true);
    setError(null);
    try {
      await work();
      onChanged();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  }

  function sendReply(event: FormEvent) {
    event.preventDefault();
    if (!reply.trim()) return;
    void act(async () => {
      await api.inbox.reply.mutate({ messageId: message.id, text: reply });
      setReply('');
    });
  }

  return (
    <li className="card inbox-message" aria-label={t('inbox.messageFrom', { sender })}>
      <div className="inbox-message-head">
        <span className="strong">{sender}</span>
        {message.urn && message.contact.name && <span className="muted small">{message.urn.replace(/^tel:/, '')}</span>}
        <span className="muted small">{new Date(message.createdAt).toLocaleString(i18n.language)}</span>
        {message.channel && <span className="muted small">· {message.channel}</span>}
        {message.labels.map((l) => (
          <span key={l.uuid} className="badge">
            {l.name}
          </span>
        ))}
      </div>
      <p className="inbox-message-text">{message.text}</p>
      {message.attachments.length > 0 && (
        <div className="inbox-attachments">
          {message.attachments.map((a, i) => {
            const url = safeUrl(a.url);
            if (!url) return <span key={i} className="muted small">{a.contentType}</span>;
            return a.contentType.startsWith('image') ? (
              <a key={i} href={url} target="_blank" rel="noreferrer noopener">
                <img src={url} alt={t('inbox.imageAttachment')} loading="lazy" />
              </a>
            ) : (
              <a key={i} href={url} target="_blank" rel="noreferrer noopener">
                {t('inbox.attachment', { type: a.contentType })}
              </a>
            );
          })}
        </div>
      )}
      {message.replies.length > 0 && (
        <ul className="inbox-replies" aria-label={t('inbox.replies')}>
          {message.replies.map((r) => (
            <li key={r.id}>
              ↳ {r.text} <span className="muted small">({t(`inbox.replyStatus.${r.status}`, { defaultValue: r.status })})</span>
            </li>
          ))}
        </ul>
      )}
      <div className="inbox-actions">
        <button type="button" className="button small" aria-expanded={labelMenu} aria-controls={`${id}-labels`} onClick={() => setLabelMenu((v) => !v)} disabled={labels.length === 0}>
          {t('inbox.labelButton')}
        </button>
        <button
          type="button"
          className="button small subtle"
          disabled={busy}
          onClick={() => void act(() => api.inbox.archive.mutate({ messageId: message.id, archived: !message.archived }))}
        >
          {message.archived ? t('inbox.restore') : t('inbox.archive')}
        </button>
      </div>
      {labelMenu && (
        <fieldset id={`${id}-labels`} className="picker-groups">
          <legend className="visually-hidden">{t('inbox.labelsFor', { sender })}</legend>
          {labels.map((l) => (
            <label key={l.uuid} className="checkbox">
              <input
                type="checkbox"
                checked={applied.has(l.uuid)}
                disabled={busy}
                onChange={(event) => void act(() => api.inbox.label.mutate({ messageId: message.id, labelUuid: l.uuid, on: event.target.checked }))}
              />
              {l.name}
            </label>
          ))}
        </fieldset>
      )}
      {message.contact.status === 'active' && (
        <form className="inbox-reply-form" onSubmit={sendReply}>
          <label htmlFor={`${id}-reply`} className="visually-hidden">
            {t('inbox.replyTo', { sender })}
          </label>
          <input id={`${id}-reply`} value={reply} maxLength={1600} placeholder={t('inbox.replyPlaceholder')} onChange={(event) => setReply(event.target.value)} />
          <button type="submit" className="button primary small" disabled={busy || !reply.trim()}>
            {t('inbox.send')}
          </button>
        </form>
      )}
      {error && <p className="alert error" role="alert">{error}</p>}
    </li>
  );
}
