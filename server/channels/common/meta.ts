/**
 * What WhatsApp Cloud and Messenger share (both are Meta Graph API webhooks):
 *
 *  - the subscription handshake: `GET …?hub.mode=subscribe&hub.verify_token=T&hub.challenge=C` → 200 "C"
 *    when T equals the channel's verify token, else 403;
 *  - `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>` on every POST;
 *  - Graph error bodies `{"error":{"message","type","code","error_subcode","fbtrace_id"}}`.
 *
 * Example:
 *   const hs = metaVerifyHandshake(req, cfg.verify_token); if (hs) return hs;
 *   const sig = verifyMetaSignature(req, cfg.app_secret); if (sig !== 'valid') return rejectSignature(sig === 'missing', 'X-Hub-Signature-256');
 */
import type { WebhookRequest, WebhookResponse } from '../../http/webhooks.js';
import { header, hmac, safeEqual } from './signatures.js';
import type { ProviderResponse } from './provider-http.js';

/** Answers the GET handshake, or null for other requests. */
export function metaVerifyHandshake(req: WebhookRequest, verifyToken: string): WebhookResponse | null {
  if (req.method !== 'GET') return null;
  const mode = req.query.get('hub.mode');
  const token = req.query.get('hub.verify_token');
  const challenge = req.query.get('hub.challenge');
  if (mode !== 'subscribe' || challenge == null) return { status: 400, json: { ok: false, error: 'expected hub.mode=subscribe with hub.verify_token and hub.challenge' } };
  if (!safeEqual(verifyToken, token)) return { status: 403, json: { ok: false, error: 'hub.verify_token does not match' } };
  return { status: 200, headers: { 'content-type': 'text/plain' }, body: challenge };
}

export function metaSignature(appSecret: string, rawBody: Buffer): string {
  return `sha256=${hmac('sha256', appSecret, rawBody, 'hex')}`;
}

export function verifyMetaSignature(req: WebhookRequest, appSecret: string): 'missing' | 'invalid' | 'valid' {
  const given = header(req.headers, 'x-hub-signature-256');
  if (!given) return 'missing';
  return safeEqual(metaSignature(appSecret, req.body), given.toLowerCase().replace(/^sha256=/, 'sha256=')) ? 'valid' : 'invalid';
}

/** A Graph API error. Example: `{ code: 131050, subcode: null, message: "…", type: "OAuthException" }`. */
export interface GraphError {
  code: number | null;
  subcode: number | null;
  message: string;
  type: string | null;
}

export function graphError(res: ProviderResponse): GraphError {
  const err = (res.json?.error ?? {}) as { code?: unknown; error_subcode?: unknown; message?: unknown; type?: unknown; error_data?: { details?: unknown } };
  const details = err.error_data?.details ? ` (${String(err.error_data.details)})` : '';
  return {
    code: typeof err.code === 'number' ? err.code : Number(err.code) || null,
    subcode: typeof err.error_subcode === 'number' ? err.error_subcode : Number(err.error_subcode) || null,
    message: `${typeof err.message === 'string' ? err.message : res.text.slice(0, 200)}${details}`,
    type: typeof err.type === 'string' ? err.type : null,
  };
}

/** Graph throttling codes (app, account, pair rate…): retry later. */
export const GRAPH_THROTTLE_CODES = new Set([4, 17, 32, 613, 80007, 130429, 131048, 131056, 133016]);
/** Graph "temporarily unavailable" codes: retry later. */
export const GRAPH_TEMPORARY_CODES = new Set([1, 2, 131000, 131053, 131016]);
