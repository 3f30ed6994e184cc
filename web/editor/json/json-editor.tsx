/**
 * The whole flow definition as JSON, in Monaco (syntax colours, folding, bracket matching, JSON syntax
 * errors underlined). Loaded lazily: `const JsonEditor = lazy(() => import('./json-editor.js'))`.
 */
import { Editor } from '@monaco-editor/react';
import { useTranslation } from 'react-i18next';
import './monaco-setup.js';

export default function JsonEditor({ value, onChange, readOnly = false }: { value: string; onChange: (value: string) => void; readOnly?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="json-editor" data-testid="json-editor">
      <Editor
        language="json"
        value={value}
        onChange={(next) => onChange(next ?? '')}
        loading={<p role="status">{t('jsonTab.loadingEditor')}</p>}
        options={{
          ariaLabel: t('jsonTab.editorLabel'),
          readOnly,
          automaticLayout: true,
          minimap: { enabled: false },
          fontSize: 13,
          tabSize: 2,
          wordWrap: 'on',
          scrollBeyondLastLine: false,
          formatOnPaste: true,
        }}
      />
    </div>
  );
}
