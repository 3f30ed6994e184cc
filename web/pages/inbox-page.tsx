/**
 * The inbox (#/inbox): messages health workers sent that no flow handled. Search them, file them under
 * labels, reply (through the outbox, like any message) and archive what is dealt with.
 */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiOutputs } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';
import { InboxMessageItem } from '../inbox/inbox-message-item.js';
import { useDebouncedValue } from './use-debounced-value.js';
import '../results/results.css';
import '../targeting/targeting.css';

type Message = ApiOutputs['inbox']['list'][number];
type Label = ApiOutputs['inbox']['labels'][number];

const POLL_MS = 10_000;

export function InboxPage() {
  const { t } = useTranslation();
  const describeError = useApiError();
  const id = useId();
  const [view, setView] = useState<'inbox' | 'archived'>('inbox');
  const [label, setLabel] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const debouncedSearch = useDebouncedValue(search.trim(), 300);
  const [messages, setMessages] = useState<Message[] | null>(null);
  const [labels, setLabels] = useState<Label[]>([]);
  const [newLabel, setNewLabel] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    let current = true;
    Promise.all([
      api.inbox.list.query({ view, search: debouncedSearch || undefined, label: label ?? undefined, limit: 100 }),
      api.inbox.labels.query(),
    ])
      .then(([list, allLabels]) => {
        if (!current) return;
        setMessages(list);
        setLabels(allLabels);
        setError(null);
      })
      .catch((failure: unknown) => current && setError(describeError(failure)));
    const timer = setTimeout(reload, POLL_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [view, label, debouncedSearch, tick, describeError, reload]);

  async function createLabel(event: FormEvent) {
    event.preventDefault();
    if (!newLabel.trim()) return;
    try {
      await api.inbox.createLabel.mutate({ name: newLabel });
      setNewLabel('');
      reload();
    } catch (failure) {
      setError(describeError(failure));
    }
  }

  return (
    <section className="page" aria-labelledby="inbox-title">
      <div className="page-header">
        <h1 id="inbox-title">{t('inbox.title')}</h1>
      </div>
      <p className="muted">{t('inbox.intro')}</p>
      <div className="inbox-layout">
        <nav className="inbox-side" aria-label={t('inbox.foldersLabel')}>
          <ul>
            <li>
              <button type="button" className={`button subtle${view === 'inbox' && !label ? ' active' : ''}`} aria-pressed={view === 'inbox' && !label} onClick={() => { setView('inbox'); setLabel(null); }}>
                {t('inbox.views.inbox')}
              </button>
            </li>
            <li>
              <button type="button" className={`button subtle${view === 'archived' ? ' active' : ''}`} aria-pressed={view === 'archived'} onClick={() => { setView('archived'); setLabel(null); }}>
                {t('inbox.views.archived')}
              </button>
            </li>
          </ul>
          <h2 className="small-heading">{t('inbox.labels')}</h2>
          <ul>
            {labels.map((l) => (
              <li key={l.uuid}>
                <button type="button" className="button subtle" aria-pressed={label === l.uuid} onClick={() => { setView('inbox'); setLabel(l.uuid); }}>
                  <span>{l.name}</span> <span className="badge">{l.count}</span>
                </button>
              </li>
            ))}
          </ul>
          <form onSubmit={(event) => void createLabel(event)} className="inline-row">
            <label htmlFor={`${id}-new-label`} className="visually-hidden">{t('inbox.newLabel')}</label>
            <input id={`${id}-new-label`} value={newLabel} maxLength={60} placeholder={t('inbox.newLabel')} onChange={(event) => setNewLabel(event.target.value)} />
            <button type="submit" className="button small">{t('inbox.addLabel')}</button>
          </form>
        </nav>
        <div>
          <div className="search">
            <label htmlFor={`${id}-search`}>{t('inbox.search')}</label>
            <input id={`${id}-search`} type="search" value={search} placeholder={t('inbox.searchPlaceholder')} onChange={(event) => setSearch(event.target.value)} />
          </div>
          {error && <p className="alert error" role="alert">{error}</p>}
          {messages === null && !error && <p role="status">{t('common.loading')}</p>}
          {messages && messages.length === 0 && <p className="empty">{debouncedSearch ? t('inbox.noMatch', { search: debouncedSearch }) : t('inbox.empty')}</p>}
          {messages && messages.length > 0 && (
            <ul className="inbox-messages">
              {messages.map((m) => (
                <InboxMessageItem key={m.id} message={m} labels={labels} onChanged={reload} />
              ))}
            </ul>
          )}
        </div>
      </div>
    </section>
  );
}
