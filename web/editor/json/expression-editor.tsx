/**
 * An expression field in Monaco (loaded lazily, bundled, never from a CDN): one line unless `multiline`,
 * @contact / @fields.* / @results.* / @input coloured and completed from the flow's real context.
 * Enter accepts a suggestion and never adds a line to a single-line field; pasted line breaks become spaces.
 *
 *   const ExpressionEditor = lazy(() => import('../json/expression-editor.js'));
 *   <ExpressionEditor label="Split on" value={operand} onChange={setOperand} completions={list} />
 */
import { Editor, type OnMount } from '@monaco-editor/react';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { monaco } from './monaco-setup.js';
import { EXPRESSION_LANGUAGE, registerExpressionLanguage, setModelCompletions } from './expression-language.js';

interface ExpressionEditorProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  completions: readonly string[];
  multiline?: boolean;
  describedBy?: string;
}

registerExpressionLanguage(monaco);

export default function ExpressionEditor({ label, value, onChange, completions, multiline = false }: ExpressionEditorProps) {
  const { t } = useTranslation();
  const uri = useRef<string | null>(null);
  const latest = useRef(completions);
  latest.current = completions;
  // Uncontrolled: the editor owns its text while typing. The page's value arrives a few keystrokes late, so
  // a value this editor itself produced recently is not news while it has focus; a value from outside
  // (undo, a reload) replaces the text.
  const editorRef = useRef<Parameters<OnMount>[0] | null>(null);
  const emitted = useRef<string[]>([value]);

  useEffect(() => {
    const editor = editorRef.current;
    if (!editor || value === editor.getValue()) return;
    // While typing, a late echo of an earlier keystroke; otherwise (undo with the field unfocused) a real change.
    if (editor.hasTextFocus() && emitted.current.includes(value)) return;
    emitted.current = [value];
    editor.setValue(value);
  }, [value]);

  useEffect(() => {
    if (uri.current) setModelCompletions(uri.current, completions);
  }, [completions]);
  useEffect(() => () => {
    if (uri.current) setModelCompletions(uri.current, null);
  }, []);

  const onMount: OnMount = (editor, api) => {
    editorRef.current = editor;
    const model = editor.getModel();
    if (model) {
      uri.current = model.uri.toString();
      setModelCompletions(uri.current, latest.current);
    }
    if (!multiline) {
      // No new lines in a one-line field: Enter only accepts a suggestion (Monaco's own binding when it is open).
      editor.addCommand(api.KeyCode.Enter, () => undefined, '!suggestWidgetVisible');
    }
  };

  return (
    <div className={`expression-editor${multiline ? ' multiline' : ''}`} data-testid="expression-editor">
      <Editor
        language={EXPRESSION_LANGUAGE}
        theme="kiunga-expression"
        defaultValue={value}
        height={multiline ? '6.5rem' : '2rem'}
        onChange={(next) => {
          const text = multiline ? next ?? '' : (next ?? '').replace(/\r?\n/g, ' ');
          emitted.current = [...emitted.current.slice(-49), text];
          onChange(text);
        }}
        onMount={onMount}
        loading={<p role="status">{t('jsonTab.loadingEditor')}</p>}
        options={{
          ariaLabel: label,
          lineNumbers: 'off',
          glyphMargin: false,
          folding: false,
          minimap: { enabled: false },
          lineDecorationsWidth: 4,
          lineNumbersMinChars: 0,
          overviewRulerLanes: 0,
          hideCursorInOverviewRuler: true,
          renderLineHighlight: 'none',
          scrollBeyondLastLine: false,
          wordWrap: multiline ? 'on' : 'off',
          scrollbar: { vertical: multiline ? 'auto' : 'hidden', horizontal: 'hidden', alwaysConsumeMouseWheel: false },
          fontSize: 14,
          automaticLayout: true,
          quickSuggestions: { other: true, strings: true, comments: false },
          suggestOnTriggerCharacters: true,
          wordBasedSuggestions: 'off',
          fixedOverflowWidgets: true,
          contextmenu: false,
        }}
      />
    </div>
  );
}
