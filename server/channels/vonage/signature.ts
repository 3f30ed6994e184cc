/**
 * Vonage signed webhooks (SMS API): the request carries `sig` (and `timestamp`, `nonce`). The signed
 * string is every other parameter sorted by name as `&name=value`, with "&" and "=" inside values
 * replaced by "_". `md5hash`: md5(string + secret); `md5`/`sha1`/`sha256`/`sha512`: HMAC(secret,
 * string). Hex, compared case-insensitively in constant time. Requests whose `timestamp` is more than
 * 25 h away from now are refused (Vonage retries an unacknowledged webhook for 24 h).
 *
 * Example: `vonageSignature({ msisdn: '2547…', text: 'Hi', timestamp: '1764000000' }, secret, 'sha256')` → "9F1C…".
 */
import { digest, hmac, safeEqual } from '../common/signatures.js';
import type { VonageConfig } from './config.js';

export function vonageSignedString(params: Map<string, string> | Record<string, string>): string {
  const entries = (params instanceof Map ? [...params] : Object.entries(params)).filter(([k]) => k !== 'sig');
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return entries.map(([k, v]) => `&${k}=${v.replace(/[&=]/g, '_')}`).join('');
}

export function vonageSignature(params: Map<string, string> | Record<string, string>, secret: string, method: VonageConfig['signature_method']): string {
  const text = vonageSignedString(params);
  const hex = method === 'md5hash' ? digest('md5', text + secret, 'hex') : hmac(method, secret, text, 'hex');
  return hex.toUpperCase();
}

const MAX_SKEW_S = 25 * 3600;

export function verifyVonageParams(params: Map<string, string>, cfg: VonageConfig, nowMs = Date.now()): 'missing' | 'invalid' | 'valid' {
  const sig = params.get('sig');
  if (!sig) return 'missing';
  if (!safeEqual(vonageSignature(params, cfg.signature_secret, cfg.signature_method), sig.toUpperCase())) return 'invalid';
  const ts = Number(params.get('timestamp'));
  if (!Number.isFinite(ts) || Math.abs(nowMs / 1000 - ts) > MAX_SKEW_S) return 'invalid';
  return 'valid';
}
