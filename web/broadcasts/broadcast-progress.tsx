/**
 * A broadcast's progress as one bar: delivered, sent, queued and failed parts of the recipients, with the
 * numbers (and replies) written out beside it for screen readers and for reading exact counts.
 *
 *   <BroadcastProgress counts={{ queued: 10, sent: 80, delivered: 5, failed: 5, replied: 3 }} />
 */
import { useTranslation } from 'react-i18next';

/** Example: `{ queued: 10, sent: 80, delivered: 5, failed: 5, replied: 3 }`. */
export interface BroadcastCounts {
  queued: number;
  sent: number;
  delivered: number;
  failed: number;
  replied: number;
}

const PARTS = ['delivered', 'sent', 'queued', 'failed'] as const;

export function BroadcastProgress({ counts }: { counts: BroadcastCounts }) {
  const { t } = useTranslation();
  const total = counts.queued + counts.sent + counts.delivered + counts.failed;
  const done = counts.sent + counts.delivered + counts.failed;
  return (
    <div className="broadcast-progress">
      <div
        className="progress-bar"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={done}
        aria-label={t('broadcasts.progress.label')}
      >
        {total > 0 &&
          PARTS.map((part) =>
            counts[part] > 0 ? <span key={part} className={`progress-part ${part}`} style={{ width: `${(counts[part] / total) * 100}%` }} title={`${t(`broadcasts.progress.${part}`)}: ${counts[part]}`} /> : null,
          )}
      </div>
      <ul className="progress-legend">
        {PARTS.map((part) => (
          <li key={part}>
            <span className={`legend-swatch ${part}`} aria-hidden="true" />
            {t(`broadcasts.progress.${part}`)}: <strong data-count={part}>{counts[part]}</strong>
          </li>
        ))}
        <li>
          {t('broadcasts.progress.replied')}: <strong data-count="replied">{counts.replied}</strong>
        </li>
      </ul>
    </div>
  );
}
