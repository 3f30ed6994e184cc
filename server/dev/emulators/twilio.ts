/**
 * Twilio Programmable Messaging on loopback, as documented for what we use:
 *
 *   POST /2010-04-01/Accounts/{AccountSid}/Messages.json  Basic auth AccountSid:AuthToken; form To, Body, From|MessagingServiceSid,
 *        MediaUrl*, StatusCallback, or ContentSid + ContentVariables (a Content Template) → 201 {"sid":"SM…","status":"queued",…}
 *   Bad auth → 401 {"code":20003}; Body over 1,600 characters → 400 {"code":21617}; faults: throttle → 429 {"code":20429},
 *   server-error → 500, blocked → 400 {"code":21610,"message":"Attempt to send to unsubscribed recipient"},
 *   rejected → 400 {"code":21211,"message":"The 'To' number is not a valid phone number."}.
 *
 * It posts inbound messages and status callbacks to our webhooks with a correct X-Twilio-Signature
 * (or a forged / missing one when asked), and hosts media for MediaUrl{i}.
 *
 * Example:
 *   const tw = await startTwilioEmulator({ accountSid, authToken });
 *   await tw.sendInbound(webhookUrl, { From: '+254711000001', Body: 'Yes' });
 *   await tw.sendStatus(tw.sent[0], 'delivered');
 */
import { createHmac, randomBytes } from 'node:crypto';
import { delay, deliverWebhook, startEmulatorServer, type EmulatorServer, type WebhookAnswer } from './emulator-server.js';

/** A message the emulator accepted. */
export interface TwilioSent {
  sid: string;
  to: string;
  from: string | null;
  messagingServiceSid: string | null;
  body: string;
  mediaUrls: string[];
  statusCallback: string | null;
  /** A Content Template send (WhatsApp outside the 24-hour window): ContentSid and the parsed ContentVariables. */
  contentSid: string | null;
  contentVariables: Record<string, string> | null;
}

/** How to sign a delivered webhook: correctly, with the wrong token, or not at all. */
export type SigningMode = 'valid' | 'forged' | 'unsigned';

export interface TwilioEmulator extends EmulatorServer {
  baseUrl: string;
  sent: TwilioSent[];
  sendInbound(webhookUrl: string, fields: { From: string; Body?: string; To?: string; MessageSid?: string; media?: { url: string; contentType: string }[] }, signing?: SigningMode): Promise<WebhookAnswer>;
  sendStatus(message: TwilioSent, status: string, options?: { errorCode?: number; signing?: SigningMode }): Promise<WebhookAnswer>;
}

function signature(token: string, url: string, form: URLSearchParams): string {
  const sorted = [...form].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHmac('sha1', token).update(url + sorted.map(([k, v]) => k + v).join('')).digest('base64');
}

const sid = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

export async function startTwilioEmulator(options: { accountSid: string; authToken: string }): Promise<TwilioEmulator> {
  const sent: TwilioSent[] = [];
  const expectedAuth = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  const server = await startEmulatorServer(async (req, self) => {
    const match = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.url.pathname);
    if (!match || req.method !== 'POST') return { status: 404, json: { code: 20404, message: 'The requested resource was not found', status: 404 } };
    if (match[1] !== options.accountSid || req.headers.authorization !== expectedAuth) return { status: 401, json: { code: 20003, message: 'Authenticate', status: 401 } };
    const form = new URLSearchParams(req.body.toString('utf8'));
    const to = form.get('To');
    const body = form.get('Body') ?? '';
    if (!to) return { status: 400, json: { code: 21604, message: "A 'To' phone number is required.", status: 400 } };
    if (!form.get('From') && !form.get('MessagingServiceSid')) return { status: 400, json: { code: 21603, message: "A 'From' phone number is required.", status: 400 } };
    const contentSid = form.get('ContentSid');
    if (!body && !contentSid && form.getAll('MediaUrl').length === 0) return { status: 400, json: { code: 21602, message: 'Message body is required.', status: 400 } };
    let contentVariables: Record<string, string> | null = null;
    if (contentSid) {
      if (!/^HX[0-9a-fA-F]{32}$/.test(contentSid)) return { status: 400, json: { code: 21655, message: 'The ContentSid is Invalid', status: 400 } };
      try {
        contentVariables = JSON.parse(form.get('ContentVariables') ?? '{}') as Record<string, string>;
      } catch {
        return { status: 400, json: { code: 21656, message: 'The ContentVariables Parameter is invalid', status: 400 } };
      }
    }
    if (body.length > 1600) return { status: 400, json: { code: 21617, message: 'The concatenated message body exceeds the 1600 character limit.', status: 400 } };
    const fault = self.takeFault();
    if (fault?.kind === 'throttle') return { status: 429, headers: { 'retry-after': String(fault.retryAfter ?? 1) }, json: { code: 20429, message: 'Too Many Requests', status: 429 } };
    if (fault?.kind === 'server-error') return { status: fault.status ?? 500, json: { code: 20500, message: 'Internal Server Error', status: fault.status ?? 500 } };
    if (fault?.kind === 'blocked') return { status: 400, json: { code: 21610, message: 'Attempt to send to unsubscribed recipient', status: 400 } };
    if (fault?.kind === 'rejected') return { status: 400, json: { code: 21211, message: "The 'To' number is not a valid phone number.", status: 400 } };
    if (fault?.kind === 'timeout') await delay(fault.ms ?? 5_000);
    const message: TwilioSent = {
      sid: sid('SM'), to, from: form.get('From'), messagingServiceSid: form.get('MessagingServiceSid'), body, mediaUrls: form.getAll('MediaUrl'), statusCallback: form.get('StatusCallback'),
      contentSid, contentVariables,
    };
    sent.push(message);
    return { status: 201, json: { sid: message.sid, account_sid: options.accountSid, to, from: message.from, body, status: 'queued', num_media: String(message.mediaUrls.length), num_segments: '1', error_code: null } };
  });

  const post = (url: string, form: URLSearchParams, signing: SigningMode) => {
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'TwilioProxy/1.1' };
    if (signing !== 'unsigned') headers['x-twilio-signature'] = signature(signing === 'valid' ? options.authToken : 'not-the-token', url, form);
    return deliverWebhook(url, { headers, body: form.toString() });
  };

  return Object.assign(server, {
    baseUrl: server.url,
    sent,
    sendInbound(url: string, f: { From: string; Body?: string; To?: string; MessageSid?: string; media?: { url: string; contentType: string }[] }, signing: SigningMode = 'valid') {
      const form = new URLSearchParams({
        ToCountry: 'KE', SmsMessageSid: '', NumMedia: String(f.media?.length ?? 0), ToCity: '', FromZip: '', SmsSid: '', FromState: '', SmsStatus: 'received',
        FromCity: '', Body: f.Body ?? '', FromCountry: 'KE', To: f.To ?? '+15005550006', ToZip: '', NumSegments: '1', MessageSid: f.MessageSid ?? sid('SM'),
        AccountSid: options.accountSid, From: f.From, ApiVersion: '2010-04-01',
      });
      form.set('SmsMessageSid', form.get('MessageSid')!);
      form.set('SmsSid', form.get('MessageSid')!);
      (f.media ?? []).forEach((m, i) => {
        form.set(`MediaUrl${i}`, m.url);
        form.set(`MediaContentType${i}`, m.contentType);
      });
      return post(url, form, signing);
    },
    sendStatus(message: TwilioSent, status: string, o: { errorCode?: number; signing?: SigningMode } = {}) {
      if (!message.statusCallback) throw new Error('this message was sent without a StatusCallback');
      const form = new URLSearchParams({ SmsSid: message.sid, SmsStatus: status, MessageStatus: status, To: message.to, MessageSid: message.sid, AccountSid: options.accountSid, From: message.from ?? '', ApiVersion: '2010-04-01' });
      if (o.errorCode) form.set('ErrorCode', String(o.errorCode));
      return post(message.statusCallback, form, o.signing ?? 'valid');
    },
  });
}
