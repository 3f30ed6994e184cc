/** The contacts of the workspace (health workers), with search by name or phone number / address. */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiOutputs } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';
import { useDebouncedValue } from './use-debounced-value.js';
import { languageName } from '../flows/flow-languages.js';

type ContactItem = ApiOutputs['contacts']['list']['items'][number];

/** Like RapidPro, the list shows active contacts unless another status is chosen. */
const STATUSES = ['active', 'stopped', 'blocked', 'archived'] as const;
type ContactStatus = (typeof STATUSES)[number];

/** "tel:+254700000001" → "+254700000001"; other schemes keep their name: "whatsapp: 2547…". */
function formatUrn(urn: string): string {
  const colon = urn.indexOf(':');
  if (colon < 0) return urn;
  const scheme = urn.slice(0, colon);
  const path = urn.slice(colon + 1);
  return scheme === 'tel' ? path : `${scheme}: ${path}`;
}

export function ContactsPage() {
  const { t, i18n } = useTranslation();
  const describeError = useApiError();
  const searchId = useId();
  const statusId = useId();
  const [status, setStatus] = useState<ContactStatus>('active');
  const [search, setSearch] = useState('');
  const debouncedSearch = useDebouncedValue(search, 250);
  const [contacts, setContacts] = useState<ContactItem[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    const query = debouncedSearch.trim();
    api.contacts.list
      .query(query ? { search: query, status, limit: 200 } : { status, limit: 200 })
      .then((page) => {
        if (!current) return;
        setContacts(page.items);
        setTotal(page.total);
        setError(null);
      })
      .catch((failure: unknown) => {
        if (current) setError(describeError(failure));
      });
    return () => {
      current = false;
    };
  }, [debouncedSearch, status, describeError]);

  return (
    <section className="page" aria-labelledby="contacts-title">
      <div className="page-header">
        <h1 id="contacts-title">{t('contacts.title')}</h1>
      </div>
      <p className="muted">{t('contacts.intro')}</p>
      <div className="filters">
        <div className="search">
          <label htmlFor={searchId}>{t('contacts.search')}</label>
          <input
            id={searchId}
            type="search"
            value={search}
            placeholder={t('contacts.searchPlaceholder')}
            onChange={(event) => setSearch(event.target.value)}
          />
        </div>
        <div className="field inline">
          <label htmlFor={statusId}>{t('contacts.statusFilter')}</label>
          <select id={statusId} value={status} onChange={(event) => setStatus(event.target.value as ContactStatus)}>
            {STATUSES.map((value) => (
              <option key={value} value={value}>
                {t(`contacts.statusPlural.${value}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
      {contacts === null && !error && <p role="status">{t('common.loading')}</p>}
      {contacts && contacts.length === 0 && (
        <p className="empty">
          {debouncedSearch
            ? t('contacts.noMatch', { search: debouncedSearch })
            : status === 'active'
              ? t('contacts.empty')
              : t('contacts.noneWithStatus', { status: t(`contacts.statusPlural.${status}`) })}
        </p>
      )}
      {contacts && contacts.length > 0 && (
        <>
          <table className="table">
            <caption className="visually-hidden">{t('contacts.tableCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('contacts.columns.name')}</th>
                <th scope="col">{t('contacts.columns.addresses')}</th>
                <th scope="col">{t('contacts.columns.language')}</th>
                <th scope="col">{t('contacts.columns.status')}</th>
              </tr>
            </thead>
            <tbody>
              {contacts.map((contact) => (
                <tr key={contact.id}>
                  <td className="strong">{contact.name || t('contacts.noName')}</td>
                  <td>{contact.urns.map(formatUrn).join(', ') || '—'}</td>
                  <td>{contact.language ? languageName(contact.language, i18n.language) : '—'}</td>
                  <td>{t(`contacts.status.${contact.status}`, { defaultValue: contact.status })}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {total > contacts.length && <p className="muted">{t('contacts.showing', { shown: contacts.length, total })}</p>}
        </>
      )}
    </section>
  );
}
