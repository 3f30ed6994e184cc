/**
 * Twilio request validation: `X-Twilio-Signature` = base64(HMAC-SHA1(auth token, URL + every POST
 * parameter as key+value, sorted by key)). The URL is the one Twilio called, so we check it against
 * the public URLs this request may have come through (channel `callback_base_url`, the server's
 * public URL, the Host / X-Forwarded-* headers): an attacker still needs the auth token.
 *
 * Example: `twilioSignature(token, 'https://x.org/webhooks/channels/twilio/u/receive', params)` → "RSOYDt4…=".
 */
import type { WebhookRequest } from '../../http/webhooks.js';
import { header, hmac, safeEqual } from '../common/signatures.js';

export function twilioSignature(authToken: string, url: string, params: Iterable<[string, string]>): string {
  const sorted = [...params].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return hmac('sha1', authToken, url + sorted.map(([k, v]) => k + v).join(''), 'base64');
}

/** The URLs Twilio may have signed for this request, most specific first. */
export function candidateUrls(req: WebhookRequest, bases: (string | null | undefined)[]): string[] {
  const query = req.query.toString();
  const pathAndQuery = `${req.path}${query ? `?${query}` : ''}`;
  const host = header(req.headers, 'x-forwarded-host') ?? header(req.headers, 'host');
  const proto = header(req.headers, 'x-forwarded-proto');
  const all = [...bases.filter((b): b is string => !!b).map((b) => b.replace(/\/+$/, '')), ...(host ? [`${proto ?? 'https'}://${host}`] : [])];
  return [...new Set(all.map((base) => base + pathAndQuery))];
}

/** "missing" / "invalid" / "valid" for a request's signature. Only POST form bodies are signed with their params. */
export function verifyTwilioRequest(req: WebhookRequest, authToken: string, bases: (string | null | undefined)[]): 'missing' | 'invalid' | 'valid' {
  const given = header(req.headers, 'x-twilio-signature');
  if (!given) return 'missing';
  const params = req.method === 'POST' ? [...new URLSearchParams(req.body.toString('utf8'))] : [];
  let ok = false;
  for (const url of candidateUrls(req, bases)) if (safeEqual(twilioSignature(authToken, url, params), given)) ok = true;
  return ok ? 'valid' : 'invalid';
}
