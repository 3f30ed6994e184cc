/**
 * Imports a training-set file (the format of flows-library/faq/training.json: intents → language → phrases)
 * into a classifier; phrases it already has are skipped.
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';

export function ImportTrainingSet({ uuid, onImported }: { uuid: string; onImported: () => void }) {
  const { t } = useTranslation();
  const describeError = useApiError();
  const id = useId();
  const [message, setMessage] = useState<{ kind: 'error' | 'done'; text: string } | null>(null);

  async function importFile(file: File) {
    let json: unknown;
    try {
      json = JSON.parse(await file.text());
    } catch {
      return setMessage({ kind: 'error', text: t('classifiers.import.notJson', { file: file.name }) });
    }
    try {
      const outcome = await api.nlp.importExamples.mutate({ uuid, trainingSet: json });
      setMessage({ kind: 'done', text: t('classifiers.import.done', { added: outcome.added, skipped: outcome.skipped, intents: outcome.intents }) });
      onImported();
    } catch (failure) {
      setMessage({ kind: 'error', text: describeError(failure) });
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('classifiers.import.title')}</h2>
      <p className="muted">{t('classifiers.import.intro')}</p>
      <label htmlFor={`${id}-file`}>{t('classifiers.import.file')}</label>
      <input
        id={`${id}-file`}
        type="file"
        accept="application/json,.json"
        onChange={(event) => {
          const file = event.target.files?.[0];
          if (file) void importFile(file);
          event.target.value = '';
        }}
      />
      {message && <p className={message.kind === 'error' ? 'alert error' : 'muted'} role={message.kind === 'error' ? 'alert' : 'status'}>{message.text}</p>}
    </section>
  );
}
