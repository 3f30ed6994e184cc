/**
 * The results filters: a date range (days the runs started) and one value per region, district, facility
 * and cadre (the values present on the workspace's contacts).
 *
 *   <ResultsFilters value={filter} onChange={setFilter} />
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiOutputs } from '../api/trpc-client.js';

/** Example: `{ from: '2026-11-01', to: '', district: 'Kilifi' }`. */
export interface ResultsFilterValue {
  from?: string;
  to?: string;
  region?: string;
  district?: string;
  facility?: string;
  cadre?: string;
}

const DIMENSIONS = ['region', 'district', 'facility', 'cadre'] as const;

export function ResultsFilters({ value, onChange }: { value: ResultsFilterValue; onChange: (value: ResultsFilterValue) => void }) {
  const { t } = useTranslation();
  const id = useId();
  const [options, setOptions] = useState<ApiOutputs['targeting']['options'] | null>(null);

  useEffect(() => {
    let current = true;
    api.targeting.options
      .query()
      .then((o) => current && setOptions(o))
      .catch(() => undefined); // the date filters still work without the value lists
    return () => {
      current = false;
    };
  }, []);

  return (
    <fieldset className="filters results-filters">
      <legend className="visually-hidden">{t('results.filters.legend')}</legend>
      <div className="field inline">
        <label htmlFor={`${id}-from`}>{t('results.filters.from')}</label>
        <input id={`${id}-from`} type="date" value={value.from ?? ''} onChange={(event) => onChange({ ...value, from: event.target.value })} />
      </div>
      <div className="field inline">
        <label htmlFor={`${id}-to`}>{t('results.filters.to')}</label>
        <input id={`${id}-to`} type="date" value={value.to ?? ''} onChange={(event) => onChange({ ...value, to: event.target.value })} />
      </div>
      {DIMENSIONS.map((dimension) => {
        const values = options?.dimensions[dimension] ?? [];
        if (values.length === 0) return null;
        return (
          <div className="field inline" key={dimension}>
            <label htmlFor={`${id}-${dimension}`}>{t(`broadcasts.picker.dimension.${dimension}`)}</label>
            <select id={`${id}-${dimension}`} value={value[dimension] ?? ''} onChange={(event) => onChange({ ...value, [dimension]: event.target.value })}>
              <option value="">{t('broadcasts.picker.any')}</option>
              {values.map((v) => (
                <option key={v.value} value={v.value}>
                  {v.value}
                </option>
              ))}
            </select>
          </div>
        );
      })}
      {Object.values(value).some(Boolean) && (
        <button type="button" className="button subtle small" onClick={() => onChange({})}>
          {t('results.filters.clear')}
        </button>
      )}
    </fieldset>
  );
}
