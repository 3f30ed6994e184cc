/**
 * A text field for flow texts and expressions that suggests @contact, @fields.*, @results.* (the flow's real
 * results) and @input as soon as “@” is typed. Arrow keys choose, Enter or Tab inserts, Escape closes.
 *
 * “@ code” switches this one field to the code editor (Monaco); the choice is remembered for this kind of field
 * (`kind`, e.g. every message text), not for all fields: someone who writes web service bodies as code
 * still gets plain message boxes.
 *
 *   <ExpressionInput id="msg" kind="send_msg.text" label="Message" value={text} onChange={setText} completions={list} multiline />
 */
import { lazy, Suspense, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { matchAt } from '../model/expression-completions.js';
import { readStoredFlag, writeStoredFlag } from './use-stored-flag.js';

// Monaco is large: loaded the first time someone switches a field to the code editor.
const ExpressionEditor = lazy(() => import('../json/expression-editor.js'));

/** Where the choice of one kind of field is remembered. Example: `codeEditorKey('call_webhook.body')`. */
export function codeEditorKey(kind: string): string {
  return `kiunga.expressionEditor.${kind}`;
}

interface ExpressionInputProps {
  id: string;
  /** The kind of field, for remembering “@ code” (e.g. "send_msg.text"); without it the choice lasts for this field only. */
  kind?: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  completions: readonly string[];
  multiline?: boolean;
  placeholder?: string;
  describedBy?: string;
  hint?: ReactNode;
  invalid?: boolean;
}

export function ExpressionInput({ id, kind, label, value, onChange, completions, multiline, placeholder, describedBy, hint, invalid }: ExpressionInputProps) {
  const { t } = useTranslation();
  const listId = useId();
  const field = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const [open, setOpen] = useState<{ start: number; options: string[] } | null>(null);
  const [active, setActive] = useState(0);
  const [code, setCode] = useState(() => (kind ? readStoredFlag(codeEditorKey(kind)) : false));

  function toggleCode() {
    const next = !code;
    setCode(next);
    if (kind) writeStoredFlag(codeEditorKey(kind), next);
  }

  function refresh(text: string, cursor: number) {
    const found = matchAt(text, cursor, completions);
    setOpen(found);
    setActive(0);
  }

  function insert(option: string) {
    const element = field.current;
    if (!element || !open) return;
    const cursor = element.selectionStart ?? value.length;
    const next = value.slice(0, open.start) + option + value.slice(cursor);
    onChange(next);
    setOpen(null);
    const caret = open.start + option.length;
    requestAnimationFrame(() => {
      element.focus();
      element.setSelectionRange(caret, caret);
    });
  }

  function onKeyDown(event: KeyboardEvent) {
    if (!open) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : open.options.length - 1;
      setActive((current) => (current + step) % open.options.length);
    } else if (event.key === 'Enter' || event.key === 'Tab') {
      event.preventDefault();
      insert(open.options[active]!);
    } else if (event.key === 'Escape') {
      event.stopPropagation();
      setOpen(null);
    }
  }

  const common = {
    id,
    ref: field,
    value,
    placeholder,
    role: 'combobox' as const,
    'aria-autocomplete': 'list' as const,
    'aria-expanded': !!open,
    'aria-controls': open ? listId : undefined,
    'aria-activedescendant': open ? `${listId}-${active}` : undefined,
    'aria-describedby': describedBy,
    'aria-invalid': invalid || undefined,
    autoComplete: 'off',
    spellCheck: multiline ? true : false,
    onKeyDown,
    onBlur: () => setOpen(null),
    onChange: (event: { target: { value: string; selectionStart: number | null } }) => {
      onChange(event.target.value);
      refresh(event.target.value, event.target.selectionStart ?? event.target.value.length);
    },
  };

  const plain = multiline ? <textarea rows={4} {...common} /> : <input {...common} />;
  return (
    <div className="field expression-field">
      <div className="expression-label-row">
        {code ? <span id={`${id}-label`} className="label-text">{label}</span> : <label htmlFor={id}>{label}</label>}
        <button
          type="button"
          className="button subtle small expression-mode"
          aria-pressed={code}
          title={t('editor.codeEditorHint')}
          onClick={toggleCode}
        >
          {/* Named by its content, not aria-label: finding the field by its label must find only the field. */}
          <span aria-hidden="true">{t('editor.codeEditor')}</span>
          <span className="visually-hidden">{t('editor.codeEditorFor', { label })}</span>
        </button>
      </div>
      {code ? (
        <Suspense fallback={plain}>
          <ExpressionEditor label={label} value={value} onChange={onChange} completions={completions} multiline={multiline} />
        </Suspense>
      ) : (
        plain
      )}
      {open && (
        <ul id={listId} role="listbox" className="completions" aria-label={t('editor.suggestions')}>
          {open.options.map((option, index) => (
            <li
              key={option}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'active' : undefined}
              // mousedown, not click: the field must keep focus.
              onMouseDown={(event) => {
                event.preventDefault();
                insert(option);
              }}
            >
              {option}
            </li>
          ))}
        </ul>
      )}
      {hint}
    </div>
  );
}
