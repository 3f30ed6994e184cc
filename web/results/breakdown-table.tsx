/**
 * Participation broken down by region, district, facility or cadre: runs, responded and completed per
 * value, with the response rate.
 *
 *   <BreakdownTable breakdowns={summary.breakdowns} />
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiOutputs } from '../api/trpc-client.js';

type Breakdowns = ApiOutputs['results']['summary']['breakdowns'];
const DIMENSIONS = ['region', 'district', 'facility', 'cadre'] as const;
type Dimension = (typeof DIMENSIONS)[number];

export function BreakdownTable({ breakdowns }: { breakdowns: Breakdowns }) {
  const { t, i18n } = useTranslation();
  const [dimension, setDimension] = useState<Dimension>('district');
  const rows = breakdowns[dimension];
  const percent = (part: number, whole: number) => (whole ? (part / whole).toLocaleString(i18n.language, { style: 'percent', maximumFractionDigits: 0 }) : '—');
  return (
    <div className="breakdown">
      <div className="tabs" role="group" aria-label={t('results.breakdown.by')}>
        {DIMENSIONS.map((d) => (
          <button key={d} type="button" className={`tab${d === dimension ? ' active' : ''}`} aria-pressed={d === dimension} onClick={() => setDimension(d)}>
            {t(`broadcasts.picker.dimension.${d}`)}
          </button>
        ))}
      </div>
      <table className="table compact">
        <caption className="visually-hidden">{t('results.breakdown.caption', { dimension: t(`broadcasts.picker.dimension.${dimension}`) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t(`broadcasts.picker.dimension.${dimension}`)}</th>
            <th scope="col">{t('results.breakdown.runs')}</th>
            <th scope="col">{t('results.breakdown.responded')}</th>
            <th scope="col">{t('results.breakdown.completed')}</th>
            <th scope="col">{t('results.breakdown.responseRate')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.value}>
              <th scope="row">{row.value === '(not set)' ? t('results.breakdown.notSet') : row.value}</th>
              <td>{row.runs}</td>
              <td>{row.responded}</td>
              <td>{row.completed}</td>
              <td>{percent(row.responded, row.runs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
