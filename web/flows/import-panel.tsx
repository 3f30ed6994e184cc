/**
 * Import of flows from a file: a RapidPro export (.json) or a Kiunga flow/export file. The file can be
 * picked or dropped on the zone; the server reads, migrates and checks it, and every problem it finds is
 * listed (errors stop the import, warnings do not).
 */
import { useId, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';
import { IssuesList, type IssueView } from './issues-list.js';
import { flowIssuesOf } from '../api/error-message.js';

/** Files larger than this are refused before upload: RapidPro exports of a whole workspace stay well below. */
const MAX_FILE_BYTES = 10 * 1024 * 1024;

type ImportState =
  | { status: 'idle' }
  | { status: 'working'; fileName: string }
  | { status: 'done'; fileName: string; flows: { id: string; name: string }[]; issues: IssueView[] }
  | { status: 'failed'; fileName: string; message: string; issues: IssueView[] };

export function ImportPanel({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation();
  const describeError = useApiError();
  const inputId = useId();
  const resultTitleId = useId();
  const [dragging, setDragging] = useState(false);
  const [state, setState] = useState<ImportState>({ status: 'idle' });

  async function importFile(file: File) {
    setState({ status: 'working', fileName: file.name });
    if (file.size > MAX_FILE_BYTES) {
      setState({ status: 'failed', fileName: file.name, message: t('import.tooLarge'), issues: [] });
      return;
    }
    const text = await file.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      setState({ status: 'failed', fileName: file.name, message: t('import.notJson', { detail }), issues: [] });
      return;
    }
    try {
      const result = await api.flows.import.mutate({ file: parsed });
      const flows = result.flows.map((flow) => ({ id: flow.id, name: flow.name }));
      if (!result.ok || flows.length === 0) {
        setState({ status: 'failed', fileName: file.name, message: t('import.nothingImported'), issues: result.issues });
      } else {
        setState({ status: 'done', fileName: file.name, flows, issues: result.issues });
        onImported();
      }
    } catch (error) {
      setState({ status: 'failed', fileName: file.name, message: describeError(error), issues: flowIssuesOf(error) as IssueView[] });
    }
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void importFile(file);
  }

  return (
    <section className="card import-panel" aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`}>{t('import.title')}</h2>
      <div
        className={`drop-zone${dragging ? ' dragging' : ''}`}
        data-testid="import-drop-zone"
        onDragEnter={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragOver={(event) => {
          event.preventDefault();
          event.dataTransfer.dropEffect = 'copy';
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>{t('import.dropHere')}</p>
        <p className="muted">{t('import.formats')}</p>
        <label htmlFor={inputId} className="button">
          {t('import.chooseFile')}
        </label>
        <input
          id={inputId}
          className="visually-hidden"
          type="file"
          accept=".json,application/json"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void importFile(file);
            event.target.value = ''; // choosing the same file again re-imports it
          }}
        />
      </div>
      <div aria-live="polite">
        {state.status === 'working' && <p role="status">{t('import.working', { fileName: state.fileName })}</p>}
        {state.status === 'done' && (
          <div className="alert success" role="status">
            <p id={resultTitleId}>{t('import.done', { count: state.flows.length, fileName: state.fileName })}</p>
            <ul className="plain-list">
              {state.flows.map((flow) => (
                <li key={flow.id}>
                  <a href={`#/flows/${encodeURIComponent(flow.id)}`}>{flow.name}</a>
                </li>
              ))}
            </ul>
            {state.issues.length > 0 && <p>{t('import.withIssues', { count: state.issues.length })}</p>}
          </div>
        )}
        {state.status === 'failed' && (
          <div className="alert error" role="alert">
            <p id={resultTitleId}>{t('import.failed', { fileName: state.fileName })}</p>
            <p>{state.message}</p>
          </div>
        )}
        {(state.status === 'done' || state.status === 'failed') && (
          <IssuesList issues={state.issues} titleId={resultTitleId} />
        )}
      </div>
    </section>
  );
}
