/**
 * The form to add a channel (or change one): name, address, send rate in SMS segments per second, then
 * the provider's own fields from its config schema. Secrets are password inputs that are never filled
 * from the server: when editing, a blank secret keeps the stored one.
 *
 * Example: `<ChannelForm types={types} onSaved={(c) => navigate(`/channels/${c.id}`)} onCancel={close} />`.
 */
import { useId, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';
import { configFromValues, fieldLabelKey, valuesFromConfig, type ChannelItem, type FormValues, type ProviderSetup, type SetupField } from './channel-types.js';

export function ChannelForm({ types, channel, onSaved, onCancel }: { types: readonly ProviderSetup[]; channel?: ChannelItem; onSaved: (channel: ChannelItem) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const describeError = useApiError();
  const id = useId();
  const [type, setType] = useState(channel?.type ?? types[0]?.type ?? '');
  const setup = useMemo(() => types.find((p) => p.type === type) ?? null, [types, type]);
  const [name, setName] = useState(channel?.name ?? '');
  const [address, setAddress] = useState(channel?.address ?? '');
  const [rate, setRate] = useState(String(channel?.rateLimitSegmentsPerS ?? 10));
  const [values, setValues] = useState<FormValues>(() => (channel && setup ? valuesFromConfig(setup.fields, channel.config) : {}));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!setup) return;
    setSaving(true);
    setError(null);
    try {
      const config: Record<string, unknown> = configFromValues(setup.fields, values);
      if (channel) {
        // A setting emptied in the form is removed (null); empty secrets are kept (write-only, never shown).
        for (const field of setup.fields) {
          const top = field.key.split('.')[0]!;
          if (field.kind !== 'secret' && channel.config[top] !== undefined && !(top in config)) config[top] = null;
        }
      }
      const saved = channel
        ? await api.messaging.channels.update.mutate({ id: channel.id, name, address, config, rateLimitSegmentsPerS: Number(rate) })
        : await api.messaging.channels.create.mutate({ name, type, address, config, rateLimitSegmentsPerS: Number(rate) });
      onSaved(saved);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setSaving(false);
    }
  };

  const basic = setup?.fields.filter((f) => !f.advanced) ?? [];
  const advanced = setup?.fields.filter((f) => f.advanced) ?? [];
  const input = (field: SetupField) => (
    <FieldInput key={field.key} field={field} idPrefix={id} value={values[field.key]} editing={Boolean(channel)} secretSet={channel?.secretsSet.includes(field.key) ?? false}
      onChange={(value) => setValues((current) => ({ ...current, [field.key]: value }))} />
  );

  return (
    <form className="card channel-form" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{channel ? t('channels.form.editTitle', { name: channel.name }) : t('channels.form.addTitle')}</h2>
      {!channel && (
        <div className="field">
          <label htmlFor={`${id}-type`}>{t('channels.form.type')}</label>
          <select id={`${id}-type`} value={type} onChange={(event) => { setType(event.target.value); setValues({}); }}>
            {types.map((p) => (
              <option key={p.type} value={p.type}>{t(`channels.types.${p.type}`)}</option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('channels.form.name')}</label>
        <input id={`${id}-name`} required maxLength={100} value={name} onChange={(event) => setName(event.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-address`}>{t('channels.form.address')}</label>
        <input id={`${id}-address`} maxLength={100} value={address} onChange={(event) => setAddress(event.target.value)} aria-describedby={`${id}-address-hint`} />
        <span className="hint" id={`${id}-address-hint`}>{t(`channels.addressHint.${type}`, { defaultValue: t('channels.addressHint.default') })}</span>
      </div>
      <div className="field">
        <label htmlFor={`${id}-rate`}>{t('channels.form.rate')}</label>
        <input id={`${id}-rate`} type="number" min={0} max={10000} step="any" required value={rate} onChange={(event) => setRate(event.target.value)} aria-describedby={`${id}-rate-hint`} />
        <span className="hint" id={`${id}-rate-hint`}>{t('channels.form.rateHint')}</span>
      </div>
      {basic.map(input)}
      {advanced.length > 0 && (
        <details>
          <summary>{t('channels.form.advanced')}</summary>
          {advanced.map(input)}
        </details>
      )}
      {error && <p className="alert error" role="alert">{error}</p>}
      <div className="row-actions">
        <button type="submit" className="button primary" disabled={saving || !setup}>
          {saving ? t('channels.form.saving') : channel ? t('channels.form.save') : t('channels.form.create')}
        </button>
        <button type="button" className="button subtle" onClick={onCancel}>{t('common.cancel')}</button>
      </div>
    </form>
  );
}

function FieldInput({ field, idPrefix, value, editing, secretSet, onChange }: {
  field: SetupField; idPrefix: string; value: string | boolean | undefined; editing: boolean; secretSet: boolean; onChange: (value: string | boolean) => void;
}) {
  const { t } = useTranslation();
  const id = `${idPrefix}-f-${field.key.replace(/\./g, '-')}`;
  const label = t(fieldLabelKey(field.key));
  if (field.kind === 'boolean') {
    return (
      <div className="field checkbox">
        <label>
          <input id={id} type="checkbox" checked={value === true || (value === undefined && field.defaultValue === true)} onChange={(event) => onChange(event.target.checked)} /> {label}
        </label>
      </div>
    );
  }
  const hint = field.kind === 'secret' && editing && secretSet ? t('channels.form.secretKept') : field.kind === 'secret' ? t('channels.form.secretHint') : field.defaultValue !== undefined ? t('channels.form.defaultHint', { value: String(field.defaultValue) }) : null;
  return (
    <div className="field">
      <label htmlFor={id}>{label}{field.required && !(editing && secretSet) && <span aria-hidden="true"> *</span>}</label>
      {field.kind === 'select' ? (
        <select id={id} value={typeof value === 'string' ? value : String(field.defaultValue ?? '')} onChange={(event) => onChange(event.target.value)}>
          {(field.options ?? []).map((option) => <option key={option} value={option}>{option}</option>)}
        </select>
      ) : (
        <input
          id={id}
          type={field.kind === 'secret' ? 'password' : field.kind === 'number' ? 'number' : 'text'}
          autoComplete={field.kind === 'secret' ? 'new-password' : 'off'}
          required={field.required && !(editing && field.kind === 'secret' && secretSet)}
          pattern={field.pattern}
          minLength={field.minLength}
          value={typeof value === 'string' ? value : ''}
          placeholder={field.defaultValue !== undefined && field.kind !== 'secret' ? String(field.defaultValue) : undefined}
          onChange={(event) => onChange(event.target.value)}
          aria-describedby={hint ? `${id}-hint` : undefined}
        />
      )}
      {hint && <span className="hint" id={`${id}-hint`}>{hint}</span>}
    </div>
  );
}
