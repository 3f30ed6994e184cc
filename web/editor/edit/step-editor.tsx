/**
 * The side panel of the selected step: a plain-language form for each of its actions, then its split
 * (what it splits on, the result name, the rules), and buttons to make it the first step or delete it.
 * Every change goes through `onChange` (one undo step per burst of typing in a field).
 *
 *   <StepEditor node={node} isStart={false} context={formContext} onChange={…} onDelete={…} onMakeStart={…} onClose={…} />
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Action, FlowNode, SwitchRouter } from '../../../runtime/definition/types.js';
import { snakify } from '../../../runtime/definition/snakify.js';
import { describeAction, describeRouter } from '../canvas/describe-step.js';
import { addRandomBucket, normalizeRouter, removeCategory, renameCategory } from '../model/router-edits.js';
import { ActionForm, type FormContext } from './action-form.js';
import { CaseEditor } from './case-editor.js';
import { ExpressionInput } from './expression-input.js';

interface StepEditorProps {
  node: FlowNode;
  isStart: boolean;
  context: FormContext;
  onChange: (node: FlowNode, mergeKey?: string | null) => void;
  onDelete: () => void;
  onMakeStart: () => void;
  onClose: () => void;
}

/** Steps whose split only tells how an action went (web service, other flow): no rules to edit. */
function outcomeAction(node: FlowNode): Action | undefined {
  return node.actions.find((action) => action.type === 'call_webhook' || action.type === 'enter_flow');
}

export function StepEditor({ node, isStart, context, onChange, onDelete, onMakeStart, onClose }: StepEditorProps) {
  const { t } = useTranslation();
  const ids = useId();
  const router = node.router;
  const outcome = router ? outcomeAction(node) : undefined;
  const title = node.actions[0] ? describeAction(node.actions[0], t).title : router ? describeRouter(router, t).title : t('editor.emptyStep');

  function changeAction(next: Action, mergeKey?: string | null) {
    let updated: FlowNode = { ...node, actions: node.actions.map((action) => (action.uuid === next.uuid ? next : action)) };
    // A web service step splits on its own result: keep the operand on the result's key.
    if (next.type === 'call_webhook' && updated.router?.type === 'switch' && typeof next.result_name === 'string') {
      updated = { ...updated, router: { ...updated.router, operand: `@results.${snakify(next.result_name) || 'web_service'}.category` } };
    }
    onChange(updated, mergeKey);
  }

  function changeRouter(patch: Partial<SwitchRouter>, mergeKey?: string | null) {
    if (!node.router) return;
    onChange(normalizeRouter({ ...node, router: { ...node.router, ...patch } as SwitchRouter }), mergeKey);
  }

  return (
    <aside className="step-editor" aria-labelledby={`${ids}-title`}>
      <div className="step-editor-head">
        <h2 id={`${ids}-title`}>{title}</h2>
        <button type="button" className="button subtle small" onClick={onClose} aria-label={t('editor.closePanel')}>
          ×
        </button>
      </div>
      {isStart && <p className="flag start inline-flag">{t('canvas.start')}</p>}

      {node.actions.map((action) => (
        <section key={action.uuid} className="form-section" aria-label={describeAction(action, t).title}>
          {node.actions.length > 1 && <h3>{describeAction(action, t).title}</h3>}
          <ActionForm action={action} onChange={changeAction} context={context} />
          {action.type === 'call_webhook' && (
            <div className="field">
              <label htmlFor={`${ids}-webhook-result`}>{t('forms.webhook.resultName')}</label>
              <input
                id={`${ids}-webhook-result`}
                value={typeof action.result_name === 'string' ? action.result_name : ''}
                maxLength={64}
                onChange={(event) => changeAction({ ...action, result_name: event.target.value }, `${action.uuid}:result_name`)}
              />
            </div>
          )}
        </section>
      ))}

      {router?.type === 'switch' && !outcome && (
        <section className="form-section" aria-label={describeRouter(router, t).title}>
          {node.actions.length > 0 && <h3>{describeRouter(router, t).title}</h3>}
          {!router.wait && router.operand === '@contact.groups' && <p className="muted">{t('forms.split.byGroup')}</p>}
          {!router.wait && router.operand !== '@contact.groups' && /^@(contact\.)?fields\./.test(router.operand) && (
            <div className="field">
              <label htmlFor={`${ids}-field`}>{t('forms.split.field')}</label>
              <input
                id={`${ids}-field`}
                value={router.operand.replace(/^@(contact\.)?fields\./, '')}
                onChange={(event) => changeRouter({ operand: `@fields.${event.target.value.trim().toLowerCase().replace(/[^a-z0-9_]+/g, '_')}` }, `${node.uuid}:operand`)}
                aria-invalid={router.operand === '@fields.' || undefined}
                placeholder="district"
              />
            </div>
          )}
          {!router.wait && router.operand !== '@contact.groups' && !/^@(contact\.)?fields\./.test(router.operand) && (
            <ExpressionInput
              id={`${ids}-operand`}
              kind="router.operand"
              label={t('forms.split.expression')}
              value={router.operand}
              onChange={(value) => changeRouter({ operand: value }, `${node.uuid}:operand`)}
              completions={context.completions}
            />
          )}
          <div className="field">
            <label htmlFor={`${ids}-result`}>{t('forms.split.resultName')}</label>
            <input
              id={`${ids}-result`}
              value={router.result_name ?? ''}
              maxLength={64}
              placeholder={t('forms.split.resultPlaceholder')}
              onChange={(event) => changeRouter({ result_name: event.target.value || undefined }, `${node.uuid}:result`)}
            />
          </div>
          <CaseEditor node={node} onChange={onChange} groups={context.groups} />
        </section>
      )}

      {router && (router.type === 'random' || outcome) && (
        <section className="form-section" aria-label={t('forms.split.categories')}>
          <h3>{router.type === 'random' ? t('steps.router.random') : t('forms.split.outcomes')}</h3>
          {router.categories.map((category, index) => (
            <div key={category.uuid} className="inline-row">
              <label htmlFor={`${ids}-category-${index}`} className="visually-hidden">
                {t('forms.split.categoryName', { number: index + 1 })}
              </label>
              <input
                id={`${ids}-category-${index}`}
                value={category.name}
                maxLength={36}
                onChange={(event) => onChange(renameCategory(node, category.uuid, event.target.value), `category:${category.uuid}`)}
              />
              {router.type === 'random' && (
                <button
                  type="button"
                  className="button danger small"
                  disabled={router.categories.length <= 2}
                  onClick={() => onChange(removeCategory(node, category.uuid))}
                  aria-label={t('forms.split.removeBucket', { number: index + 1 })}
                >
                  ×
                </button>
              )}
            </div>
          ))}
          {router.type === 'random' && (
            <button type="button" className="button small" onClick={() => onChange(addRandomBucket(node))}>
              {t('forms.split.addBucket')}
            </button>
          )}
        </section>
      )}

      <div className="step-editor-actions">
        {!isStart && (
          <button type="button" className="button small" onClick={onMakeStart}>
            {t('editor.makeStart')}
          </button>
        )}
        <button type="button" className="button danger small" onClick={onDelete}>
          {t('editor.deleteStep')}
        </button>
      </div>
    </aside>
  );
}
