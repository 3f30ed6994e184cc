/**
 * A sticky note on the canvas (`_ui.stickies`): a coloured card with a title and a text, for comments to
 * colleagues ("check the dates with the district"). On the editable canvas its fields are edited in place
 * (typing never drags it: `nodrag`), its colour chosen, and it can be deleted; elsewhere it is read-only.
 */
import { memo, useId } from 'react';
import type { Node, NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { STICKY_COLORS, type Sticky, type StickyColor } from '../model/stickies.js';

/** Data of a note on the canvas. Example: `{ uuid, sticky: { title: 'To check', … }, onChange: (uuid, patch) => …, onDelete: … }`. */
export interface StickyNoteData extends Record<string, unknown> {
  uuid: string;
  sticky: Sticky;
  onChange?: (uuid: string, patch: Partial<Omit<Sticky, 'position'>>, field: string) => void;
  onDelete?: (uuid: string) => void;
}

export type StickyNoteNode = Node<StickyNoteData, 'sticky'>;

function StickyNoteView({ data }: NodeProps<StickyNoteNode>) {
  const { t } = useTranslation();
  const ids = useId();
  const { uuid, sticky, onChange, onDelete } = data;
  if (!onChange) {
    return (
      <aside className={`sticky-note ${sticky.color}`} aria-label={t('stickies.label', { title: sticky.title || t('stickies.untitled') })}>
        {sticky.title && <strong className="sticky-title">{sticky.title}</strong>}
        {sticky.body && <p className="sticky-body">{sticky.body}</p>}
      </aside>
    );
  }
  return (
    <aside className={`sticky-note ${sticky.color}`} aria-label={t('stickies.label', { title: sticky.title || t('stickies.untitled') })} data-sticky-uuid={uuid}>
      <label htmlFor={`${ids}-title`} className="visually-hidden">
        {t('stickies.title')}
      </label>
      <input
        id={`${ids}-title`}
        className="nodrag sticky-title"
        value={sticky.title}
        placeholder={t('stickies.titlePlaceholder')}
        maxLength={100}
        onChange={(event) => onChange(uuid, { title: event.target.value }, 'title')}
      />
      <label htmlFor={`${ids}-body`} className="visually-hidden">
        {t('stickies.body')}
      </label>
      <textarea
        id={`${ids}-body`}
        className="nodrag nowheel sticky-body"
        rows={3}
        value={sticky.body}
        placeholder={t('stickies.bodyPlaceholder')}
        maxLength={2000}
        onChange={(event) => onChange(uuid, { body: event.target.value }, 'body')}
      />
      <div className="sticky-tools">
        <label htmlFor={`${ids}-color`} className="visually-hidden">
          {t('stickies.color')}
        </label>
        <select id={`${ids}-color`} className="nodrag" value={sticky.color} onChange={(event) => onChange(uuid, { color: event.target.value as StickyColor }, 'color')}>
          {STICKY_COLORS.map((color) => (
            <option key={color} value={color}>
              {t(`stickies.colors.${color}`)}
            </option>
          ))}
        </select>
        <button type="button" className="button subtle small nodrag" onClick={() => onDelete?.(uuid)} aria-label={t('stickies.delete', { title: sticky.title || t('stickies.untitled') })}>
          ×
        </button>
      </div>
    </aside>
  );
}

export const StickyNote = memo(StickyNoteView);
