/**
 * One template of the gallery: title and description in the interface language, what it is for, who it is
 * for, how it starts, what the workspace must provide, and "Use this template" (editors only).
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiOutputs } from '../api/trpc-client.js';
import { languageName } from '../flows/flow-languages.js';
import { localized } from './localized.js';

export type TemplateItem = ApiOutputs['library']['list'][number];

export function TemplateCard({ template, canUse, busy, onUse }: { template: TemplateItem; canUse: boolean; busy: boolean; onUse: () => void }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const { manifest } = template;
  return (
    <article className="card" aria-labelledby={`${id}-title`} style={{ display: 'flex', flexDirection: 'column', gap: '0.5rem' }}>
      <h2 id={`${id}-title`} style={{ margin: 0, fontSize: '1.1rem' }}>{localized(manifest.title, i18n.language)}</h2>
      <p style={{ margin: 0 }}>
        <span className="badge">{t(`templates.useCases.${manifest.use_case}`, { defaultValue: manifest.use_case })}</span>
      </p>
      <p style={{ margin: 0, flex: 1 }}>{localized(manifest.description, i18n.language)}</p>
      <dl className="facts">
        {manifest.audience && (
          <>
            <dt>{t('templates.audienceLabel')}</dt>
            <dd>{t(`templates.audience.${manifest.audience}`)}</dd>
          </>
        )}
        {manifest.started_by && (
          <>
            <dt>{t('templates.startedByLabel')}</dt>
            <dd>{t(`templates.startedBy.${manifest.started_by}`)}</dd>
          </>
        )}
        <dt>{t('templates.languagesLabel')}</dt>
        <dd>{manifest.languages.map((l) => languageName(l, i18n.language)).join(', ')}</dd>
        {manifest.contact_fields && manifest.contact_fields.length > 0 && (
          <>
            <dt>{t('templates.fieldsLabel')}</dt>
            <dd><code>{manifest.contact_fields.join(', ')}</code></dd>
          </>
        )}
      </dl>
      {template.needs.length > 0 && (
        <p className="muted" style={{ margin: 0 }}>
          {t('templates.needs', { items: template.needs.map((n) => `${t(`templates.dependency.${n.type}`, { defaultValue: n.type })} “${n.name}”`).join(', ') })}
        </p>
      )}
      {!template.valid && <p className="alert error" role="alert">{t('templates.invalid', { problem: template.problem ?? '' })}</p>}
      {canUse && (
        <div>
          <button type="button" className="button primary" disabled={busy || !template.valid} onClick={onUse}
            aria-describedby={`${id}-title`}>
            {busy ? t('templates.creating') : t('templates.use')}
          </button>
        </div>
      )}
    </article>
  );
}
