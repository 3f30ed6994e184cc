/**
 * Training and versions: "Train" makes a new version from the current phrases (seconds) and activates it;
 * each version shows its held-back accuracy and can be made active again (roll back). The evaluation of the
 * chosen version lists accuracy per language and the confusion list (which intent was taken for which).
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiOutputs } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';
import { languageName } from '../flows/flow-languages.js';
import { percent } from './classifier-languages.js';
import type { ClassifierDetailData } from './classifier-detail.js';

type Evaluation = ApiOutputs['nlp']['evaluation'];

export function TrainingPanel({ classifier, onChanged }: { classifier: ClassifierDetailData; onChanged: () => void }) {
  const { t, i18n } = useTranslation();
  const describeError = useApiError();
  const id = useId();
  const [training, setTraining] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'done'; text: string } | null>(null);
  const [shown, setShown] = useState<number | null>(null);
  const active = classifier.versions.find((v) => v.active) ?? null;
  const versionShown = shown ?? active?.version ?? null;

  async function train() {
    setTraining(true);
    setMessage(null);
    try {
      const version = await api.nlp.train.mutate({ uuid: classifier.uuid });
      setMessage({ kind: 'done', text: t('classifiers.training.trained', { version: version.version, seconds: (version.durationMs / 1000).toFixed(1), accuracy: percent(version.accuracy, i18n.language) }) });
      setShown(null);
      onChanged();
    } catch (failure) {
      setMessage({ kind: 'error', text: describeError(failure) });
    } finally {
      setTraining(false);
    }
  }

  async function activate(version: number) {
    try {
      await api.nlp.activate.mutate({ uuid: classifier.uuid, version });
      setMessage({ kind: 'done', text: t('classifiers.training.activated', { version }) });
      setShown(null);
      onChanged();
    } catch (failure) {
      setMessage({ kind: 'error', text: describeError(failure) });
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('classifiers.training.title')}</h2>
      <div className="toolbar">
        <button type="button" className="button primary" onClick={() => void train()} disabled={training}>
          {training ? t('classifiers.training.training') : t('classifiers.training.train')}
        </button>
        <span className="muted">{active ? t('classifiers.training.activeVersion', { version: active.version }) : t('classifiers.notTrained')}</span>
      </div>
      {message && <p className={message.kind === 'error' ? 'alert error' : 'muted'} role={message.kind === 'error' ? 'alert' : 'status'}>{message.text}</p>}
      {classifier.versions.length > 0 && (
        <table className="table">
          <caption className="visually-hidden">{t('classifiers.training.versions')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('classifiers.training.version')}</th>
              <th scope="col">{t('classifiers.training.trainedAt')}</th>
              <th scope="col">{t('classifiers.training.examples')}</th>
              <th scope="col">{t('classifiers.training.duration')}</th>
              <th scope="col">{t('classifiers.training.accuracy')}</th>
              <th scope="col"><span className="visually-hidden">{t('classifiers.training.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            {classifier.versions.map((v) => (
              <tr key={v.id} data-version={v.version}>
                <td>{t('classifiers.versionNumber', { version: v.version })}{v.active && <span className="badge"> {t('classifiers.training.active')}</span>}</td>
                <td>{new Date(v.trainedAt).toLocaleString(i18n.language)}</td>
                <td>{v.exampleCount}</td>
                <td>{t('classifiers.training.seconds', { seconds: (v.durationMs / 1000).toFixed(1) })}</td>
                <td>{percent(v.accuracy, i18n.language)}</td>
                <td className="row-actions">
                  <button type="button" className="button subtle" onClick={() => setShown(v.version)}>{t('classifiers.training.showEvaluation', { version: v.version })}</button>
                  {!v.active && <button type="button" className="button subtle" onClick={() => void activate(v.version)}>{t('classifiers.training.activate', { version: v.version })}</button>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {versionShown !== null && <EvaluationView uuid={classifier.uuid} version={versionShown} refreshKey={classifier.activeVersionId} />}
    </section>
  );
}

function EvaluationView({ uuid, version, refreshKey }: { uuid: string; version: number; refreshKey: string | null }) {
  const { t, i18n } = useTranslation();
  const describeError = useApiError();
  const id = useId();
  const [evaluation, setEvaluation] = useState<Evaluation | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    api.nlp.evaluation.query({ uuid, version }).then(
      (result) => current && setEvaluation(result),
      (failure: unknown) => current && setError(describeError(failure)),
    );
    return () => {
      current = false;
    };
  }, [uuid, version, refreshKey, describeError]);

  if (error) return <p className="alert error" role="alert">{error}</p>;
  if (!evaluation) return <p role="status">{t('common.loading')}</p>;
  const metrics = evaluation.metrics;
  return (
    <section aria-labelledby={`${id}-title`} data-testid="evaluation">
      <h3 id={`${id}-title`}>{t('classifiers.evaluation.title', { version: evaluation.version.version })}</h3>
      {metrics.accuracy === null ? (
        <p className="muted">{t('classifiers.evaluation.tooFew')}</p>
      ) : (
        <p className="strong" data-testid="accuracy">
          {t('classifiers.evaluation.accuracy', { accuracy: percent(metrics.accuracy, i18n.language), heldOut: metrics.heldOut, trainedOn: metrics.trainedOn })}
        </p>
      )}
      {Object.keys(metrics.byLanguage).length > 0 && (
        <ul className="plain-list">
          {Object.entries(metrics.byLanguage).map(([code, tally]) => (
            <li key={code}>{t('classifiers.evaluation.byLanguage', { language: languageName(code, i18n.language), accuracy: percent(tally.accuracy, i18n.language), correct: tally.correct, total: tally.total })}</li>
          ))}
        </ul>
      )}
      <h4 className="small-heading">{t('classifiers.evaluation.confusion')}</h4>
      {metrics.confusion.length === 0 ? (
        <p className="muted">{t('classifiers.evaluation.noMistakes')}</p>
      ) : (
        <table className="table" data-testid="confusion">
          <caption className="visually-hidden">{t('classifiers.evaluation.confusion')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('classifiers.evaluation.expected')}</th>
              <th scope="col">{t('classifiers.evaluation.predicted')}</th>
              <th scope="col">{t('classifiers.evaluation.count')}</th>
              <th scope="col">{t('classifiers.evaluation.examples')}</th>
            </tr>
          </thead>
          <tbody>
            {metrics.confusion.map((entry) => (
              <tr key={`${entry.expected}>${entry.predicted}`}>
                <td>{entry.expected}</td>
                <td>{entry.predicted}</td>
                <td>{entry.count}</td>
                <td>{entry.examples.map((text) => t('classifiers.evaluation.quoted', { text })).join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
