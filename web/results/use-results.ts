/**
 * The results summary of a flow for the given filters, kept fresh: polled every 3 seconds while a start
 * of the flow is still going out or runs are waiting for answers (results arrive live), else every 20.
 *
 *   const { summary, error, refresh } = useResults(flowId, filter);
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type ApiOutputs } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';
import type { ResultsFilterValue } from './results-filters.js';

export type ResultsSummary = ApiOutputs['results']['summary'];

export const LIVE_POLL_MS = 3000;
export const IDLE_POLL_MS = 20_000;

/** Filter values without the empty ones (the API treats absent and empty alike, but keys stay stable). */
export function cleanFilter(filter: ResultsFilterValue): ResultsFilterValue {
  return Object.fromEntries(Object.entries(filter).filter(([, v]) => typeof v === 'string' && v !== '')) as ResultsFilterValue;
}

export function useResults(flowId: string, filter: ResultsFilterValue) {
  const describeError = useApiError();
  const [summary, setSummary] = useState<ResultsSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const filterKey = JSON.stringify(cleanFilter(filter));
  const latest = useRef(0);

  const refresh = useCallback(() => setTick((n) => n + 1), []);

  useEffect(() => {
    const call = ++latest.current;
    api.results.summary
      .query({ flowId, filter: JSON.parse(filterKey) as ResultsFilterValue })
      .then((value) => {
        if (call !== latest.current) return;
        setSummary(value);
        setError(null);
      })
      .catch((failure: unknown) => {
        if (call === latest.current) setError(describeError(failure));
      });
  }, [flowId, filterKey, tick, describeError]);

  const live = summary !== null && (summary.activeStarts.length > 0 || summary.totals.waiting > 0);
  useEffect(() => {
    const timer = setTimeout(refresh, live ? LIVE_POLL_MS : IDLE_POLL_MS);
    return () => clearTimeout(timer);
  }, [live, summary, error, refresh]);

  return { summary, error, refresh, live };
}
