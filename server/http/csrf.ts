/**
 * CSRF protection for cookie-authenticated API calls. A cross-site page can make a browser POST with our
 * cookie, but cannot add custom headers without a CORS preflight (which we never grant). So every POST to
 * /trpc must either carry `x-kiunga-csrf` or authenticate with a Bearer token (no cookie involved); and when the
 * browser sends an Origin header, it must be our own host.
 *
 * Example: `const refusal = csrfRefusal(req, trustProxy); if (refusal) return sendJsonError(res, 403, refusal);`
 */
import type { IncomingMessage } from 'node:http';
import { bearerToken } from '../auth/request-auth.js';

export const CSRF_HEADER = 'x-kiunga-csrf';

/** A reason to refuse the request, or null when it is acceptable. */
export function csrfRefusal(req: IncomingMessage, trustProxy = false): string | null {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return null;
  if (bearerToken(req.headers.authorization)) return null;
  const origin = req.headers.origin;
  if (origin && origin !== 'null') {
    let originHost: string;
    try {
      originHost = new URL(origin).host;
    } catch {
      return `Origin "${origin}" is not a valid URL.`;
    }
    // Behind our own reverse proxy the browser's host arrives as X-Forwarded-Host.
    const host = (trustProxy ? req.headers['x-forwarded-host'] : undefined) ?? req.headers.host;
    if (originHost !== host) return `Cross-origin request from ${origin} refused.`;
  }
  if (!req.headers[CSRF_HEADER]) return `Missing the ${CSRF_HEADER} header (send "${CSRF_HEADER}: 1" with every API call).`;
  return null;
}
