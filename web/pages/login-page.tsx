/**
 * Sign in with email and password. The server sets an HttpOnly session cookie; wrong credentials and too
 * many attempts get their own clear messages.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { api } from '../api/trpc-client.js';
import { errorCode, errorMessage } from '../api/error-message.js';
import { useSession } from '../auth/session-context.js';
import { LanguageSwitcher } from '../layout/language-switcher.js';

/** The wait the server announces ("Try again in 12 minute(s).") in the user's language, else a general sentence. */
function rateLimitMessage(failure: unknown, t: TFunction): string {
  const minutes = /(\d+)\s*minute/.exec(failure instanceof Error ? failure.message : '');
  return minutes ? t('login.rateLimitedMinutes', { count: Number(minutes[1]) }) : t('login.rateLimited');
}

export function LoginPage() {
  const { t } = useTranslation();
  const { refresh } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!email.trim() || !password) {
      setError(t('login.missingFields'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await api.auth.login.mutate({ email: email.trim(), password });
      await refresh();
    } catch (failure) {
      const code = errorCode(failure);
      if (code === 'UNAUTHORIZED') setError(t('login.wrongCredentials'));
      else if (code === 'TOO_MANY_REQUESTS') setError(rateLimitMessage(failure, t));
      else setError(errorMessage(failure, t));
      setBusy(false);
    }
  }

  return (
    <div className="login-screen">
      <div className="login-language">
        <LanguageSwitcher />
      </div>
      <main className="card login-card" aria-labelledby="login-title">
        <p className="brand">
          <span className="brand-mark" aria-hidden="true">K</span>
          {t('app.name')}
        </p>
        <h1 id="login-title">{t('login.title')}</h1>
        <p className="muted">{t('login.intro')}</p>
        <form onSubmit={submit} noValidate>
          <div className="field">
            <label htmlFor="login-email">{t('login.email')}</label>
            <input
              id="login-email"
              type="email"
              autoComplete="username"
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? 'login-error' : undefined}
              autoFocus
            />
          </div>
          <div className="field">
            <label htmlFor="login-password">{t('login.password')}</label>
            <input
              id="login-password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              aria-invalid={error ? true : undefined}
              aria-describedby={error ? 'login-error' : undefined}
            />
          </div>
          {error && (
            <p id="login-error" className="alert error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" className="button primary wide" disabled={busy}>
            {busy ? t('login.signingIn') : t('login.submit')}
          </button>
        </form>
      </main>
    </div>
  );
}
