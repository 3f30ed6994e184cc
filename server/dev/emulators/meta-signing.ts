/**
 * How the Meta emulators (WhatsApp Cloud, Messenger) sign the webhooks they deliver:
 * `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, body)>`, or forged / absent on request.
 *
 * Example: `await postSignedJson(url, payload, appSecret, 'valid')`.
 */
import { createHmac } from 'node:crypto';
import { deliverWebhook, type WebhookAnswer } from './emulator-server.js';

export type MetaSigning = 'valid' | 'forged' | 'unsigned';

export function postSignedJson(url: string, payload: unknown, appSecret: string, signing: MetaSigning): Promise<WebhookAnswer> {
  const body = JSON.stringify(payload);
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': 'facebookexternalua' };
  if (signing !== 'unsigned') headers['x-hub-signature-256'] = `sha256=${createHmac('sha256', signing === 'valid' ? appSecret : 'forged-app-secret').update(body).digest('hex')}`;
  return deliverWebhook(url, { headers, body });
}

/** A Graph API error answer. */
export function graphErrorAnswer(status: number, code: number, message: string, extra: Record<string, unknown> = {}) {
  return { status, json: { error: { message, type: 'OAuthException', code, fbtrace_id: 'AbCdEf123', ...extra } } };
}
