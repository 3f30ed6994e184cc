/**
 * Drop-off per step: for each node of the flow that runs reached, how many reached it, wait there now and
 * stopped there without completing, with a bar of the share that reached it.
 *
 *   <DropOffTable steps={summary.dropOff} runs={summary.totals.runs} />
 */
import { useTranslation } from 'react-i18next';
import type { ApiOutputs } from '../api/trpc-client.js';

type Step = ApiOutputs['results']['summary']['dropOff'][number];

export function DropOffTable({ steps, runs }: { steps: Step[]; runs: number }) {
  const { t } = useTranslation();
  if (steps.length === 0) return <p className="muted">{t('results.dropOff.none')}</p>;
  return (
    <table className="table compact drop-off">
      <caption className="visually-hidden">{t('results.dropOff.title')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('results.dropOff.step')}</th>
          <th scope="col">{t('results.dropOff.reached')}</th>
          <th scope="col">{t('results.dropOff.waiting')}</th>
          <th scope="col">{t('results.dropOff.stopped')}</th>
        </tr>
      </thead>
      <tbody>
        {steps.map((step) => (
          <tr key={step.nodeUuid}>
            <th scope="row">
              {step.label}
              <span className="reach-bar" aria-hidden="true">
                <span style={{ width: `${runs ? (step.reached / runs) * 100 : 0}%` }} />
              </span>
            </th>
            <td>{step.reached}</td>
            <td>{step.waiting}</td>
            <td className={step.stopped > 0 ? 'warning-text' : undefined}>{step.stopped}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
