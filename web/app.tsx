/**
 * The app: the login page until the server knows the user, then the layout with the page for the current
 * hash path (#/flows, #/flows/:id, #/contacts).
 */
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { SessionProvider, useSession } from './auth/session-context.js';
import { matchRoute, navigate, useHashPath } from './routing/hash-router.js';
import { LoginPage } from './pages/login-page.js';
import { AppLayout } from './layout/app-layout.js';
import { FlowsPage } from './pages/flows-page.js';
import { ContactsPage } from './pages/contacts-page.js';
import { CoursesPage } from './pages/courses-page.js';
import { SettingsPage } from './pages/settings-page.js';
import { NotFoundPage } from './pages/not-found-page.js';
import { errorMessage } from './api/error-message.js';

export function App() {
  return (
    <SessionProvider>
      <Screens />
    </SessionProvider>
  );
}

function Screens() {
  const { state, refresh } = useSession();
  const { t } = useTranslation();
  const path = useHashPath();

  // "/" and "/login" have no page of their own once signed in: show the flows.
  useEffect(() => {
    if (state.status === 'signedIn' && (path === '/' || path === '/login')) navigate('/flows');
  }, [state.status, path]);

  if (state.status === 'loading') {
    return (
      <div className="centered" role="status">
        {t('common.loading')}
      </div>
    );
  }
  if (state.status === 'unreachable') {
    return (
      <div className="centered">
        <div className="card narrow" role="alert">
          <h1>{t('app.unreachableTitle')}</h1>
          <p>{errorMessage(state.error, t)}</p>
          <button type="button" className="button primary" onClick={() => void refresh()}>
            {t('common.retry')}
          </button>
        </div>
      </div>
    );
  }
  if (state.status === 'signedOut') return <LoginPage />;

  return <AppLayout path={path}>{pageFor(path)}</AppLayout>;
}

// The flow page carries the editor and the engine's reader and inspector: loaded only when a flow opens.
const FlowPage = lazy(() => import('./pages/flow-page.js').then((module) => ({ default: module.FlowPage })));

function FlowPageLoader({ flowId }: { flowId: string }) {
  const { t } = useTranslation();
  return (
    <Suspense fallback={<p className="page" role="status">{t('common.loading')}</p>}>
      <FlowPage flowId={flowId} />
    </Suspense>
  );
}

// Results, broadcasts and inbox (charts, pickers): loaded when opened.
const ResultsPage = lazy(() => import('./pages/results-page.js').then((module) => ({ default: module.ResultsPage })));
const BroadcastsPage = lazy(() => import('./pages/broadcasts-page.js').then((module) => ({ default: module.BroadcastsPage })));
const InboxPage = lazy(() => import('./pages/inbox-page.js').then((module) => ({ default: module.InboxPage })));
const ChannelsPage = lazy(() => import('./pages/channels-page.js').then((module) => ({ default: module.ChannelsPage })));
const TemplatesPage = lazy(() => import('./pages/templates-page.js').then((module) => ({ default: module.TemplatesPage })));
const FhirPage = lazy(() => import('./pages/fhir-page.js').then((module) => ({ default: module.FhirPage })));
const ClassifiersPage = lazy(() => import('./pages/classifiers-page.js').then((module) => ({ default: module.ClassifiersPage })));

function LazyPage({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return <Suspense fallback={<p className="page" role="status">{t('common.loading')}</p>}>{children}</Suspense>;
}

function pageFor(path: string) {
  if (path === '/' || path === '/login' || matchRoute('/flows', path)) return <FlowsPage />;
  const flow = matchRoute('/flows/:id', path);
  if (flow) return <FlowPageLoader key={flow.id} flowId={flow.id} />;
  const results = matchRoute('/flows/:id/results', path);
  if (results) return <LazyPage><ResultsPage key={results.id} flowId={results.id} /></LazyPage>;
  if (matchRoute('/broadcasts', path)) return <LazyPage><BroadcastsPage /></LazyPage>;
  if (matchRoute('/inbox', path)) return <LazyPage><InboxPage /></LazyPage>;
  if (matchRoute('/templates', path)) return <LazyPage><TemplatesPage /></LazyPage>;
  if (matchRoute('/contacts', path)) return <ContactsPage />;
  if (path === '/courses' || path.startsWith('/courses/')) return <CoursesPage path={path} />;
  if (path === '/channels' || path.startsWith('/channels/')) return <LazyPage><ChannelsPage selected={path.split('/')[2] || null} /></LazyPage>;
  if (path === '/fhir' || path.startsWith('/fhir/')) return <LazyPage><FhirPage selected={path.split('/')[2] || null} editing={path.split('/')[3] === 'edit'} /></LazyPage>;
  if (path === '/classifiers' || path.startsWith('/classifiers/')) return <LazyPage><ClassifiersPage path={path} /></LazyPage>;
  if (matchRoute('/settings', path)) return <SettingsPage />;
  return <NotFoundPage />;
}
