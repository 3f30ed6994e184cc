/**
 * The export buttons of the results page: CSV, XLSX, FLOIP package and FHIR QuestionnaireResponses, each
 * fetched with the user's session (the API checks the role) for the current filters, then downloaded.
 *
 *   <ExportButtons flowId={id} filter={{ from: '2026-11-01' }} />
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiInputs } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';
import { downloadBase64 } from './download-file.js';

type Filter = ApiInputs['results']['export']['filter'];
const FORMATS = ['csv', 'xlsx', 'floip', 'fhir'] as const;

export function ExportButtons({ flowId, filter }: { flowId: string; filter: Filter }) {
  const { t } = useTranslation();
  const describeError = useApiError();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function download(format: (typeof FORMATS)[number]) {
    setBusy(format);
    setError(null);
    try {
      downloadBase64(await api.results.export.query({ flowId, format, filter }));
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="export-buttons">
      <span className="strong">{t('results.export.title')}</span>
      {FORMATS.map((format) => (
        <button key={format} type="button" className="button small" disabled={busy !== null} onClick={() => void download(format)}>
          {busy === format ? t('results.export.preparing') : t(`results.export.${format}`)}
        </button>
      ))}
      {error && <p className="alert error" role="alert">{error}</p>}
    </div>
  );
}
