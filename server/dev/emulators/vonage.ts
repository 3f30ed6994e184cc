/**
 * Vonage (Nexmo) SMS API on loopback, as documented for what we use:
 *
 *   POST /sms/json  form api_key, api_secret, from, to, text, type, status-report-req, callback, client-ref
 *        → 200 {"message-count":"1","messages":[{"to":"2547…","message-id":"…","status":"0","remaining-balance":"9.9","message-price":"0.03","network":"63902"}]}
 *   Errors come as HTTP 200 with a non-zero status: 4 "Bad Credentials", 1 "Throughput Rate Exceeded" (throttle fault),
 *   7 "Number barred." (blocked fault), 3 "Invalid to address" (rejected fault); server-error → HTTP 500.
 *
 * It delivers signed inbound SMS (optionally as concatenated parts) and delivery receipts: every webhook
 * carries `timestamp`, `nonce` and `sig` computed as Vonage documents (sorted "&k=v", "&"/"=" in values → "_").
 *
 * Example:
 *   const vn = await startVonageEmulator({ apiKey: 'k', apiSecret: 's', signatureSecret: 'sig-secret', signatureMethod: 'sha256' });
 *   await vn.sendInbound(url, { msisdn: '254711000001', text: 'Ndio' });
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { delay, deliverWebhook, startEmulatorServer, type EmulatorServer, type WebhookAnswer } from './emulator-server.js';

export type VonageSignatureMethod = 'md5hash' | 'md5' | 'sha1' | 'sha256' | 'sha512';

/** A message the emulator accepted. */
export interface VonageSent {
  messageId: string;
  from: string;
  to: string;
  text: string;
  type: string;
  callback: string | null;
  clientRef: string | null;
}

export type VonageSigning = 'valid' | 'forged' | 'unsigned';

export interface VonageEmulator extends EmulatorServer {
  sendUrl: string;
  sent: VonageSent[];
  sendInbound(webhookUrl: string, fields: { msisdn: string; text: string; to?: string; messageId?: string }, options?: { signing?: VonageSigning; json?: boolean }): Promise<WebhookAnswer>;
  /** Sends `text` as `parts` concatenated-SMS webhooks (in the given order of part numbers). */
  sendLongInbound(webhookUrl: string, fields: { msisdn: string; parts: string[]; order?: number[]; ref?: string }): Promise<WebhookAnswer[]>;
  sendReceipt(message: VonageSent, status: string, errCode?: string, signing?: VonageSigning): Promise<WebhookAnswer>;
  /** A Messages API webhook (JSON body, `Authorization: Bearer <JWT>` signed with the signature secret, HS256, payload_hash). */
  sendMessagesApi(webhookUrl: string, body: Record<string, unknown>, signing?: VonageSigning | 'tampered'): Promise<WebhookAnswer>;
}

function sign(params: Record<string, string>, secret: string, method: VonageSignatureMethod): string {
  const text = Object.keys(params).filter((k) => k !== 'sig').sort().map((k) => `&${k}=${params[k]!.replace(/[&=]/g, '_')}`).join('');
  const hex = method === 'md5hash' ? createHash('md5').update(text + secret).digest('hex') : createHmac(method, secret).update(text).digest('hex');
  return hex.toUpperCase();
}

/** An HS256 JWT as Vonage signs webhooks (written here independently of the adapter's verifier). */
function vonageJwt(claims: Record<string, unknown>, secret: string): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

export async function startVonageEmulator(options: { apiKey: string; apiSecret: string; signatureSecret: string; signatureMethod?: VonageSignatureMethod }): Promise<VonageEmulator> {
  const method = options.signatureMethod ?? 'sha256';
  const sent: VonageSent[] = [];
  const answer = (to: string, status: string, extra: Record<string, string>) => ({ status: 200, json: { 'message-count': '1', messages: [{ to, status, ...extra }] } });
  const server = await startEmulatorServer(async (req, self) => {
    if (req.method !== 'POST' || req.url.pathname !== '/sms/json') return { status: 404, body: 'Not Found' };
    const form = new URLSearchParams(req.body.toString('utf8'));
    const to = form.get('to') ?? '';
    if (form.get('api_key') !== options.apiKey || form.get('api_secret') !== options.apiSecret) return answer(to, '4', { 'error-text': 'Bad Credentials' });
    if (!to || !form.get('from') || form.get('text') == null) return answer(to, '2', { 'error-text': 'Missing to, from or text' });
    if (/^\+/.test(to)) return answer(to, '3', { 'error-text': 'Invalid to address: must not start with +' });
    const fault = self.takeFault();
    if (fault?.kind === 'throttle') return answer(to, '1', { 'error-text': 'Throughput Rate Exceeded - please wait [ 1000 ] and retry' });
    if (fault?.kind === 'server-error') return { status: fault.status ?? 500, body: 'Internal Server Error' };
    if (fault?.kind === 'blocked') return answer(to, '7', { 'error-text': 'Number barred.' });
    if (fault?.kind === 'rejected') return answer(to, '3', { 'error-text': 'Invalid to address' });
    if (fault?.kind === 'timeout') await delay(fault.ms ?? 5_000);
    const message: VonageSent = {
      messageId: randomBytes(8).toString('hex').toUpperCase(), from: form.get('from')!, to, text: form.get('text')!, type: form.get('type') ?? 'text', callback: form.get('callback'), clientRef: form.get('client-ref'),
    };
    sent.push(message);
    return answer(to, '0', { 'message-id': message.messageId, 'remaining-balance': '9.97', 'message-price': '0.03', network: '63902', ...(message.clientRef ? { 'client-ref': message.clientRef } : {}) });
  });

  const deliver = (url: string, params: Record<string, string>, signing: VonageSigning, json = false) => {
    const withStamp: Record<string, string> = { ...params, timestamp: String(Math.floor(Date.now() / 1000)), nonce: randomBytes(8).toString('hex') };
    if (signing !== 'unsigned') withStamp.sig = sign(withStamp, signing === 'valid' ? options.signatureSecret : 'forged-secret', method);
    return json
      ? deliverWebhook(url, { headers: { 'content-type': 'application/json' }, body: JSON.stringify(withStamp) })
      : deliverWebhook(url, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(withStamp).toString() });
  };
  const now = () => new Date().toISOString().slice(0, 19).replace('T', ' ');

  return Object.assign(server, {
    sendUrl: `${server.url}/sms/json`,
    sent,
    sendInbound(url: string, f: { msisdn: string; text: string; to?: string; messageId?: string }, o: { signing?: VonageSigning; json?: boolean } = {}) {
      return deliver(url, { msisdn: f.msisdn, to: f.to ?? '254700000000', messageId: f.messageId ?? randomBytes(8).toString('hex').toUpperCase(), text: f.text, type: 'text', keyword: f.text.split(/\s+/)[0]!.toUpperCase(), 'message-timestamp': now(), 'api-key': options.apiKey }, o.signing ?? 'valid', o.json);
    },
    async sendLongInbound(url: string, f: { msisdn: string; parts: string[]; order?: number[]; ref?: string }) {
      const ref = f.ref ?? String(Math.floor(Math.random() * 255));
      const answers: WebhookAnswer[] = [];
      for (const n of f.order ?? f.parts.map((_, i) => i + 1)) {
        answers.push(await deliver(url, {
          msisdn: f.msisdn, to: '254700000000', messageId: `PART${ref}-${n}`, text: f.parts[n - 1]!, type: 'text', keyword: '', 'message-timestamp': now(), 'api-key': options.apiKey,
          concat: 'true', 'concat-ref': ref, 'concat-total': String(f.parts.length), 'concat-part': String(n),
        }, 'valid'));
      }
      return answers;
    },
    sendMessagesApi(url: string, body: Record<string, unknown>, signing: VonageSigning | 'tampered' = 'valid') {
      const raw = JSON.stringify(body);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (signing !== 'unsigned') {
        const claims = { iat: Math.floor(Date.now() / 1000), jti: randomBytes(8).toString('hex'), iss: 'Vonage', api_key: options.apiKey, payload_hash: createHash('sha256').update(raw).digest('hex') };
        headers.authorization = `Bearer ${vonageJwt(claims, signing === 'forged' ? 'forged-secret' : options.signatureSecret)}`;
      }
      // 'tampered': a valid token for the original body, sent with another body.
      const sentBody = signing === 'tampered' ? JSON.stringify({ ...body, text: 'changed in transit' }) : raw;
      return deliverWebhook(url, { headers, body: sentBody });
    },
    sendReceipt(message: VonageSent, status: string, errCode = '0', signing: VonageSigning = 'valid') {
      if (!message.callback) throw new Error('this message was sent without a callback URL');
      return deliver(message.callback, {
        msisdn: message.to, to: message.from, 'network-code': '63902', messageId: message.messageId, price: '0.03', status, scts: '2611251500', 'err-code': errCode,
        'api-key': options.apiKey, 'message-timestamp': now(), ...(message.clientRef ? { 'client-ref': message.clientRef } : {}),
      }, signing);
    },
  });
}
