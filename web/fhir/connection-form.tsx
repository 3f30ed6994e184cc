/**
 * Add or edit a FHIR connection: name, base URL, authentication (secrets are write-only: left empty when
 * editing, the stored one is kept), the sync schedule, what to sync and the default country for phone numbers.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';
import { AUTH_TYPES, type AuthType, type FhirConnection } from './fhir-types.js';

type AuthInput =
  | { type: 'none' }
  | { type: 'basic'; username: string; password?: string }
  | { type: 'bearer'; token?: string }
  | { type: 'oauth2_client_credentials'; tokenUrl: string; clientId: string; clientSecret?: string; scope?: string };

export function ConnectionForm({ connection, onSaved, onCancel }: { connection: FhirConnection | null; onSaved: (saved: FhirConnection) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const describeError = useApiError();
  const [name, setName] = useState(connection?.name ?? '');
  const [baseUrl, setBaseUrl] = useState(connection?.baseUrl ?? '');
  const [authType, setAuthType] = useState<AuthType>(connection?.auth.type ?? 'none');
  const [username, setUsername] = useState(connection?.auth.username ?? '');
  const [secret, setSecret] = useState('');
  const [tokenUrl, setTokenUrl] = useState(connection?.auth.tokenUrl ?? '');
  const [clientId, setClientId] = useState(connection?.auth.clientId ?? '');
  const [scope, setScope] = useState(connection?.auth.scope ?? '');
  const [intervalMinutes, setIntervalMinutes] = useState(connection?.settings.syncIntervalMinutes ? String(connection.settings.syncIntervalMinutes) : '');
  const [syncRegistry, setSyncRegistry] = useState(connection?.settings.syncRegistry ?? true);
  const [syncPatients, setSyncPatients] = useState(connection?.settings.syncPatients ?? false);
  const [country, setCountry] = useState(connection?.settings.defaultCountry ?? '');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const keepsSecret = connection !== null && connection.auth.type === authType && connection.auth.hasSecret;

  function auth(): AuthInput {
    const s = secret || undefined;
    switch (authType) {
      case 'none':
        return { type: 'none' };
      case 'basic':
        return { type: 'basic', username, password: s };
      case 'bearer':
        return { type: 'bearer', token: s };
      case 'oauth2_client_credentials':
        return { type: 'oauth2_client_credentials', tokenUrl, clientId, clientSecret: s, scope: scope || undefined };
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const settings = { syncIntervalMinutes: intervalMinutes ? Number(intervalMinutes) : null, syncRegistry, syncPatients, defaultCountry: country.trim() || null };
    try {
      const saved = connection
        ? await api.fhir.connections.update.mutate({ id: connection.id, name, baseUrl, auth: auth(), settings })
        : await api.fhir.connections.create.mutate({ name, baseUrl, auth: auth(), settings });
      onSaved(saved);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  }

  const secretLabel = authType === 'basic' ? t('fhir.form.password') : authType === 'bearer' ? t('fhir.form.token') : t('fhir.form.clientSecret');
  return (
    <form className="card fhir-form" onSubmit={(e) => void submit(e)} aria-labelledby="fhir-form-title">
      <h2 id="fhir-form-title">{connection ? t('fhir.form.editTitle', { name: connection.name }) : t('fhir.form.addTitle')}</h2>
      {error && <p className="alert error" role="alert">{error}</p>}
      <label className="field">
        <span>{t('fhir.form.name')}</span>
        <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
      </label>
      <label className="field">
        <span>{t('fhir.form.baseUrl')}</span>
        <input type="url" value={baseUrl} onChange={(e) => setBaseUrl(e.target.value)} required placeholder="https://ihris.example.org/fhir" />
      </label>
      <label className="field">
        <span>{t('fhir.form.authType')}</span>
        <select value={authType} onChange={(e) => setAuthType(e.target.value as AuthType)}>
          {AUTH_TYPES.map((type) => <option key={type} value={type}>{t(`fhir.auth.${type}`)}</option>)}
        </select>
      </label>
      {authType === 'basic' && (
        <label className="field">
          <span>{t('fhir.form.username')}</span>
          <input value={username} onChange={(e) => setUsername(e.target.value)} required autoComplete="off" />
        </label>
      )}
      {authType === 'oauth2_client_credentials' && (
        <>
          <label className="field">
            <span>{t('fhir.form.tokenUrl')}</span>
            <input type="url" value={tokenUrl} onChange={(e) => setTokenUrl(e.target.value)} required />
          </label>
          <label className="field">
            <span>{t('fhir.form.clientId')}</span>
            <input value={clientId} onChange={(e) => setClientId(e.target.value)} required autoComplete="off" />
          </label>
          <label className="field">
            <span>{t('fhir.form.scope')}</span>
            <input value={scope} onChange={(e) => setScope(e.target.value)} placeholder="system/*.read" />
          </label>
        </>
      )}
      {authType !== 'none' && (
        <label className="field">
          <span>{secretLabel}</span>
          <input type="password" value={secret} onChange={(e) => setSecret(e.target.value)} required={!keepsSecret} autoComplete="new-password" placeholder={keepsSecret ? t('fhir.form.secretKept') : ''} />
          {keepsSecret && <small className="muted">{t('fhir.form.secretHint')}</small>}
        </label>
      )}
      <fieldset className="fhir-fieldset">
        <legend>{t('fhir.form.syncLegend')}</legend>
        <label className="field">
          <span>{t('fhir.form.interval')}</span>
          <select value={intervalMinutes} onChange={(e) => setIntervalMinutes(e.target.value)}>
            <option value="">{t('fhir.form.intervalNone')}</option>
            <option value="15">{t('fhir.form.every15')}</option>
            <option value="60">{t('fhir.form.every60')}</option>
            <option value="360">{t('fhir.form.every360')}</option>
            <option value="1440">{t('fhir.form.every1440')}</option>
            {intervalMinutes && !['15', '60', '360', '1440'].includes(intervalMinutes) && <option value={intervalMinutes}>{t('fhir.form.everyN', { minutes: intervalMinutes })}</option>}
          </select>
        </label>
        <label className="fhir-check"><input type="checkbox" checked={syncRegistry} onChange={(e) => setSyncRegistry(e.target.checked)} /> {t('fhir.form.syncRegistry')}</label>
        <label className="fhir-check"><input type="checkbox" checked={syncPatients} onChange={(e) => setSyncPatients(e.target.checked)} /> {t('fhir.form.syncPatients')}</label>
        <label className="field">
          <span>{t('fhir.form.country')}</span>
          <input value={country} onChange={(e) => setCountry(e.target.value.toUpperCase())} maxLength={2} pattern="[A-Za-z]{2}" placeholder="CM" />
          <small className="muted">{t('fhir.form.countryHint')}</small>
        </label>
      </fieldset>
      <div className="actions">
        <button type="submit" className="button primary" disabled={busy}>{busy ? t('fhir.form.saving') : t('fhir.form.save')}</button>
        <button type="button" className="button" onClick={onCancel}>{t('fhir.form.cancel')}</button>
      </div>
    </form>
  );
}
