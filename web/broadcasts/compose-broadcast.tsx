/**
 * Composing a broadcast: the message with its SMS segment count (GSM-7 or UCS-2), the recipients (the
 * shared picker), the recipient count and cost estimate, and sending now or at a chosen time.
 *
 *   <ComposeBroadcast onQueued={() => reloadList()} />
 */
import { useCallback, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';
import { smsSegments } from '../editor/model/sms-segments.js';
import { RecipientPicker, type TargetsPreview } from '../targeting/recipient-picker.js';
import type { TargetsJson } from '../../server/targeting/query-builder.js';
import { estimateCost, savedPrice, savePrice } from './sms-cost.js';

export function ComposeBroadcast({ onQueued }: { onQueued: () => void }) {
  const { t, i18n } = useTranslation();
  const describeError = useApiError();
  const id = useId();
  const [text, setText] = useState('');
  const [targets, setTargets] = useState<TargetsJson | null>(null);
  const [preview, setPreview] = useState<TargetsPreview | null>(null);
  const [{ price, currency }, setPrice] = useState(savedPrice);
  const [when, setWhen] = useState<'now' | 'later'>('now');
  const [at, setAt] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [pickerKey, setPickerKey] = useState(0);

  const sms = smsSegments(text);
  const recipients = preview?.active ?? 0;
  const unitPrice = Number(price.replace(',', '.'));
  const cost = price.trim() && Number.isFinite(unitPrice) ? estimateCost({ segments: sms.segments, recipients, pricePerSegment: unitPrice }) : null;

  const onTargets = useCallback((value: TargetsJson | null, counted: TargetsPreview | null) => {
    setTargets(value);
    setPreview(counted);
  }, []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setNotice(null);
    if (!text.trim()) return setError(t('broadcasts.compose.needText'));
    if (!targets) return setError(t('broadcasts.compose.needTargets'));
    let schedule: { kind: 'once'; at: string } | undefined;
    if (when === 'later') {
      const date = new Date(at);
      if (!at || Number.isNaN(date.getTime())) return setError(t('broadcasts.compose.needTime'));
      if (date.getTime() < Date.now()) return setError(t('broadcasts.compose.timeInPast'));
      schedule = { kind: 'once', at: date.toISOString() };
    }
    setBusy(true);
    try {
      const queued = await api.messaging.broadcasts.create.mutate({ text, targets, schedule });
      setNotice(queued.status === 'scheduled' ? t('broadcasts.compose.scheduled', { time: new Date(at).toLocaleString(i18n.language) }) : t('broadcasts.compose.queued', { count: recipients }));
      setText('');
      setPickerKey((k) => k + 1);
      onQueued();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card compose-broadcast" onSubmit={(event) => void submit(event)} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('broadcasts.compose.title')}</h2>
      <div className="field">
        <label htmlFor={`${id}-text`}>{t('broadcasts.compose.message')}</label>
        <textarea id={`${id}-text`} rows={4} value={text} maxLength={1600} onChange={(event) => setText(event.target.value)} />
        <p className="sms-counter muted" aria-live="polite">
          {t('broadcasts.compose.segments', { count: sms.segments, length: sms.length, encoding: sms.encoding === 'gsm7' ? 'GSM-7' : 'UCS-2' })}
          {sms.encoding === 'ucs2' && ` · ${t('broadcasts.compose.unicodeHint')}`}
        </p>
      </div>
      <RecipientPicker key={pickerKey} onChange={onTargets} idPrefix="broadcast" />
      <div className="cost-row">
        <div className="field inline">
          <label htmlFor={`${id}-price`}>{t('broadcasts.compose.price')}</label>
          <input
            id={`${id}-price`}
            inputMode="decimal"
            value={price}
            size={8}
            onChange={(event) => {
              setPrice({ price: event.target.value, currency });
              savePrice(event.target.value, currency);
            }}
          />
        </div>
        <div className="field inline">
          <label htmlFor={`${id}-currency`}>{t('broadcasts.compose.currency')}</label>
          <input
            id={`${id}-currency`}
            value={currency}
            size={5}
            maxLength={8}
            onChange={(event) => {
              setPrice({ price, currency: event.target.value });
              savePrice(price, event.target.value);
            }}
          />
        </div>
        <p className="cost-estimate" aria-live="polite">
          {t('broadcasts.compose.recipients', { count: recipients })}
          {' · '}
          {cost === null ? t('broadcasts.compose.noPrice') : t('broadcasts.compose.cost', { cost: cost.toLocaleString(i18n.language, { maximumFractionDigits: 2 }), currency, segments: sms.segments * recipients })}
        </p>
      </div>
      <fieldset className="when">
        <legend>{t('broadcasts.compose.when')}</legend>
        <label className="checkbox">
          <input type="radio" name={`${id}-when`} checked={when === 'now'} onChange={() => setWhen('now')} />
          {t('broadcasts.compose.now')}
        </label>
        <label className="checkbox">
          <input type="radio" name={`${id}-when`} checked={when === 'later'} onChange={() => setWhen('later')} />
          {t('broadcasts.compose.later')}
        </label>
        {when === 'later' && (
          <div className="field inline">
            <label htmlFor={`${id}-at`}>{t('broadcasts.compose.at')}</label>
            <input id={`${id}-at`} type="datetime-local" value={at} onChange={(event) => setAt(event.target.value)} />
          </div>
        )}
      </fieldset>
      {error && <p className="alert error" role="alert">{error}</p>}
      {notice && <p className="alert success" role="status">{notice}</p>}
      <button type="submit" className="button primary" disabled={busy}>
        {when === 'later' ? t('broadcasts.compose.schedule') : t('broadcasts.compose.send')}
      </button>
    </form>
  );
}
