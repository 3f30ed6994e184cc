/** A modal form to create an empty flow: name, type and base language; opens the new flow when done. */
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';
import { navigate } from '../routing/hash-router.js';
import { FLOW_LANGUAGES, languageName } from './flow-languages.js';

const FLOW_TYPES = ['messaging', 'messaging_background', 'messaging_offline'] as const;
type CreatableFlowType = (typeof FLOW_TYPES)[number];

export function CreateFlowDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const describeError = useApiError();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [name, setName] = useState('');
  const [type, setType] = useState<CreatableFlowType>('messaging');
  const [language, setLanguage] = useState(i18n.language === 'fr' ? 'fra' : 'eng');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!name.trim()) {
      setError(t('createFlow.nameRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const created = await api.flows.create.mutate({ name: name.trim(), type, language });
      onClose();
      navigate(`/flows/${encodeURIComponent(created.flow.id)}`);
    } catch (failure) {
      setError(describeError(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <dialog ref={dialogRef} className="dialog" aria-labelledby="create-flow-title" onClose={onClose}>
      <form onSubmit={submit} noValidate>
        <h2 id="create-flow-title">{t('createFlow.title')}</h2>
        <div className="field">
          <label htmlFor="create-flow-name">{t('createFlow.name')}</label>
          <input
            id="create-flow-name"
            value={name}
            onChange={(event) => setName(event.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? 'create-flow-error' : undefined}
            autoFocus
          />
        </div>
        <div className="field">
          <label htmlFor="create-flow-type">{t('createFlow.type')}</label>
          <select id="create-flow-type" value={type} onChange={(event) => setType(event.target.value as CreatableFlowType)}>
            {FLOW_TYPES.map((flowType) => (
              <option key={flowType} value={flowType}>
                {t(`flowTypes.${flowType}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="create-flow-language">{t('createFlow.language')}</label>
          <select id="create-flow-language" value={language} onChange={(event) => setLanguage(event.target.value)}>
            {FLOW_LANGUAGES.map((code) => (
              <option key={code} value={code}>
                {languageName(code, i18n.language)}
              </option>
            ))}
          </select>
        </div>
        {error && (
          <p id="create-flow-error" className="alert error" role="alert">
            {error}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button primary" disabled={busy}>
            {t('createFlow.submit')}
          </button>
        </div>
      </form>
    </dialog>
  );
}
