/**
 * One classifier's page: its settings (name, threshold), its intents with example phrases per language
 * (add, remove, import a training-set file), training into versions with their evaluation, and a try-out box.
 */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiOutputs } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';
import { Link, navigate } from '../routing/hash-router.js';
import { languageName } from '../flows/flow-languages.js';
import { IntentsEditor } from './intents-editor.js';
import { TrainingPanel } from './training-panel.js';
import { TryIt } from './try-it.js';
import { ImportTrainingSet } from './import-training-set.js';

export type ClassifierDetailData = ApiOutputs['nlp']['get'];

export function ClassifierDetail({ uuid }: { uuid: string }) {
  const { t, i18n } = useTranslation();
  const describeError = useApiError();
  const [data, setData] = useState<ClassifierDetailData | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(() => {
    api.nlp.get.query({ uuid }).then(
      (detail) => {
        setData(detail);
        setError(null);
      },
      (failure: unknown) => setError(describeError(failure)),
    );
  }, [uuid, describeError]);
  useEffect(reload, [reload]);

  async function remove() {
    if (!data || !window.confirm(t('classifiers.detail.deleteConfirm', { name: data.name }))) return;
    try {
      await api.nlp.delete.mutate({ uuid });
      navigate('/classifiers');
    } catch (failure) {
      setError(describeError(failure));
    }
  }

  return (
    <section className="page" aria-labelledby="classifier-title">
      <Link to="/classifiers" className="back-link">{t('classifiers.detail.back')}</Link>
      {error && <p className="alert error" role="alert">{error}</p>}
      {!data && !error && <p role="status">{t('common.loading')}</p>}
      {data && (
        <>
          <div className="page-header">
            <h1 id="classifier-title">{data.name}</h1>
            <button type="button" className="button subtle" onClick={() => void remove()}>{t('classifiers.detail.delete')}</button>
          </div>
          <p className="muted">
            {t('classifiers.detail.summary', {
              languages: data.languages.map((code) => languageName(code, i18n.language)).join(', '),
              intents: data.intents.length,
              examples: data.intents.reduce((sum, intent) => sum + intent.examples.length, 0),
            })}
          </p>
          <ThresholdForm uuid={uuid} threshold={data.threshold} onSaved={reload} />
          <TrainingPanel classifier={data} onChanged={reload} />
          <TryIt uuid={uuid} languages={data.languages} trained={data.activeVersionId !== null} />
          <IntentsEditor classifier={data} onChanged={reload} />
          <ImportTrainingSet uuid={uuid} onImported={reload} />
        </>
      )}
    </section>
  );
}

function ThresholdForm({ uuid, threshold, onSaved }: { uuid: string; threshold: number; onSaved: () => void }) {
  const { t } = useTranslation();
  const describeError = useApiError();
  const id = useId();
  const [value, setValue] = useState(String(Math.round(threshold * 100)));
  const [message, setMessage] = useState<{ kind: 'error' | 'saved'; text: string } | null>(null);
  useEffect(() => setValue(String(Math.round(threshold * 100))), [threshold]);

  async function save(event: FormEvent) {
    event.preventDefault();
    const number = Number(value);
    if (!Number.isFinite(number) || number < 0 || number > 100) return setMessage({ kind: 'error', text: t('classifiers.thresholdInvalid') });
    try {
      await api.nlp.update.mutate({ uuid, threshold: number / 100 });
      setMessage({ kind: 'saved', text: t('classifiers.detail.thresholdSaved') });
      onSaved();
    } catch (failure) {
      setMessage({ kind: 'error', text: describeError(failure) });
    }
  }

  return (
    <form className="inline-row" onSubmit={(event) => void save(event)}>
      <label htmlFor={id}>{t('classifiers.thresholdPercent')}</label>
      <input id={id} type="number" min={0} max={100} step={1} value={value} onChange={(event) => setValue(event.target.value)} />
      <button type="submit" className="button">{t('classifiers.detail.saveThreshold')}</button>
      <span className="hint">{t('classifiers.thresholdHint')}</span>
      {message && <span className={message.kind === 'error' ? 'alert error' : 'muted'} role={message.kind === 'error' ? 'alert' : 'status'}>{message.text}</span>}
    </form>
  );
}
