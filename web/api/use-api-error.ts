/**
 * One way for pages to report a failed API call: a translated message, and back to the login page when the
 * session has expired.
 *
 *   const describe = useApiError();
 *   try { ... } catch (error) { setError(describe(error)); }
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session-context.js';
import { errorCode, errorMessage } from './error-message.js';

export function useApiError(): (error: unknown) => string {
  const { t } = useTranslation();
  const { sessionExpired } = useSession();
  return useCallback(
    (error: unknown) => {
      if (errorCode(error) === 'UNAUTHORIZED') sessionExpired();
      return errorMessage(error, t);
    },
    [t, sessionExpired],
  );
}
