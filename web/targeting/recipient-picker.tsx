/**
 * The recipient picker: choose health workers by region, district, facility and cadre (the fields FHIR
 * sync writes), add groups, or write a query; the number of contacts reached is previewed live.
 * Used by the broadcasts page and the flow start panel of the results page.
 *
 *   <RecipientPicker onChange={(targets, preview) => { setTargets(targets); setReach(preview?.active ?? 0); }} />
 *   // targets → { query: 'district = "Kilifi" AND cadre = "Nurse"', groups: ['0193…'] } or null when nothing is chosen
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, type ApiOutputs } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';
import { useDebouncedValue } from '../pages/use-debounced-value.js';
import { targetsFromChoices, type TargetsJson } from '../../server/targeting/query-builder.js';
import './targeting.css';

type Options = ApiOutputs['targeting']['options'];
/** Example: `{ matched: 124, active: 120 }`. */
export type TargetsPreview = ApiOutputs['targeting']['preview'];

const DIMENSIONS = ['region', 'district', 'facility', 'cadre'] as const;
type Dimension = (typeof DIMENSIONS)[number];

export function RecipientPicker({ onChange, idPrefix = 'picker' }: { onChange: (targets: TargetsJson | null, preview: TargetsPreview | null) => void; idPrefix?: string }) {
  const { t } = useTranslation();
  const describeError = useApiError();
  const baseId = useId();
  const [options, setOptions] = useState<Options | null>(null);
  const [filters, setFilters] = useState<Partial<Record<Dimension, string>>>({});
  const [groups, setGroups] = useState<string[]>([]);
  const [query, setQuery] = useState('');
  const [preview, setPreview] = useState<TargetsPreview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [counting, setCounting] = useState(false);
  const debouncedQuery = useDebouncedValue(query, 400);

  useEffect(() => {
    let current = true;
    api.targeting.options
      .query()
      .then((value) => current && setOptions(value))
      .catch((failure: unknown) => current && setLoadError(describeError(failure)));
    return () => {
      current = false;
    };
  }, [describeError]);

  useEffect(() => {
    let targets: TargetsJson | null;
    try {
      targets = targetsFromChoices({ filters, groups, query: debouncedQuery });
    } catch (failure) {
      setError((failure as Error).message);
      setPreview(null);
      onChange(null, null);
      return;
    }
    if (!targets) {
      setError(null);
      setPreview(null);
      onChange(null, null);
      return;
    }
    let current = true;
    setCounting(true);
    api.targeting.preview
      .query({ targets })
      .then((value) => {
        if (!current) return;
        setPreview(value);
        setError(null);
        onChange(targets, value);
      })
      .catch((failure: unknown) => {
        if (!current) return;
        setPreview(null);
        setError(describeError(failure));
        onChange(null, null);
      })
      .finally(() => current && setCounting(false));
    return () => {
      current = false;
    };
    // onChange is the parent's setter; re-running on its identity would loop
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [filters, groups, debouncedQuery, describeError]);

  if (loadError) return <p className="alert error" role="alert">{loadError}</p>;
  if (!options) return <p role="status">{t('common.loading')}</p>;

  return (
    <fieldset className="recipient-picker">
      <legend>{t('broadcasts.picker.legend')}</legend>
      <div className="picker-grid">
        {DIMENSIONS.map((dimension) => {
          const id = `${idPrefix}-${baseId}-${dimension}`;
          const values = options.dimensions[dimension];
          return (
            <div className="field" key={dimension}>
              <label htmlFor={id}>{t(`broadcasts.picker.dimension.${dimension}`)}</label>
              <select
                id={id}
                value={filters[dimension] ?? ''}
                disabled={values.length === 0}
                onChange={(event) => setFilters((previous) => ({ ...previous, [dimension]: event.target.value }))}
              >
                <option value="">{values.length ? t('broadcasts.picker.any') : t('broadcasts.picker.noneKnown')}</option>
                {values.map((v) => (
                  <option key={v.value} value={v.value}>
                    {t('broadcasts.picker.valueWithCount', { value: v.value, count: v.count })}
                  </option>
                ))}
              </select>
            </div>
          );
        })}
      </div>
      {options.groups.length > 0 && (
        <fieldset className="picker-groups">
          <legend>{t('broadcasts.picker.groups')}</legend>
          {options.groups.map((group) => (
            <label className="checkbox" key={group.uuid}>
              <input
                type="checkbox"
                checked={groups.includes(group.uuid)}
                onChange={(event) => setGroups((previous) => (event.target.checked ? [...previous, group.uuid] : previous.filter((g) => g !== group.uuid)))}
              />
              {t('broadcasts.picker.valueWithCount', { value: group.name, count: group.count })}
            </label>
          ))}
          <p className="muted small">{t('broadcasts.picker.groupsHint')}</p>
        </fieldset>
      )}
      <div className="field">
        <label htmlFor={`${idPrefix}-${baseId}-query`}>{t('broadcasts.picker.query')}</label>
        <input id={`${idPrefix}-${baseId}-query`} type="text" value={query} placeholder={t('broadcasts.picker.queryExample')} onChange={(event) => setQuery(event.target.value)} />
      </div>
      <p className="picker-count" role="status" aria-live="polite">
        {error ? (
          <span className="picker-error">{error}</span>
        ) : counting && !preview ? (
          t('broadcasts.picker.counting')
        ) : preview ? (
          <>
            <strong>{t('broadcasts.picker.reach', { count: preview.active })}</strong>
            {preview.matched > preview.active && <span className="muted"> {t('broadcasts.picker.skipped', { count: preview.matched - preview.active })}</span>}
          </>
        ) : (
          t('broadcasts.picker.nothingChosen', { count: options.contacts.active })
        )}
      </p>
    </fieldset>
  );
}
