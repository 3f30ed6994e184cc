/**
 * "Try it": classifies a phrase with the active version, as a flow would, and shows the intent, its
 * confidence, the language used (given or guessed) and the entities (numbers, dates) found.
 */
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiOutputs } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';
import { languageName } from '../flows/flow-languages.js';
import { percent } from './classifier-languages.js';

type Answer = ApiOutputs['nlp']['classify'];

export function TryIt({ uuid, languages, trained }: { uuid: string; languages: string[]; trained: boolean }) {
  const { t, i18n } = useTranslation();
  const describeError = useApiError();
  const id = useId();
  const [text, setText] = useState('');
  const [language, setLanguage] = useState('');
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function classify(event: FormEvent) {
    event.preventDefault();
    if (text.trim() === '') return;
    try {
      setAnswer(await api.nlp.classify.query({ uuid, text, language: language || null }));
      setError(null);
    } catch (failure) {
      setAnswer(null);
      setError(describeError(failure));
    }
  }

  const top = answer?.intents[0];
  const entities = answer ? Object.entries(answer.entities).flatMap(([name, values]) => values.map((v) => `${name}: ${v.value}`)) : [];
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('classifiers.try.title')}</h2>
      {!trained && <p className="muted">{t('classifiers.try.trainFirst')}</p>}
      <form onSubmit={(event) => void classify(event)}>
        <div className="field">
          <label htmlFor={`${id}-text`}>{t('classifiers.try.phrase')}</label>
          <input id={`${id}-text`} value={text} placeholder={t('classifiers.try.placeholder')} onChange={(event) => setText(event.target.value)} />
        </div>
        <div className="field inline">
          <label htmlFor={`${id}-language`}>{t('classifiers.try.language')}</label>
          <select id={`${id}-language`} value={language} onChange={(event) => setLanguage(event.target.value)}>
            <option value="">{t('classifiers.try.detect')}</option>
            {languages.map((code) => <option key={code} value={code}>{languageName(code, i18n.language)}</option>)}
          </select>
        </div>
        <button type="submit" className="button" disabled={!trained}>{t('classifiers.try.submit')}</button>
      </form>
      {error && <p className="alert error" role="alert">{error}</p>}
      {answer && top && (
        <dl className="facts" data-testid="try-result">
          <dt>{t('classifiers.try.intent')}</dt>
          <dd data-testid="try-intent">{top.name === 'none' ? t('classifiers.try.notUnderstood') : top.name}</dd>
          <dt>{t('classifiers.try.confidence')}</dt>
          <dd>{percent(top.confidence, i18n.language)}</dd>
          <dt>{t('classifiers.try.languageUsed')}</dt>
          <dd>{languageName(answer.language, i18n.language)}{answer.languageDetected ? ` (${t('classifiers.try.guessed')})` : ''}</dd>
          <dt>{t('classifiers.try.entities')}</dt>
          <dd>{entities.length > 0 ? entities.join(', ') : t('classifiers.try.noEntities')}</dd>
          <dt>{t('classifiers.try.others')}</dt>
          <dd>{answer.intents.slice(1, 4).map((i) => `${i.name} ${percent(i.confidence, i18n.language)}`).join(', ') || '—'}</dd>
        </dl>
      )}
    </section>
  );
}
