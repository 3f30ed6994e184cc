/**
 * Vonage signed webhooks as the Messages API sends them: `Authorization: Bearer <JWT>`, the JWT signed with
 * HMAC-SHA256 (HS256) using the account's signature secret, with the claims `iat` (issued at, seconds),
 * `jti`, `iss` ("Vonage"), `api_key` and `payload_hash` = hex SHA-256 of the raw request body. We check the
 * algorithm, the signature (constant time), that `iat` is within 25 hours of now (Vonage retries for 24 h)
 * and that `payload_hash` matches the body, so a signed token cannot be replayed with another body.
 *
 * Example:
 *   verifyVonageJwt(req.headers.authorization, req.body, cfg.signature_secret) → 'valid' | 'missing' | 'invalid'
 *   signVonageJwt({ iat: 1764000000, jti: 'abc', iss: 'Vonage', payload_hash: sha256hex(body) }, secret) → "eyJ…"
 */
import { digest, hmac, safeEqual } from '../common/signatures.js';

const MAX_SKEW_S = 25 * 3600;

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

/** Signs claims as Vonage does (the emulator uses it; we only ever verify). */
export function signVonageJwt(claims: Record<string, unknown>, secret: string): string {
  const head = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const body = base64url(JSON.stringify(claims));
  const signature = Buffer.from(hmac('sha256', secret, `${head}.${body}`, 'base64'), 'base64').toString('base64url');
  return `${head}.${body}.${signature}`;
}

/** The hex SHA-256 of a body, as `payload_hash` carries it. */
export function payloadHash(body: Buffer | string): string {
  return digest('sha256', body, 'hex');
}

export function verifyVonageJwt(authorization: string | undefined, body: Buffer, secret: string, nowMs = Date.now()): 'missing' | 'invalid' | 'valid' {
  const match = /^Bearer\s+([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(authorization?.trim() ?? '');
  if (!authorization) return 'missing';
  if (!match) return 'invalid';
  const [, head, payload, signature] = match as unknown as [string, string, string, string];
  let header: { alg?: unknown };
  let claims: { iat?: unknown; payload_hash?: unknown };
  try {
    header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg?: unknown };
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iat?: unknown; payload_hash?: unknown };
  } catch {
    return 'invalid';
  }
  // Only HS256: never let the token choose "none" or another algorithm.
  if (header.alg !== 'HS256') return 'invalid';
  const expected = Buffer.from(hmac('sha256', secret, `${head}.${payload}`, 'base64'), 'base64').toString('base64url');
  if (!safeEqual(expected, signature)) return 'invalid';
  const iat = Number(claims.iat);
  if (!Number.isFinite(iat) || Math.abs(nowMs / 1000 - iat) > MAX_SKEW_S) return 'invalid';
  if (body.length > 0 && (typeof claims.payload_hash !== 'string' || !safeEqual(payloadHash(body), claims.payload_hash.toLowerCase()))) return 'invalid';
  return 'valid';
}
