/**
 * The rules of a split, in words: “If the answer [is a number between] [1] and [50] → category [1 - 50]”.
 * Category names fill in by themselves until renamed; “Other” is always there (and cannot be removed);
 * a step that waits for the reply offers “No reply after …” (category “No Response”).
 *
 *   <CaseEditor node={node} onChange={(next, key) => …} groups={groups} />
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FlowNode, SwitchRouter } from '../../../runtime/definition/types.js';
import { CASE_UI, caseArgumentsFromInputs, offeredCaseTypes } from '../model/case-ui.js';
import { formatDuration } from '../canvas/describe-step.js';
import { addCase, moveCase, removeCase, renameCategory, setWaitTimeout, updateCase } from '../model/router-edits.js';

/** A group the contact can be in. Example: `{ uuid: 'b7cf…', name: 'Nurses' }`. */
export interface GroupChoice {
  uuid: string;
  name: string;
}

/** The timeouts offered, in seconds. */
const TIMEOUTS = [60, 300, 600, 900, 1800, 3600, 10800, 21600, 43200, 86400, 172800, 604800];

interface CaseEditorProps {
  node: FlowNode;
  onChange: (node: FlowNode, mergeKey?: string | null) => void;
  groups: readonly GroupChoice[];
}

/** The editor's input values of a case's stored arguments (a group is shown by its uuid). */
function inputsOf(type: string, args: readonly string[]): string[] {
  const kinds = CASE_UI[type]?.args ?? [];
  if (kinds[0] === 'list') return [args.join(', ')];
  return kinds.map((_kind, index) => args[index] ?? '');
}

export function CaseEditor({ node, onChange, groups }: CaseEditorProps) {
  const { t } = useTranslation();
  const ids = useId();
  const router = node.router as SwitchRouter;
  const caseTypes = offeredCaseTypes();
  const [newType, setNewType] = useState(router.operand === '@contact.groups' ? 'has_group' : 'has_any_word');
  const categoryOf = new Map(router.categories.map((category) => [category.uuid, category]));
  const waits = router.wait?.type === 'msg';
  const timeout = router.wait?.type === 'msg' ? router.wait.timeout : undefined;
  const defaultCategory = router.categories.find((category) => category.uuid === router.default_category_uuid);
  const timeoutCategory = timeout ? categoryOf.get(timeout.category_uuid) : undefined;

  function setArg(caseUuid: string, type: string, inputs: string[], index: number, value: string) {
    const next = [...inputs];
    next[index] = value;
    onChange(updateCase(node, caseUuid, { arguments: caseArgumentsFromInputs(type, next, groups) }), `case:${caseUuid}:${index}`);
  }

  return (
    <fieldset className="case-editor">
      <legend>{t('caseEditor.title')}</legend>
      {router.cases.length === 0 && <p className="muted">{t('caseEditor.none')}</p>}
      <ol className="rules-list">
        {router.cases.map((testCase, position) => {
          const inputs = inputsOf(testCase.type, testCase.arguments ?? []);
          const kinds = CASE_UI[testCase.type]?.args ?? [];
          const category = categoryOf.get(testCase.category_uuid);
          const prefix = `${ids}-case-${position}`;
          return (
            <li key={testCase.uuid} className="rule">
              <div className="rule-line">
                <label htmlFor={`${prefix}-type`} className="visually-hidden">
                  {t('caseEditor.testLabel', { number: position + 1 })}
                </label>
                <select
                  id={`${prefix}-type`}
                  value={testCase.type}
                  onChange={(event) => onChange(updateCase(node, testCase.uuid, { type: event.target.value, arguments: caseArgumentsFromInputs(event.target.value, [], groups) }))}
                >
                  {!caseTypes.includes(testCase.type) && <option value={testCase.type}>{testCase.type}</option>}
                  {caseTypes.map((type) => (
                    <option key={type} value={type}>
                      {t(`caseEditor.tests.${type}`)}
                    </option>
                  ))}
                </select>
                {kinds.map((kind, index) => {
                  const inputId = `${prefix}-arg-${index}`;
                  const label = t(kinds.length === 2 && kind === 'number' ? (index === 0 ? 'caseEditor.from' : 'caseEditor.to') : 'caseEditor.value', { number: position + 1 });
                  return (
                    <span key={index} className="rule-arg">
                      {index === 1 && kind === 'number' && <span aria-hidden="true">{t('caseEditor.and')}</span>}
                      <label htmlFor={inputId} className="visually-hidden">
                        {label}
                      </label>
                      {kind === 'group' ? (
                        <select id={inputId} value={inputs[index]} onChange={(event) => setArg(testCase.uuid, testCase.type, inputs, index, event.target.value)}>
                          <option value="">{t('caseEditor.chooseGroup')}</option>
                          {groups.map((group) => (
                            <option key={group.uuid} value={group.uuid}>
                              {group.name}
                            </option>
                          ))}
                        </select>
                      ) : (
                        <input
                          id={inputId}
                          type={kind === 'number' ? 'number' : kind === 'date' ? 'date' : 'text'}
                          inputMode={kind === 'number' ? 'decimal' : undefined}
                          value={inputs[index]}
                          placeholder={kind === 'text' || kind === 'list' ? t(`caseEditor.placeholders.${kind}`) : undefined}
                          onChange={(event) => setArg(testCase.uuid, testCase.type, inputs, index, event.target.value)}
                        />
                      )}
                    </span>
                  );
                })}
              </div>
              <div className="rule-line">
                <label htmlFor={`${prefix}-category`}>{t('caseEditor.category')}</label>
                <input
                  id={`${prefix}-category`}
                  value={category?.name ?? ''}
                  maxLength={36}
                  onChange={(event) => category && onChange(renameCategory(node, category.uuid, event.target.value), `category:${category.uuid}`)}
                />
                <button type="button" className="button subtle small" disabled={position === 0} onClick={() => onChange(moveCase(node, testCase.uuid, -1))} aria-label={t('caseEditor.moveUp', { number: position + 1 })}>
                  ↑
                </button>
                <button
                  type="button"
                  className="button subtle small"
                  disabled={position === router.cases.length - 1}
                  onClick={() => onChange(moveCase(node, testCase.uuid, 1))}
                  aria-label={t('caseEditor.moveDown', { number: position + 1 })}
                >
                  ↓
                </button>
                <button type="button" className="button danger small" onClick={() => onChange(removeCase(node, testCase.uuid))} aria-label={t('caseEditor.remove', { number: position + 1 })}>
                  ×
                </button>
              </div>
            </li>
          );
        })}
      </ol>
      <div className="rule-add">
        <label htmlFor={`${ids}-new-type`}>{t('caseEditor.newRule')}</label>
        <select id={`${ids}-new-type`} value={newType} onChange={(event) => setNewType(event.target.value)}>
          {caseTypes.map((type) => (
            <option key={type} value={type}>
              {t(`caseEditor.tests.${type}`)}
            </option>
          ))}
        </select>
        <button type="button" className="button small" onClick={() => onChange(addCase(node, newType, caseArgumentsFromInputs(newType, [], groups)))}>
          {t('caseEditor.add')}
        </button>
      </div>
      {defaultCategory && (
        <p className="muted other-line">
          {t('caseEditor.otherwise', { name: defaultCategory.name })}
        </p>
      )}
      {waits && (
        <div className="field inline timeout-line">
          <label htmlFor={`${ids}-timeout`}>{t('caseEditor.timeout')}</label>
          <select
            id={`${ids}-timeout`}
            value={timeout ? String(timeout.seconds) : ''}
            onChange={(event) => onChange(setWaitTimeout(node, event.target.value ? Number(event.target.value) : null))}
          >
            <option value="">{t('caseEditor.noTimeout')}</option>
            {[...new Set([...TIMEOUTS, ...(timeout ? [timeout.seconds] : [])])]
              .sort((a, b) => a - b)
              .map((seconds) => (
                <option key={seconds} value={seconds}>
                  {t('caseEditor.after', { duration: formatDuration(seconds, t) })}
                </option>
              ))}
          </select>
          {timeoutCategory && <span className="muted">{t('caseEditor.timeoutCategory', { name: timeoutCategory.name })}</span>}
        </div>
      )}
    </fieldset>
  );
}
