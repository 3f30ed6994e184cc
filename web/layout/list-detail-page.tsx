/**
 * A set-up page made of a list on the left (channels, FHIR connections…) and the chosen item on the right:
 * title with an "Add" button for those allowed, an introduction, errors, a loading state, the list as
 * navigation links (the current one marked), and the detail region given as children. Anything after the
 * two columns (e.g. automations) goes in `after`.
 *
 * Example:
 *   <ListDetailPage area="channels" title={t('channels.title')} items={channels} selected={id}
 *     itemPath={(c) => `/channels/${c.id}`} renderItem={(c) => c.name} …>{details}</ListDetailPage>
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from '../routing/hash-router.js';

export interface ListDetailPageProps<Item extends { id: string }> {
  /** Prefix of ids and class names: `${area}-title`, `${area}-layout`, `${area}-list`. */
  area: string;
  title: string;
  intro: string;
  /** The add button's label and action; omitted for those who may not add. */
  add?: { label: string; onClick: () => void };
  error: string | null;
  /** null while loading. */
  items: Item[] | null;
  listLabel: string;
  emptyText: string;
  selected: string | null;
  itemPath: (item: Item) => string;
  renderItem: (item: Item) => ReactNode;
  /** The chosen item, a form, or a hint. */
  children: ReactNode;
  after?: ReactNode;
}

export function ListDetailPage<Item extends { id: string }>(props: ListDetailPageProps<Item>) {
  const { t } = useTranslation();
  const { area, items } = props;
  return (
    <section className="page" aria-labelledby={`${area}-title`}>
      <div className="page-header">
        <h1 id={`${area}-title`}>{props.title}</h1>
        {props.add && (
          <button type="button" className="button primary" onClick={props.add.onClick}>
            {props.add.label}
          </button>
        )}
      </div>
      <p className="muted">{props.intro}</p>
      {props.error && <p className="alert error" role="alert">{props.error}</p>}
      {items === null && !props.error && <p role="status">{t('common.loading')}</p>}
      {items && (
        <div className={`${area}-layout`}>
          <nav aria-label={props.listLabel}>
            {items.length === 0 ? (
              <p className="empty">{props.emptyText}</p>
            ) : (
              <ul className={`${area}-list`}>
                {items.map((item) => (
                  <li key={item.id}>
                    <Link to={props.itemPath(item)} current={item.id === props.selected}>
                      {props.renderItem(item)}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </nav>
          <div>{props.children}</div>
        </div>
      )}
      {props.after}
    </section>
  );
}
