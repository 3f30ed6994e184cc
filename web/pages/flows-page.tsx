/**
 * The flows of the workspace: search, create, open, duplicate, archive, export, and import from a file
 * (picker or drag and drop).
 */
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';
import { canEdit, useSession } from '../auth/session-context.js';
import { Link, navigate } from '../routing/hash-router.js';
import { CreateFlowDialog } from '../flows/create-flow-dialog.js';
import { ImportPanel } from '../flows/import-panel.js';
import { downloadJson, exportFileName } from '../flows/download-json.js';
import { toFlowSummary, type FlowSummary } from '../flows/flow-summary.js';
import { useDebouncedValue } from './use-debounced-value.js';

export function FlowsPage() {
  const { t, i18n } = useTranslation();
  const describeError = useApiError();
  const editable = canEdit(useSession().session);
  const searchId = useId();
  const [search, setSearch] = useState('');
  const debouncedSearch = useDebouncedValue(search, 250);
  const [flows, setFlows] = useState<FlowSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [busyId, setBusyId] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const query = debouncedSearch.trim();
      const page = await api.flows.list.query(query ? { search: query, limit: 500 } : { limit: 500 });
      setFlows(page.items.map(toFlowSummary));
      setError(null);
    } catch (failure) {
      setError(describeError(failure));
    }
  }, [debouncedSearch, describeError]);

  useEffect(() => {
    void load();
  }, [load]);

  async function duplicate(flow: FlowSummary) {
    setBusyId(flow.id);
    try {
      const copy = await api.flows.duplicate.mutate({ id: flow.id });
      setNotice(t('flows.duplicated', { name: flow.name }));
      await load();
      // After React has drawn the new row, move focus to the copy so keyboard users find it.
      requestAnimationFrame(() => document.getElementById(`flow-row-${copy.flow.id}`)?.focus());
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusyId(null);
    }
  }

  async function archive(flow: FlowSummary) {
    if (!window.confirm(t('flows.archiveConfirm', { name: flow.name }))) return;
    setBusyId(flow.id);
    try {
      await api.flows.archive.mutate({ id: flow.id });
      setNotice(t('flows.archived', { name: flow.name }));
      await load();
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusyId(null);
    }
  }

  async function exportFlows(list: FlowSummary[], baseName: string) {
    if (list.length === 0) return;
    try {
      const file = await api.flows.export.query({ ids: list.map((flow) => flow.id) });
      downloadJson(exportFileName(baseName), file);
      setNotice(t('flows.exported', { count: list.length }));
    } catch (failure) {
      setError(describeError(failure));
    }
  }

  const dateFormat = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <section className="page" aria-labelledby="flows-title">
      <div className="page-header">
        <h1 id="flows-title">{t('flows.title')}</h1>
        <div className="toolbar">
          {editable && (
            <button type="button" className="button primary" onClick={() => setCreating(true)}>
              {t('flows.create')}
            </button>
          )}
          <button
            type="button"
            className="button"
            disabled={!flows?.length}
            onClick={() => void exportFlows(flows ?? [], t('flows.exportFileBase'))}
          >
            {t('flows.exportAll')}
          </button>
        </div>
      </div>
      <p className="muted">{t('flows.intro')}</p>

      <div className="search">
        <label htmlFor={searchId}>{t('flows.search')}</label>
        <input
          id={searchId}
          type="search"
          value={search}
          placeholder={t('flows.searchPlaceholder')}
          onChange={(event) => setSearch(event.target.value)}
        />
      </div>

      <div aria-live="polite">
        {notice && (
          <p className="alert success" role="status">
            {notice}
          </p>
        )}
        {error && (
          <p className="alert error" role="alert">
            {error}
          </p>
        )}
      </div>

      {flows === null && !error && <p role="status">{t('common.loading')}</p>}
      {flows && flows.length === 0 && (
        <p className="empty">{debouncedSearch ? t('flows.noMatch', { search: debouncedSearch }) : t('flows.empty')}</p>
      )}
      {flows && flows.length > 0 && (
        <table className="table">
          <caption className="visually-hidden">{t('flows.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('flows.columns.name')}</th>
              <th scope="col">{t('flows.columns.type')}</th>
              <th scope="col">{t('flows.columns.status')}</th>
              <th scope="col">{t('flows.columns.updated')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('flows.columns.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {flows.map((flow) => (
              <tr key={flow.id}>
                <td>
                  <Link to={`/flows/${encodeURIComponent(flow.id)}`} id={`flow-row-${flow.id}`} className="strong">
                    {flow.name}
                  </Link>
                </td>
                <td>{t(`flowTypes.${flow.type}`, { defaultValue: flow.type })}</td>
                <td>
                  <span className={`badge ${flow.status}`}>{t(`flows.status.${flow.status}`)}</span>
                </td>
                <td>{dateFormat.format(new Date(flow.updatedAt))}</td>
                <td className="row-actions">
                  <button type="button" className="button small" onClick={() => navigate(`/flows/${encodeURIComponent(flow.id)}`)}
                    aria-label={t('flows.openNamed', { name: flow.name })}>
                    {t('flows.open')}
                  </button>
                  {editable && (
                    <button type="button" className="button small" disabled={busyId === flow.id} onClick={() => void duplicate(flow)}
                      aria-label={t('flows.duplicateNamed', { name: flow.name })}>
                      {t('flows.duplicate')}
                    </button>
                  )}
                  <button type="button" className="button small" onClick={() => void exportFlows([flow], flow.name)}
                    aria-label={t('flows.exportNamed', { name: flow.name })}>
                    {t('flows.export')}
                  </button>
                  {editable && (
                    <button type="button" className="button small danger" disabled={busyId === flow.id} onClick={() => void archive(flow)}
                      aria-label={t('flows.archiveNamed', { name: flow.name })}>
                      {t('flows.archive')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      {editable && <ImportPanel onImported={() => void load()} />}
      {editable && <CreateFlowDialog open={creating} onClose={() => setCreating(false)} />}
    </section>
  );
}
