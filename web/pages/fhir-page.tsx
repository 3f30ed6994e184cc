/**
 * FHIR: the workspace's FHIR servers (iHRIS / mCSD registry, OpenMRS). The list on the left; on the right
 * the selected connection's status, test and sync (progress bar, schedule, report of skipped records), or
 * the form to add / edit one (admins). Below: the watchers (lab results, appointment reminders, export of
 * communications) and the write-back queue.
 */
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';
import { useSession } from '../auth/session-context.js';
import { navigate } from '../routing/hash-router.js';
import { ListDetailPage } from '../layout/list-detail-page.js';
import { ConnectionForm } from '../fhir/connection-form.js';
import type { FhirConnection } from '../fhir/fhir-types.js';
import { SyncPanel } from '../fhir/sync-panel.js';
import { WatchersPanel } from '../fhir/watchers-panel.js';
import '../fhir/fhir.css';

export function FhirPage({ selected, editing }: { selected: string | null; editing: boolean }) {
  const { t } = useTranslation();
  const describeError = useApiError();
  const { session } = useSession();
  const isAdmin = session?.role === 'admin';
  const [connections, setConnections] = useState<FhirConnection[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      setConnections(await api.fhir.connections.list.query());
      setError(null);
    } catch (failure) {
      setError(describeError(failure));
    }
  }, [describeError]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const connection = connections?.find((c) => c.id === selected) ?? null;

  async function remove(c: FhirConnection) {
    if (!window.confirm(t('fhir.confirmDelete', { name: c.name }))) return;
    try {
      await api.fhir.connections.delete.mutate({ id: c.id });
      navigate('/fhir');
      await reload();
    } catch (failure) {
      setError(describeError(failure));
    }
  }

  return (
    <ListDetailPage
      area="fhir"
      title={t('fhir.title')}
      intro={t('fhir.intro')}
      add={isAdmin ? { label: t('fhir.add'), onClick: () => navigate('/fhir/new') } : undefined}
      error={error}
      items={connections}
      listLabel={t('fhir.listLabel')}
      emptyText={isAdmin ? t('fhir.emptyAdmin') : t('fhir.empty')}
      selected={selected}
      itemPath={(c) => `/fhir/${c.id}`}
      renderItem={(c) => (
        <>
          <span className="strong">{c.name}</span>
          <span className={`badge fhir-health-${c.settings.health ?? 'unknown'}`}>{t(`fhir.health.${c.settings.health ?? 'unknown'}`)}</span>
          <span className="fhir-url">{c.baseUrl}</span>
        </>
      )}
      after={connections && <WatchersPanel connections={connections} isAdmin={isAdmin} />}
    >
      {selected === 'new' && isAdmin && (
        <ConnectionForm connection={null} onCancel={() => navigate('/fhir')} onSaved={(saved) => {
          void reload();
          navigate(`/fhir/${saved.id}`);
        }} />
      )}
      {connection && editing && isAdmin && (
        <ConnectionForm key={connection.id} connection={connection} onCancel={() => navigate(`/fhir/${connection.id}`)} onSaved={() => {
          void reload();
          navigate(`/fhir/${connection.id}`);
        }} />
      )}
      {connection && !editing && (
        <article className="card" aria-labelledby="fhir-connection-title">
          <div className="page-header">
            <h2 id="fhir-connection-title">{connection.name}</h2>
            {isAdmin && (
              <div className="actions">
                <button type="button" className="button" onClick={() => navigate(`/fhir/${connection.id}/edit`)}>{t('fhir.edit')}</button>
                <button type="button" className="button danger" onClick={() => void remove(connection)}>{t('fhir.delete')}</button>
              </div>
            )}
          </div>
          <dl className="fhir-details">
            <dt>{t('fhir.details.baseUrl')}</dt>
            <dd><code>{connection.baseUrl}</code></dd>
            <dt>{t('fhir.details.auth')}</dt>
            <dd>{t(`fhir.auth.${connection.auth.type}`)}{connection.auth.username ? ` (${connection.auth.username})` : ''}{connection.auth.clientId ? ` (${connection.auth.clientId})` : ''}</dd>
            <dt>{t('fhir.details.country')}</dt>
            <dd>{connection.settings.defaultCountry ?? t('fhir.details.workspaceCountry')}</dd>
          </dl>
          <SyncPanel key={connection.id} connection={connection} isAdmin={isAdmin} onChanged={() => void reload()} />
        </article>
      )}
      {selected && selected !== 'new' && !connection && <p className="alert error">{t('fhir.notFound')}</p>}
      {!selected && (connections?.length ?? 0) > 0 && <p className="empty">{t('fhir.pick')}</p>}
    </ListDetailPage>
  );
}
