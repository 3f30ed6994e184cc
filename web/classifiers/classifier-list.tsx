/**
 * The workspace's classifiers (name, languages, intents, examples, active version) and the form that creates
 * one: a name, the languages it understands and its confidence threshold. Opening one goes to its page.
 */
import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiOutputs } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';
import { Link, navigate } from '../routing/hash-router.js';
import { languageName } from '../flows/flow-languages.js';
import { CLASSIFIER_LANGUAGES, percent } from './classifier-languages.js';
import { MatchingSettings } from './matching-settings.js';

type ClassifierItem = ApiOutputs['nlp']['list'][number];

export function ClassifierList() {
  const { t, i18n } = useTranslation();
  const describeError = useApiError();
  const [items, setItems] = useState<ClassifierItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const load = useCallback(() => {
    api.nlp.list.query().then(
      (list) => {
        setItems(list);
        setError(null);
      },
      (failure: unknown) => setError(describeError(failure)),
    );
  }, [describeError]);
  useEffect(load, [load]);

  return (
    <section className="page" aria-labelledby="classifiers-title">
      <div className="page-header">
        <h1 id="classifiers-title">{t('classifiers.title')}</h1>
      </div>
      <p className="muted">{t('classifiers.intro')}</p>
      {error && <p className="alert error" role="alert">{error}</p>}
      {items === null && !error && <p role="status">{t('common.loading')}</p>}
      {items && items.length === 0 && <p className="empty">{t('classifiers.empty')}</p>}
      {items && items.length > 0 && (
        <table className="table">
          <caption className="visually-hidden">{t('classifiers.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('classifiers.columns.name')}</th>
              <th scope="col">{t('classifiers.columns.languages')}</th>
              <th scope="col">{t('classifiers.columns.intents')}</th>
              <th scope="col">{t('classifiers.columns.examples')}</th>
              <th scope="col">{t('classifiers.columns.threshold')}</th>
              <th scope="col">{t('classifiers.columns.version')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.uuid}>
                <td className="strong"><Link to={`/classifiers/${item.uuid}`}>{item.name}</Link></td>
                <td>{item.languages.map((code) => languageName(code, i18n.language)).join(', ')}</td>
                <td>{item.intentCount}</td>
                <td>{item.exampleCount}</td>
                <td>{percent(item.threshold, i18n.language)}</td>
                <td>{item.activeVersion === null ? t('classifiers.notTrained') : t('classifiers.versionNumber', { version: item.activeVersion })}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <CreateClassifierForm />
      <MatchingSettings classifiers={items ?? []} />
    </section>
  );
}

function CreateClassifierForm() {
  const { t, i18n } = useTranslation();
  const describeError = useApiError();
  const nameId = useId();
  const thresholdId = useId();
  const [name, setName] = useState('');
  const [languages, setLanguages] = useState<string[]>(['eng', 'fra']);
  const [threshold, setThreshold] = useState('60');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const value = Number(threshold);
    if (name.trim() === '') return setError(t('classifiers.create.nameRequired'));
    if (languages.length === 0) return setError(t('classifiers.create.languagesRequired'));
    if (!Number.isFinite(value) || value < 0 || value > 100) return setError(t('classifiers.thresholdInvalid'));
    setBusy(true);
    try {
      const created = await api.nlp.create.mutate({ name: name.trim(), languages, threshold: value / 100 });
      navigate(`/classifiers/${created.uuid}`);
    } catch (failure) {
      setError(describeError(failure));
      setBusy(false);
    }
  }

  return (
    <form className="card" onSubmit={(event) => void submit(event)} aria-labelledby={`${nameId}-title`}>
      <h2 id={`${nameId}-title`}>{t('classifiers.create.title')}</h2>
      <div className="field">
        <label htmlFor={nameId}>{t('classifiers.create.name')}</label>
        <input id={nameId} value={name} onChange={(event) => setName(event.target.value)} placeholder={t('classifiers.create.namePlaceholder')} />
      </div>
      <fieldset className="field">
        <legend>{t('classifiers.create.languages')}</legend>
        {CLASSIFIER_LANGUAGES.map((code) => (
          <label key={code} className="checkbox">
            <input
              type="checkbox"
              checked={languages.includes(code)}
              onChange={(event) => setLanguages((current) => (event.target.checked ? [...current, code] : current.filter((c) => c !== code)))}
            />
            {languageName(code, i18n.language)}
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={thresholdId}>{t('classifiers.thresholdPercent')}</label>
        <input id={thresholdId} type="number" min={0} max={100} step={1} value={threshold} onChange={(event) => setThreshold(event.target.value)} />
        <p className="hint">{t('classifiers.thresholdHint')}</p>
      </div>
      {error && <p className="alert error" role="alert">{error}</p>}
      <button type="submit" className="button primary" disabled={busy}>{t('classifiers.create.submit')}</button>
    </form>
  );
}
