/** The frame of every signed-in page: skip link, header with navigation, language and sign out, then the page. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session-context.js';
import { Link } from '../routing/hash-router.js';
import { LanguageSwitcher } from './language-switcher.js';

// The daily work first (flows, messages, courses), then the people, then the set-up pages.
const SECTIONS = [
  { path: '/flows', labelKey: 'nav.flows' },
  { path: '/templates', labelKey: 'templates.nav' },
  { path: '/broadcasts', labelKey: 'broadcasts.nav' },
  { path: '/inbox', labelKey: 'inbox.nav' },
  { path: '/courses', labelKey: 'courses.nav' },
  { path: '/contacts', labelKey: 'nav.contacts' },
  { path: '/classifiers', labelKey: 'classifiers.nav' },
  { path: '/channels', labelKey: 'channels.nav' },
  { path: '/fhir', labelKey: 'fhir.nav' },
  { path: '/settings', labelKey: 'settings.nav' },
] as const;

export function AppLayout({ path, children }: { path: string; children: ReactNode }) {
  const { t } = useTranslation();
  const { session, signOut } = useSession();
  return (
    <div className="app">
      <a className="skip-link" href="#main-content" onClick={(event) => {
        // The hash is the router's: move focus without changing it.
        event.preventDefault();
        document.getElementById('main-content')?.focus();
      }}>
        {t('nav.skipToContent')}
      </a>
      <header className="app-header">
        <span className="brand" aria-label={t('app.name')}>
          <span className="brand-mark" aria-hidden="true">K</span>
          {t('app.name')}
        </span>
        <nav aria-label={t('nav.label')}>
          <ul className="nav-list">
            {SECTIONS.map((section) => (
              <li key={section.path}>
                <Link to={section.path} current={path === section.path || path.startsWith(`${section.path}/`)}>
                  {t(section.labelKey)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="header-end">
          <LanguageSwitcher />
          {session && (
            <span className="who" title={session.workspace?.name ?? undefined}>
              {session.user.name || session.user.email}
              {session.workspace && <span className="muted"> · {session.workspace.name}</span>}
            </span>
          )}
          <button type="button" className="button subtle" onClick={() => void signOut()}>
            {t('nav.signOut')}
          </button>
        </div>
      </header>
      <main id="main-content" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
