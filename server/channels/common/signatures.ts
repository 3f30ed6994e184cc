/**
 * Signature helpers shared by the provider adapters: HMAC digests and constant-time comparison.
 *
 * Example:
 *   const expected = hmac('sha256', appSecret, rawBody, 'hex');
 *   if (!safeEqual(`sha256=${expected}`, header)) return forbidden();
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC of `data` with `key`. Example: `hmac('sha1', token, 'https://x/y', 'base64')`. */
export function hmac(algorithm: 'sha1' | 'sha256' | 'sha512' | 'md5', key: string, data: string | Buffer, encoding: 'hex' | 'base64'): string {
  return createHmac(algorithm, key).update(data).digest(encoding);
}

/** A plain hash. Example: `digest('md5', '&a=1secret', 'hex')`. */
export function digest(algorithm: 'md5' | 'sha1' | 'sha256', data: string | Buffer, encoding: 'hex' | 'base64'): string {
  return createHash(algorithm).update(data).digest(encoding);
}

/**
 * Compares two secrets in time independent of where they differ. Strings of different lengths are
 * compared against themselves first so the time does not reveal the expected length either.
 */
export function safeEqual(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string' || given === '') return false;
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  if (a.length !== b.length) {
    timingSafeEqual(a, a);
    return false;
  }
  return timingSafeEqual(a, b);
}

/** The first value of a (lower-cased) header. */
export function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
