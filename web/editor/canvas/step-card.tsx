/**
 * One flow node on the canvas, as a card in plain words: its actions ("Send a message" + the text), then
 * its router ("Wait for the reply", the rules), then one exit per category at the bottom. With the results
 * overlay on, a line at the top says how many runs reached the step, wait there and stopped there.
 *
 * Zoomed far out (overview-zoom.ts) the card is drawn as an overview: its title and exits only, at the size it
 * had in full, so arrows stay put. Only crossing the zoom threshold re-renders the cards.
 */
import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { describeAction, describeCase, describeRouter, formatDuration } from './describe-step.js';
import type { CardExit, StepCardNode, StepResults } from './flow-graph.js';
import { useZoomedOut } from './overview-zoom.js';

function StepCardView({ data, height }: NodeProps<StepCardNode>) {
  const { t } = useTranslation();
  const overview = useZoomedOut();
  const { node, exits, isStart, visited, current, editable, searchMatch, results } = data;
  const router = node.router;
  const routerText = router ? describeRouter(router, t) : null;
  const title = node.actions[0] ? describeAction(node.actions[0], t).title : routerText?.title ?? '';

  const classes = ['step-card'];
  if (visited) classes.push('visited');
  if (current) classes.push('current');
  if (searchMatch) classes.push('search-match');
  if (overview) classes.push('overview');

  if (overview) {
    // Same size as the full card, so arrows stay where they were.
    return (
      <article
        className={classes.join(' ')}
        style={height ? { height } : undefined}
        aria-label={t('canvas.cardLabel', { title })}
        aria-current={current ? 'step' : undefined}
        data-node-uuid={node.uuid}
      >
        <Handle type="target" position={Position.Top} className="handle-in" isConnectable={!!editable} />
        <div className="overview-body">
          <span className="overview-title">{title}</span>
          {results && <StepResultsLine results={results} t={t} compact />}
        </div>
        <ExitRow exits={exits} editable={!!editable} t={t} labels={false} />
      </article>
    );
  }

  const categoryName = new Map(router?.categories.map((category) => [category.uuid, category.name]) ?? []);
  const timeout = router?.wait?.type === 'msg' ? router.wait.timeout : undefined;
  return (
    <article className={classes.join(' ')} aria-label={t('canvas.cardLabel', { title })} aria-current={current ? 'step' : undefined} data-node-uuid={node.uuid}>
      <Handle type="target" position={Position.Top} className="handle-in" isConnectable={!!editable} />
      {results && <StepResultsLine results={results} t={t} />}
      {(isStart || current) && (
        <div className="card-flags">
          {isStart && <span className="flag start">{t('canvas.start')}</span>}
          {current && <span className="flag here">{t('canvas.contactIsHere')}</span>}
        </div>
      )}
      {node.actions.map((action) => {
        const described = describeAction(action, t);
        return (
          <section key={action.uuid} className={`step-action action-${action.type}`}>
            <h3>{described.title}</h3>
            {described.detail && <p className="step-detail">{described.detail}</p>}
            {!described.detail && action.type === 'send_msg' && <p className="step-detail muted">{t('canvas.noText')}</p>}
            {described.chips && described.chips.length > 0 && (
              <ul className="chips" aria-label={t('canvas.quickReplies')}>
                {described.chips.map((chip, index) => (
                  <li key={`${chip}-${index}`}>{chip}</li>
                ))}
              </ul>
            )}
          </section>
        );
      })}
      {router && routerText && (
        <section className={`step-router${router.wait ? ' waits' : ''}`}>
          <h3>{routerText.title}</h3>
          {routerText.detail && <p className="step-detail muted">{routerText.detail}</p>}
          {router.type === 'switch' && router.cases.length > 0 && (
            <ul className="rules">
              {router.cases.slice(0, 6).map((testCase) => (
                <li key={testCase.uuid}>
                  <strong>{categoryName.get(testCase.category_uuid) ?? '?'}</strong> {describeCase(testCase, t)}
                </li>
              ))}
              {router.cases.length > 6 && <li className="muted">{t('canvas.moreRules', { count: router.cases.length - 6 })}</li>}
            </ul>
          )}
          {timeout && <p className="step-detail muted">{t('canvas.timeout', { duration: formatDuration(timeout.seconds, t) })}</p>}
        </section>
      )}
      <ExitRow exits={exits} editable={!!editable} t={t} labels />
    </article>
  );
}

/** “12 reached · 3 waiting · 1 stopped”, each figure labelled for screen readers too. */
function StepResultsLine({ results, t, compact = false }: { results: StepResults; t: TFunction; compact?: boolean }) {
  return (
    <p className={`step-results${compact ? ' compact' : ''}${results.reached === 0 ? ' none' : ''}`} data-testid="step-results">
      <span data-count="reached">{t('canvas.results.reached', { count: results.reached })}</span>
      <span data-count="waiting">{t('canvas.results.waiting', { count: results.waiting })}</span>
      <span data-count="stopped" className={results.stopped > 0 ? 'stopped' : undefined}>
        {t('canvas.results.stopped', { count: results.stopped })}
      </span>
    </p>
  );
}

/** The exits at the bottom of a card; their handles are where arrows start (kept in the overview too). */
function ExitRow({ exits, editable, t, labels }: { exits: readonly CardExit[]; editable: boolean; t: TFunction; labels: boolean }) {
  return (
    <div className="step-exits">
      {exits.map((exit) => (
        <div key={exit.exitUuid} className={`step-exit${exit.connected ? '' : ' dangling'}`} title={labels ? exit.labels.join(', ') : undefined}>
          {labels && <span className="exit-label">{exit.labels.length ? exit.labels.join(', ') : exit.connected ? t('canvas.next') : t('canvas.end')}</span>}
          <Handle
            id={exit.exitUuid}
            type="source"
            position={Position.Bottom}
            className="handle-out"
            isConnectable={editable}
            title={editable && labels ? t('editor.dragExit') : undefined}
          />
        </div>
      ))}
    </div>
  );
}

export const StepCard = memo(StepCardView);
