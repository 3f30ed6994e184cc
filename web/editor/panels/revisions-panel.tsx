/**
 * The flow's history: every saved revision, newest first, draft or published (the one contacts get is
 * marked), who saved it, when, and why (restored, imported…). “Preview” shows a revision read-only on the
 * canvas (see RevisionPreview); restoring copies it into a new draft, history is never rewritten.
 *
 *   <RevisionsPanel flowId={id} refreshKey={revision} publishedRevision={2} previewing={null} onPreview={…} onClose={…} />
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiOutputs } from '../../api/trpc-client.js';
import { useApiError } from '../../api/use-api-error.js';

/** One row of flows.revisions. Example: `{ revision: 3, status: 'draft', createdAt: '2026-11-25T17:02:11Z', createdBy: { name: 'Amina' }, comment: null }`. */
export type RevisionRow = ApiOutputs['flows']['revisions'][number];

interface RevisionsPanelProps {
  flowId: string;
  /** Changes whenever a revision is saved: the list is read again. */
  refreshKey: number | null;
  publishedRevision: number | null;
  previewing: number | null;
  onPreview: (revision: number) => void;
  onClose: () => void;
}

export function RevisionsPanel({ flowId, refreshKey, publishedRevision, previewing, onPreview, onClose }: RevisionsPanelProps) {
  const { t, i18n } = useTranslation();
  const describeError = useApiError();
  const ids = useId();
  const [rows, setRows] = useState<RevisionRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    api.flows.revisions.query({ id: flowId }).then(
      (list) => {
        if (cancelled) return;
        setRows(list);
        setError(null);
      },
      (failure) => !cancelled && setError(describeError(failure)),
    );
    return () => {
      cancelled = true;
    };
  }, [flowId, refreshKey, describeError]);

  const when = (iso: string) => {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? iso : new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  };

  return (
    <aside className="revisions-panel" aria-labelledby={`${ids}-title`}>
      <div className="panel-header">
        <h2 id={`${ids}-title`} className="small-heading">
          {t('revisions.title')}
        </h2>
        <button type="button" className="button subtle small" onClick={onClose} aria-label={t('revisions.close')}>
          ×
        </button>
      </div>
      <p className="muted small">{t('revisions.intro')}</p>
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
      {!rows && !error && <p role="status">{t('common.loading')}</p>}
      {rows && rows.length === 0 && <p className="muted">{t('revisions.none')}</p>}
      {rows && rows.length > 0 && (
        <ol className="revision-list" aria-label={t('revisions.listLabel')}>
          {rows.map((row) => (
            <li key={row.revision} className={`revision-row${previewing === row.revision ? ' previewing' : ''}`}>
              <div className="revision-head">
                <strong>{t('revisions.revision', { revision: row.revision })}</strong>{' '}
                <span className={`badge ${row.status}`}>{t(`revisions.status.${row.status}`)}</span>
                {row.revision === publishedRevision && <span className="badge live">{t('revisions.live')}</span>}
              </div>
              <div className="muted small">
                {row.createdBy ? t('revisions.savedBy', { when: when(row.createdAt), name: row.createdBy.name }) : t('revisions.savedAt', { when: when(row.createdAt) })}
              </div>
              {row.comment && <div className="small">{row.comment}</div>}
              <button
                type="button"
                className="button small"
                aria-pressed={previewing === row.revision}
                aria-label={t('revisions.previewNamed', { revision: row.revision })}
                onClick={() => onPreview(row.revision)}
              >
                {t('revisions.preview')}
              </button>
            </li>
          ))}
        </ol>
      )}
    </aside>
  );
}
