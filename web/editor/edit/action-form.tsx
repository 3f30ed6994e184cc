/**
 * The form of one action, chosen by the action's type through ACTION_UI (web/editor/model/action-ui.ts):
 * a message with its SMS count and quick replies, a result, the contact's name / language / a field, groups,
 * a web service call, another flow, or (for the rarer types) the action's text fields.
 *
 *   <ActionForm action={action} onChange={(next, key) => …} context={formContext} />
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Action } from '../../../runtime/definition/types.js';
import { ACTION_UI } from '../model/action-ui.js';
import { ExpressionInput } from './expression-input.js';
import { SmsCounter } from './sms-counter.js';
import { AttachmentsEditor } from './attachments-editor.js';
import type { GroupChoice } from './case-editor.js';
import { FLOW_LANGUAGES, languageName } from '../../flows/flow-languages.js';

/** What the forms offer to choose from. Example: `{ completions: ['@contact', …], groups: [...], flows: [...] }`. */
export interface FormContext {
  completions: readonly string[];
  groups: readonly GroupChoice[];
  flows: readonly { uuid: string; name: string }[];
}

interface ActionFormProps {
  action: Action;
  onChange: (action: Action, mergeKey?: string | null) => void;
  context: FormContext;
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD'];
const MAX_QUICK_REPLIES = 10;

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Contact field keys: lowercase letters, digits and underscores (what RapidPro accepts). */
function fieldKey(name: string): string {
  return name.trim().toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '').slice(0, 36);
}

export function ActionForm({ action, onChange, context }: ActionFormProps) {
  const { t, i18n } = useTranslation();
  const ids = useId();
  const ui = ACTION_UI[action.type];
  const set = (field: string, value: unknown, merge = true) => onChange({ ...action, [field]: value }, merge ? `${action.uuid}:${field}` : null);
  const id = (name: string) => `${ids}-${name}`;
  // Which kind of field, for the “@ code” choice remembered per kind. Example: "send_msg.text".
  const kind = (name: string) => `${action.type}.${name}`;

  if (!ui) return <p className="muted">{t('editor.notEditable', { type: action.type })}</p>;

  switch (ui.form) {
    case 'message':
    case 'broadcast': {
      const replies = Array.isArray(action.quick_replies) ? (action.quick_replies as string[]) : [];
      return (
        <>
          <ExpressionInput
            id={id('text')}
            kind={kind('text')}
            label={t('forms.message.text')}
            value={text(action.text)}
            onChange={(value) => set('text', value)}
            completions={context.completions}
            multiline
            describedBy={id('count')}
            hint={<SmsCounter id={id('count')} text={text(action.text)} />}
            invalid={!text(action.text).trim()}
          />
          <AttachmentsEditor
            attachments={Array.isArray(action.attachments) ? (action.attachments as string[]) : []}
            onChange={(next) => set('attachments', next, false)}
          />
          {ui.form === 'message' && (
            <fieldset className="quick-replies-editor">
              <legend>{t('forms.message.quickReplies')}</legend>
              <p className="muted small">{t('forms.message.quickRepliesHint')}</p>
              {replies.map((reply, index) => (
                <div key={index} className="inline-row">
                  <label htmlFor={id(`reply-${index}`)} className="visually-hidden">
                    {t('forms.message.quickReply', { number: index + 1 })}
                  </label>
                  <input
                    id={id(`reply-${index}`)}
                    value={reply}
                    maxLength={1000}
                    onChange={(event) => set('quick_replies', replies.map((item, at) => (at === index ? event.target.value : item)))}
                  />
                  <button
                    type="button"
                    className="button danger small"
                    aria-label={t('forms.message.removeReply', { number: index + 1 })}
                    onClick={() => set('quick_replies', replies.filter((_item, at) => at !== index), false)}
                  >
                    ×
                  </button>
                </div>
              ))}
              <button type="button" className="button small" disabled={replies.length >= MAX_QUICK_REPLIES} onClick={() => set('quick_replies', [...replies, ''], false)}>
                {t('forms.message.addReply')}
              </button>
            </fieldset>
          )}
          {ui.form === 'broadcast' && <GroupPicker action={action} onChange={onChange} context={context} />}
        </>
      );
    }
    case 'result':
      return (
        <>
          <div className="field">
            <label htmlFor={id('name')}>{t('forms.result.name')}</label>
            <input id={id('name')} value={text(action.name)} maxLength={64} onChange={(event) => set('name', event.target.value)} aria-invalid={!text(action.name).trim() || undefined} />
          </div>
          <ExpressionInput id={id('value')} kind={kind('value')} label={t('forms.result.value')} value={text(action.value)} onChange={(value) => set('value', value)} completions={context.completions} />
          <div className="field">
            <label htmlFor={id('category')}>{t('forms.result.category')}</label>
            <input id={id('category')} value={text(action.category)} maxLength={36} onChange={(event) => set('category', event.target.value)} />
          </div>
        </>
      );
    case 'contact_name':
      return <ExpressionInput id={id('name')} kind={kind('name')} label={t('forms.contact.name')} value={text(action.name)} onChange={(value) => set('name', value)} completions={context.completions} />;
    case 'contact_language':
      return (
        <div className="field">
          <label htmlFor={id('language')}>{t('forms.contact.language')}</label>
          <select id={id('language')} value={text(action.language)} onChange={(event) => set('language', event.target.value, false)}>
            {!(FLOW_LANGUAGES as readonly string[]).includes(text(action.language)) && <option value={text(action.language)}>{text(action.language)}</option>}
            {FLOW_LANGUAGES.map((code) => (
              <option key={code} value={code}>
                {languageName(code, i18n.language, true)}
              </option>
            ))}
          </select>
        </div>
      );
    case 'contact_field': {
      const field = (action.field ?? { key: '', name: '' }) as { key: string; name: string };
      return (
        <>
          <div className="field">
            <label htmlFor={id('field')}>{t('forms.contact.field')}</label>
            <input
              id={id('field')}
              value={field.name}
              maxLength={36}
              aria-describedby={id('field-key')}
              onChange={(event) => set('field', { key: fieldKey(event.target.value), name: event.target.value })}
              aria-invalid={!field.key || undefined}
            />
            <p id={id('field-key')} className="muted small">
              {field.key ? t('forms.contact.fieldKey', { key: field.key }) : t('forms.contact.fieldKeyMissing')}
            </p>
          </div>
          <ExpressionInput id={id('value')} kind={kind('value')} label={t('forms.contact.value')} value={text(action.value)} onChange={(value) => set('value', value)} completions={context.completions} />
        </>
      );
    }
    case 'groups':
      return (
        <>
          <GroupPicker action={action} onChange={onChange} context={context} />
          {action.type === 'remove_contact_groups' && (
            <label className="checkbox">
              <input type="checkbox" checked={!!action.all_groups} onChange={(event) => set('all_groups', event.target.checked, false)} /> {t('forms.groups.all')}
            </label>
          )}
        </>
      );
    case 'webhook': {
      const headers = Object.entries((action.headers ?? {}) as Record<string, string>);
      const setHeaders = (entries: [string, string][]) => set('headers', Object.fromEntries(entries));
      return (
        <>
          <div className="field">
            <label htmlFor={id('method')}>{t('forms.webhook.method')}</label>
            <select id={id('method')} value={text(action.method) || 'GET'} onChange={(event) => set('method', event.target.value, false)}>
              {METHODS.map((method) => (
                <option key={method} value={method}>
                  {method}
                </option>
              ))}
            </select>
          </div>
          <ExpressionInput
            id={id('url')}
            kind={kind('url')}
            label={t('forms.webhook.url')}
            value={text(action.url)}
            onChange={(value) => set('url', value)}
            completions={context.completions}
            placeholder="https://"
            invalid={!text(action.url).trim()}
          />
          <fieldset>
            <legend>{t('forms.webhook.headers')}</legend>
            {headers.map(([name, value], index) => (
              <div key={index} className="inline-row">
                <label htmlFor={id(`header-name-${index}`)} className="visually-hidden">
                  {t('forms.webhook.headerName', { number: index + 1 })}
                </label>
                <input
                  id={id(`header-name-${index}`)}
                  value={name}
                  placeholder={t('forms.webhook.headerNamePlaceholder')}
                  onChange={(event) => setHeaders(headers.map((entry, at) => (at === index ? [event.target.value, entry[1]] : entry)))}
                />
                <label htmlFor={id(`header-value-${index}`)} className="visually-hidden">
                  {t('forms.webhook.headerValue', { number: index + 1 })}
                </label>
                <input
                  id={id(`header-value-${index}`)}
                  value={value}
                  onChange={(event) => setHeaders(headers.map((entry, at) => (at === index ? [entry[0], event.target.value] : entry)))}
                />
                <button type="button" className="button danger small" aria-label={t('forms.webhook.removeHeader', { number: index + 1 })} onClick={() => setHeaders(headers.filter((_entry, at) => at !== index))}>
                  ×
                </button>
              </div>
            ))}
            <button type="button" className="button small" disabled={headers.length >= 10} onClick={() => setHeaders([...headers, [`X-Header-${headers.length + 1}`, '']])}>
              {t('forms.webhook.addHeader')}
            </button>
          </fieldset>
          {text(action.method) !== 'GET' && text(action.method) !== '' && (
            <ExpressionInput id={id('body')} kind={kind('body')} label={t('forms.webhook.body')} value={text(action.body)} onChange={(value) => set('body', value)} completions={context.completions} multiline />
          )}
        </>
      );
    }
    case 'flow': {
      const flow = (action.flow ?? { uuid: '', name: '' }) as { uuid: string; name: string };
      return (
        <div className="field">
          <label htmlFor={id('flow')}>{t('forms.flow.flow')}</label>
          <select
            id={id('flow')}
            value={flow.uuid}
            onChange={(event) => {
              const picked = context.flows.find((candidate) => candidate.uuid === event.target.value);
              set('flow', picked ? { uuid: picked.uuid, name: picked.name } : { uuid: '', name: '' }, false);
            }}
            aria-invalid={!flow.uuid || undefined}
          >
            <option value="">{t('forms.flow.choose')}</option>
            {flow.uuid && !context.flows.some((candidate) => candidate.uuid === flow.uuid) && <option value={flow.uuid}>{flow.name}</option>}
            {context.flows.map((candidate) => (
              <option key={candidate.uuid} value={candidate.uuid}>
                {candidate.name}
              </option>
            ))}
          </select>
        </div>
      );
    }
    case 'fields':
      return (
        <>
          {(ui.textFields ?? []).map((name) => (
            <ExpressionInput key={name} id={id(name)} kind={kind(name)} label={t(`forms.fields.${name}`, { defaultValue: name })} value={text(action[name])} onChange={(value) => set(name, value)} completions={context.completions} />
          ))}
          <p className="muted small">{t('forms.fields.moreInJson')}</p>
        </>
      );
  }
}

/** Checkboxes of the workspace's groups, stored as `{ uuid, name }` references. */
function GroupPicker({ action, onChange, context }: ActionFormProps) {
  const { t } = useTranslation();
  const chosen = Array.isArray(action.groups) ? (action.groups as { uuid?: string; name?: string }[]) : [];
  const isChosen = (uuid: string) => chosen.some((group) => group.uuid === uuid);
  if (context.groups.length === 0) return <p className="muted">{t('forms.groups.none')}</p>;
  return (
    <fieldset>
      <legend>{t('forms.groups.title')}</legend>
      {context.groups.map((group) => (
        <label key={group.uuid} className="checkbox">
          <input
            type="checkbox"
            checked={isChosen(group.uuid)}
            onChange={(event) =>
              onChange({
                ...action,
                groups: event.target.checked ? [...chosen, { uuid: group.uuid, name: group.name }] : chosen.filter((item) => item.uuid !== group.uuid),
              })
            }
          />{' '}
          {group.name}
        </label>
      ))}
    </fieldset>
  );
}
