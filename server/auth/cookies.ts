/**
 * Reading and writing the login cookie. HttpOnly (no script access), SameSite=Lax (not sent on cross-site
 * POSTs), Secure when the server is reached over HTTPS, Path=/.
 *
 * Example: `serializeSessionCookie('abc', { maxAgeSeconds: 43200, secure: true })`
 *   → "kiunga_session=abc; Path=/; Max-Age=43200; HttpOnly; SameSite=Lax; Secure"
 */

export const SESSION_COOKIE = 'kiunga_session';

/** Parses a Cookie header into name → value (first occurrence wins). */
export function parseCookies(header: string | undefined | null): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (!cookies.has(name)) {
      try {
        cookies.set(name, decodeURIComponent(value));
      } catch {
        cookies.set(name, value);
      }
    }
  }
  return cookies;
}

export interface SessionCookieOptions {
  maxAgeSeconds: number;
  secure: boolean;
}

export function serializeSessionCookie(token: string, options: SessionCookieOptions): string {
  const parts = [
    `${SESSION_COOKIE}=${encodeURIComponent(token)}`,
    'Path=/',
    `Max-Age=${Math.max(0, Math.floor(options.maxAgeSeconds))}`,
    'HttpOnly',
    'SameSite=Lax',
  ];
  if (options.secure) parts.push('Secure');
  return parts.join('; ');
}

/** A Set-Cookie value that makes the browser drop the login cookie. */
export function clearSessionCookie(secure: boolean): string {
  return serializeSessionCookie('', { maxAgeSeconds: 0, secure });
}
