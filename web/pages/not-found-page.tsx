/** Shown for a path the app does not know, with a way back to the flows. */
import { useTranslation } from 'react-i18next';
import { Link } from '../routing/hash-router.js';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <section className="page" aria-labelledby="not-found-title">
      <h1 id="not-found-title">{t('notFound.title')}</h1>
      <p>{t('notFound.text')}</p>
      <Link to="/flows" className="button">
        {t('notFound.back')}
      </Link>
    </section>
  );
}
