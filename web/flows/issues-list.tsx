/**
 * Problems found in a flow or an import file (runtime FlowIssue: severity, path, message), errors first.
 * `onSelectNode` lets the canvas jump to the node a problem is in.
 */
import { useTranslation } from 'react-i18next';

/** One problem, as the server sends it. Example: `{ severity: "error", path: "nodes[3]", message: "nodes[3]: ...", code: "..." }`. */
export interface IssueView {
  severity: 'error' | 'warning' | string;
  path?: string;
  message: string;
  code?: string;
  nodeUuid?: string;
}

export function IssuesList({
  issues,
  titleId,
  onSelectNode,
}: {
  issues: readonly IssueView[];
  titleId?: string;
  onSelectNode?: (nodeUuid: string) => void;
}) {
  const { t } = useTranslation();
  const sorted = [...issues].sort((a, b) => Number(b.severity === 'error') - Number(a.severity === 'error'));
  if (sorted.length === 0) return null;
  return (
    <ul className="issues" aria-labelledby={titleId}>
      {sorted.map((issue, index) => (
        <li key={`${issue.code ?? ''}-${issue.path ?? ''}-${index}`} className={`issue ${issue.severity}`}>
          <span className="issue-badge">{issue.severity === 'error' ? t('issues.error') : t('issues.warning')}</span>
          <span className="issue-text">{issue.message}</span>
          {issue.nodeUuid && onSelectNode && (
            <button type="button" className="button link" onClick={() => onSelectNode(issue.nodeUuid!)}>
              {t('issues.showNode')}
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
