/**
 * The flow's problems as it is being edited (computed in the browser, see model/live-issues.ts): errors
 * first, each in plain words with the engine's exact detail, and a button that shows the step on the canvas.
 * Errors stop publishing; warnings are worth a look but do not.
 *
 *   <LiveIssuesPanel issues={liveIssues(flow)} onSelectNode={(uuid) => focus(uuid)} />
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { IssueView } from '../../flows/issues-list.js';

export function LiveIssuesPanel({ issues, onSelectNode }: { issues: readonly IssueView[]; onSelectNode: (uuid: string) => void }) {
  const { t } = useTranslation();
  const ids = useId();
  const [open, setOpen] = useState(true);
  const errors = issues.filter((issue) => issue.severity === 'error').length;
  const warnings = issues.length - errors;
  const sorted = [...issues].sort((a, b) => Number(b.severity === 'error') - Number(a.severity === 'error'));

  return (
    <section className={`live-issues${errors ? ' has-errors' : ''}`} aria-labelledby={`${ids}-title`}>
      <div className="live-issues-head">
        <h2 id={`${ids}-title`} className="small-heading">
          {issues.length === 0 ? t('liveIssues.none') : t('liveIssues.summary', { errors, warnings })}
        </h2>
        {issues.length > 0 && (
          <button type="button" className="button subtle small" aria-expanded={open} aria-controls={`${ids}-list`} onClick={() => setOpen((value) => !value)}>
            {open ? t('liveIssues.hide') : t('liveIssues.show')}
          </button>
        )}
        {issues.length > 0 && <span className="muted small">{errors ? t('liveIssues.blocking') : t('liveIssues.notBlocking')}</span>}
      </div>
      {open && issues.length > 0 && (
        <ul id={`${ids}-list`} className="issues live-issues-list">
          {sorted.map((issue, index) => (
            <li key={`${issue.code ?? ''}-${issue.path ?? ''}-${index}`} className={`issue ${issue.severity}`}>
              <span className="issue-badge">{issue.severity === 'error' ? t('issues.error') : t('issues.warning')}</span>
              <span className="issue-text">
                <strong>{t(`liveIssues.codes.${issue.code ?? 'other'}`, { defaultValue: t('liveIssues.codes.other') })}</strong>{' '}
                <span className="muted">{issue.message}</span>
              </span>
              {issue.nodeUuid && (
                <button type="button" className="button link" onClick={() => onSelectNode(issue.nodeUuid!)}>
                  {t('issues.showNode')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
