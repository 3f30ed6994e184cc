/**
 * The list of steps to add, in plain words and in sections, opened by “Add a step”, by the A key on the
 * canvas, or by dropping an exit on empty canvas. Type to filter; arrows move; Enter adds; Escape closes.
 *
 *   <StepPalette items={paletteFor(flow.type)} at={{ x: 300, y: 200 }} onPick={add} onClose={close} />
 */
import { useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PaletteGroup, PaletteItem } from '../model/palette.js';

const GROUPS: readonly PaletteGroup[] = ['messages', 'splits', 'contact', 'other'];

interface StepPaletteProps {
  items: readonly PaletteItem[];
  /** Top-left corner inside the canvas, in pixels; the palette stays inside the canvas. */
  at: { x: number; y: number };
  onPick: (item: PaletteItem) => void;
  onClose: () => void;
}

export function StepPalette({ items, at, onPick, onClose }: StepPaletteProps) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState('');
  const [active, setActive] = useState(0);
  const search = useRef<HTMLInputElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState(at);

  // Stay inside the canvas: a palette opened near an edge moves in so it is fully visible.
  useLayoutEffect(() => {
    const element = box.current;
    const area = element?.offsetParent as HTMLElement | null;
    if (!element || !area) return setPlace(at);
    const margin = 8;
    const x = Math.min(Math.max(margin, at.x), Math.max(margin, area.clientWidth - element.offsetWidth - margin));
    const y = Math.min(Math.max(margin, at.y), Math.max(margin, area.clientHeight - element.offsetHeight - margin));
    setPlace({ x, y });
  }, [at]);
  const shown = useMemo(() => {
    const words = filter.trim().toLowerCase();
    return items.filter((item) => !words || `${t(`palette.items.${item.id}`)} ${t(`palette.hints.${item.id}`)}`.toLowerCase().includes(words));
  }, [items, filter, t]);

  useEffect(() => search.current?.focus(), []);
  useEffect(() => setActive(0), [filter]);

  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      if (shown.length) setActive((current) => (current + (event.key === 'ArrowDown' ? 1 : shown.length - 1)) % shown.length);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      const item = shown[active];
      if (item) onPick(item);
    }
  }

  return (
    <div
      className="palette"
      role="dialog"
      aria-label={t('palette.title')}
      ref={box}
      style={{ left: place.x, top: place.y }}
      onKeyDown={onKeyDown}
    >
      <div className="palette-head">
        <label htmlFor="palette-filter" className="visually-hidden">
          {t('palette.filter')}
        </label>
        <input id="palette-filter" ref={search} value={filter} placeholder={t('palette.filter')} onChange={(event) => setFilter(event.target.value)} />
        <button type="button" className="button subtle small" onClick={onClose} aria-label={t('common.close')}>
          ×
        </button>
      </div>
      {shown.length === 0 && <p className="muted palette-empty">{t('palette.noMatch')}</p>}
      {GROUPS.map((group) => {
        const inGroup = shown.filter((item) => item.group === group);
        if (!inGroup.length) return null;
        return (
          <section key={group} className="palette-group" aria-label={t(`palette.groups.${group}`)}>
            <h3>{t(`palette.groups.${group}`)}</h3>
            <ul role="list">
              {inGroup.map((item) => (
                <li key={item.id}>
                  <button
                    type="button"
                    className={`palette-item${shown[active] === item ? ' active' : ''}`}
                    onClick={() => onPick(item)}
                    onMouseEnter={() => setActive(shown.indexOf(item))}
                  >
                    <span className="palette-title">{t(`palette.items.${item.id}`)}</span>
                    <span className="palette-hint">{t(`palette.hints.${item.id}`)}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
