/**
 * Who is signed in. On load the app asks the server (auth.me); the cookie itself is HttpOnly, so the server
 * is the only judge. Pages read the session with `useSession()`.
 *
 *   const { session, signOut } = useSession();   session?.user.email === "officer@moh.example"
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api } from '../api/trpc-client.js';
import { errorCode } from '../api/error-message.js';

/**
 * The signed-in user, workspace and role.
 * Example: `{ user: { email: "a@b.org", name: "Awa" }, workspace: { name: "MoH", languages: ["eng", "fra"] }, role: "admin" }`.
 */
export interface Session {
  user: { id?: string | number; email: string; name?: string | null };
  /** `languages`: the ISO-639-3 codes flows may speak to contacts in (the first is the default). */
  workspace: { id?: string | number; name: string; languages?: string[] } | null;
  role: string;
}

/** `loading` until the server answered; `signedOut` shows the login page. */
export type SessionState =
  | { status: 'loading' }
  | { status: 'signedOut' }
  | { status: 'signedIn'; session: Session }
  | { status: 'unreachable'; error: unknown };

interface SessionContextValue {
  state: SessionState;
  session: Session | null;
  /** Asks the server again (after login). */
  refresh(): Promise<void>;
  signOut(): Promise<void>;
  /** Called when any API call answers UNAUTHORIZED: the cookie expired. */
  sessionExpired(): void;
}

const SessionContext = createContext<SessionContextValue | null>(null);

function toSession(value: unknown): Session | null {
  if (!value || typeof value !== 'object') return null;
  const me = value as Partial<Session>;
  if (!me.user || typeof me.user !== 'object') return null;
  return { user: me.user, workspace: me.workspace ?? null, role: String(me.role ?? '') };
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const refresh = useCallback(async () => {
    try {
      const session = toSession(await api.auth.me.query());
      setState(session ? { status: 'signedIn', session } : { status: 'signedOut' });
    } catch (error) {
      const code = errorCode(error);
      if (code === 'UNAUTHORIZED' || code === 'FORBIDDEN') setState({ status: 'signedOut' });
      else setState({ status: 'unreachable', error });
    }
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.auth.logout.mutate();
    } finally {
      setState({ status: 'signedOut' });
    }
  }, []);

  const sessionExpired = useCallback(() => setState({ status: 'signedOut' }), []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const value = useMemo<SessionContextValue>(
    () => ({ state, session: state.status === 'signedIn' ? state.session : null, refresh, signOut, sessionExpired }),
    [state, refresh, signOut, sessionExpired],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** Editors and admins change flows and run the simulator; viewers only read (the server enforces it too). */
export function canEdit(session: Session | null): boolean {
  return session?.role === 'editor' || session?.role === 'admin';
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession() must be used inside <SessionProvider>');
  return value;
}
