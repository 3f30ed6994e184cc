/**
 * The app: the login page until the server knows the user, then the layout with the page for the current
 * hash path (#/flows, #/flows/:id, #/contacts).
 */
import { lazy, Suspense, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { SessionProvider, useSession } from './auth/session-context.js';
import { matchRoute, navigate, useHashPath } from './routing/hash-router.js';
import { LoginPage } from './pages/login-page.js';
import { AppLayout } from './layout/app-layout.js';
import { FlowsPage } from './pages/flows-page.js';
import { ContactsPage } from './pages/contacts-page.js';
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

function pageFor(path: string) {
  if (path === '/' || path === '/login' || matchRoute('/flows', path)) return <FlowsPage />;
  const flow = matchRoute('/flows/:id', path);
  if (flow) return <FlowPageLoader key={flow.id} flowId={flow.id} />;
  if (matchRoute('/contacts', path)) return <ContactsPage />;
  return <NotFoundPage />;
}
