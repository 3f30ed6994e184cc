/**
 * One flow node on the canvas, as a card in plain words: its actions ("Send a message" + the text), then
 * its router ("Wait for the reply", the rules), then one exit per category at the bottom.
 */
import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { describeAction, describeCase, describeRouter, formatDuration } from './describe-step.js';
import type { StepCardNode } from './flow-graph.js';

function StepCardView({ data }: NodeProps<StepCardNode>) {
  const { t } = useTranslation();
  const { node, exits, isStart, visited, current, editable, searchMatch } = data;
  const router = node.router;
  const routerText = router ? describeRouter(router, t) : null;
  const categoryName = new Map(router?.categories.map((category) => [category.uuid, category.name]) ?? []);
  const timeout = router?.wait?.type === 'msg' ? router.wait.timeout : undefined;

  const classes = ['step-card'];
  if (visited) classes.push('visited');
  if (current) classes.push('current');
  if (searchMatch) classes.push('search-match');

  return (
    <article
      className={classes.join(' ')}
      aria-label={t('canvas.cardLabel', { title: node.actions[0] ? describeAction(node.actions[0], t).title : routerText?.title ?? '' })}
      aria-current={current ? 'step' : undefined}
      data-node-uuid={node.uuid}
    >
      <Handle type="target" position={Position.Top} className="handle-in" isConnectable={!!editable} />
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
      <div className="step-exits">
        {exits.map((exit) => (
          <div key={exit.exitUuid} className={`step-exit${exit.connected ? '' : ' dangling'}`} title={exit.labels.join(', ')}>
            <span className="exit-label">
              {exit.labels.length ? exit.labels.join(', ') : exit.connected ? t('canvas.next') : t('canvas.end')}
            </span>
            <Handle
              id={exit.exitUuid}
              type="source"
              position={Position.Bottom}
              className="handle-out"
              isConnectable={!!editable}
              title={editable ? t('editor.dragExit') : undefined}
            />
          </div>
        ))}
      </div>
    </article>
  );
}

export const StepCard = memo(StepCardView);
