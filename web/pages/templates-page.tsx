/**
 * The templates gallery at #/templates: every flow of the Kiunga library as a card in the interface
 * language; "Use this template" copies it into the workspace as a draft flow and opens it in the editor.
 */
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/trpc-client.js';
import { useApiError } from '../api/use-api-error.js';
import { canEdit, useSession } from '../auth/session-context.js';
import { navigate } from '../routing/hash-router.js';
import { TemplateCard, type TemplateItem } from '../templates/template-card.js';

export function TemplatesPage() {
  const { t, i18n } = useTranslation();
  const describeError = useApiError();
  const editable = canEdit(useSession().session);
  const id = useId();
  const [templates, setTemplates] = useState<TemplateItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState<string | null>(null);

  useEffect(() => {
    api.library.list.query().then(setTemplates).catch((failure: unknown) => setError(describeError(failure)));
  }, [describeError]);

  async function use(templateId: string) {
    setCreating(templateId);
    setError(null);
    try {
      const created = await api.library.create.mutate({ templateId, language: i18n.language.toLowerCase().startsWith('fr') ? 'fr' : 'en' });
      navigate(`/flows/${created.flow.id}`);
    } catch (failure) {
      setError(describeError(failure));
      setCreating(null);
    }
  }

  return (
    <section className="page" aria-labelledby={`${id}-title`}>
      <div className="page-header">
        <h1 id={`${id}-title`}>{t('templates.title')}</h1>
      </div>
      <p className="muted">{t('templates.intro')}</p>
      {!editable && <p className="muted">{t('templates.readOnly')}</p>}
      {error && <p className="alert error" role="alert">{error}</p>}
      {templates === null && !error && <p role="status">{t('common.loading')}</p>}
      {templates && templates.length === 0 && <p className="empty">{t('templates.empty')}</p>}
      {templates && templates.length > 0 && (
        <ul aria-label={t('templates.listLabel')} style={{ listStyle: 'none', padding: 0, display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(20rem, 1fr))', gap: '1rem' }}>
          {templates.map((template) => (
            <li key={template.manifest.id} style={{ display: 'flex' }}>
              <TemplateCard template={template} canUse={editable} busy={creating === template.manifest.id} onUse={() => void use(template.manifest.id)} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
