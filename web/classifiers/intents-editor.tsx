/**
 * The intents of a classifier and their example phrases per language: add an intent, add phrases (one per
 * line) in a language, remove a phrase or an intent. "none" (what the classifier should not answer) is
 * always there and cannot be removed.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';
import { languageName } from '../flows/flow-languages.js';
import type { ClassifierDetailData } from './classifier-detail.js';

type Intent = ClassifierDetailData['intents'][number];

export function IntentsEditor({ classifier, onChanged }: { classifier: ClassifierDetailData; onChanged: () => void }) {
  const { t } = useTranslation();
  const describeError = useApiError();
  const id = useId();
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);

  async function addIntent(event: FormEvent) {
    event.preventDefault();
    const intent = name.trim().toLowerCase().replace(/\s+/g, '_');
    if (!intent) return;
    try {
      await api.nlp.addIntent.mutate({ uuid: classifier.uuid, intent });
      setName('');
      setError(null);
      onChanged();
    } catch (failure) {
      setError(describeError(failure));
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('classifiers.intents.title')}</h2>
      <p className="muted">{t('classifiers.intents.intro')}</p>
      <form className="inline-row" onSubmit={(event) => void addIntent(event)}>
        <label htmlFor={`${id}-name`}>{t('classifiers.intents.newIntent')}</label>
        <input id={`${id}-name`} value={name} placeholder={t('classifiers.intents.newIntentPlaceholder')} onChange={(event) => setName(event.target.value)} />
        <button type="submit" className="button">{t('classifiers.intents.add')}</button>
      </form>
      {error && <p className="alert error" role="alert">{error}</p>}
      {classifier.intents.map((intent) => (
        <IntentCard key={intent.id} uuid={classifier.uuid} intent={intent} languages={classifier.languages} onChanged={onChanged} />
      ))}
    </section>
  );
}

function IntentCard({ uuid, intent, languages, onChanged }: { uuid: string; intent: Intent; languages: string[]; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const describeError = useApiError();
  const id = useId();
  const [language, setLanguage] = useState(languages[0] ?? 'eng');
  const [texts, setTexts] = useState('');
  const [error, setError] = useState<string | null>(null);
  const isNone = intent.name === 'none';

  async function run(work: () => Promise<unknown>) {
    try {
      await work();
      setError(null);
      onChanged();
    } catch (failure) {
      setError(describeError(failure));
    }
  }

  function addExamples(event: FormEvent) {
    event.preventDefault();
    const lines = texts.split('\n').map((line) => line.trim()).filter(Boolean);
    if (lines.length === 0) return;
    void run(async () => {
      await api.nlp.addExamples.mutate({ uuid, intent: intent.name, language, texts: lines });
      setTexts('');
    });
  }

  return (
    <article className="step-card" aria-labelledby={`${id}-name`} data-intent={intent.name}>
      <div className="panel-header">
        <h3 id={`${id}-name`}>{intent.name}</h3>
        <span className="badge">{t('classifiers.intents.exampleCount', { count: intent.examples.length })}</span>
        {!isNone && (
          <button type="button" className="button subtle" onClick={() => void run(() => api.nlp.removeIntent.mutate({ uuid, intent: intent.name }))}>
            {t('classifiers.intents.remove', { intent: intent.name })}
          </button>
        )}
      </div>
      {isNone && <p className="hint">{t('classifiers.intents.noneHint')}</p>}
      {languages.map((code) => {
        const examples = intent.examples.filter((e) => e.language === code);
        if (examples.length === 0) return null;
        return (
          <div key={code}>
            <h4 className="small-heading">{languageName(code, i18n.language)}</h4>
            <ul className="chips">
              {examples.map((example) => (
                <li key={example.id}>
                  {example.text}{' '}
                  <button
                    type="button"
                    className="button subtle small"
                    aria-label={t('classifiers.intents.removeExample', { text: example.text })}
                    onClick={() => void run(() => api.nlp.removeExample.mutate({ uuid, exampleId: example.id }))}
                  >
                    ×
                  </button>
                </li>
              ))}
            </ul>
          </div>
        );
      })}
      <form onSubmit={addExamples}>
        <div className="field inline">
          <label htmlFor={`${id}-language`}>{t('classifiers.intents.language')}</label>
          <select id={`${id}-language`} value={language} onChange={(event) => setLanguage(event.target.value)}>
            {languages.map((code) => <option key={code} value={code}>{languageName(code, i18n.language)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-texts`}>{t('classifiers.intents.phrases', { intent: intent.name })}</label>
          <textarea id={`${id}-texts`} rows={2} value={texts} placeholder={t('classifiers.intents.phrasesPlaceholder')} onChange={(event) => setTexts(event.target.value)} />
        </div>
        <button type="submit" className="button">{t('classifiers.intents.addPhrases')}</button>
      </form>
      {error && <p className="alert error" role="alert">{error}</p>}
    </article>
  );
}
