/**
 * Africa's Talking on loopback, as its public API documents what we use:
 *
 *   POST /version1/messaging  (form: username, to, message[, from]; header apiKey) → 201
 *     {"SMSMessageData":{"Message":"Sent to 1/1 Total Cost: KES 0.8000","Recipients":[{"statusCode":101,"number":"+2547…","status":"Success","cost":"KES 0.8000","messageId":"ATXid_…"}]}}
 *   Wrong apiKey/username → 401 "The supplied authentication is invalid". Faults: throttle → 429, server-error → 500,
 *   blocked → recipient statusCode 406 "UserInBlacklist", rejected → 403 "InvalidPhoneNumber".
 *
 * It delivers inbound SMS (receive callback) and delivery reports to our webhooks, form-encoded as AT does.
 *
 * Example:
 *   const at = await startAfricasTalkingEmulator({ username: 'moh', apiKey: 'k' });
 *   // channel config: { username: 'moh', api_key: 'k', send_url: at.sendUrl }
 *   await at.sendInbound(`${base}/webhooks/channels/africastalking/${uuid}/receive`, { from: '+254711000001', text: 'Ndio' });
 */
import { delay, deliverWebhook, startEmulatorServer, type EmulatorServer, type WebhookAnswer } from './emulator-server.js';

/** A message the emulator accepted. */
export interface AfricasTalkingSent {
  messageId: string;
  username: string;
  to: string;
  from: string | null;
  message: string;
}

export interface AfricasTalkingEmulator extends EmulatorServer {
  sendUrl: string;
  sent: AfricasTalkingSent[];
  sendInbound(webhookUrl: string, fields: { from: string; text: string; id?: string; to?: string; date?: string }): Promise<WebhookAnswer>;
  sendDeliveryReport(webhookUrl: string, fields: { id: string; status: string; failureReason?: string }): Promise<WebhookAnswer>;
}

export async function startAfricasTalkingEmulator(options: { username: string; apiKey: string }): Promise<AfricasTalkingEmulator> {
  const sent: AfricasTalkingSent[] = [];
  let counter = 0;
  const server = await startEmulatorServer(async (req, self) => {
    if (req.method !== 'POST' || req.url.pathname !== '/version1/messaging') return { status: 404, body: 'Not Found' };
    const form = new URLSearchParams(req.body.toString('utf8'));
    if (req.headers.apikey !== options.apiKey || form.get('username') !== options.username) return { status: 401, body: 'The supplied authentication is invalid' };
    const to = form.get('to');
    const message = form.get('message');
    if (!to || message == null) return { status: 400, body: 'Request is missing required form field \'to\' or \'message\'' };
    const fault = self.takeFault();
    if (fault?.kind === 'throttle') return { status: 429, headers: { 'retry-after': String(fault.retryAfter ?? 1) }, body: 'Too Many Requests' };
    if (fault?.kind === 'server-error') return { status: fault.status ?? 500, body: 'Internal Server Error' };
    if (fault?.kind === 'timeout') await delay(fault.ms ?? 5_000);
    if (fault?.kind === 'rejected') return { status: 403, body: 'InvalidPhoneNumber' };
    if (fault?.kind === 'blocked') {
      return { status: 201, json: { SMSMessageData: { Message: 'Sent to 0/1 Total Cost: 0', Recipients: [{ statusCode: 406, number: to, status: 'UserInBlacklist', cost: '0', messageId: 'None' }] } } };
    }
    const messageId = `ATXid_${++counter}`;
    sent.push({ messageId, username: form.get('username')!, to, from: form.get('from'), message });
    return { status: 201, json: { SMSMessageData: { Message: 'Sent to 1/1 Total Cost: KES 0.8000', Recipients: [{ statusCode: 101, number: to, status: 'Success', cost: 'KES 0.8000', messageId }] } } };
  });
  let inboundCounter = 0;
  const formPost = (url: string, fields: Record<string, string>) =>
    deliverWebhook(url, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
  return Object.assign(server, {
    sendUrl: `${server.url}/version1/messaging`,
    sent,
    sendInbound: (url: string, f: { from: string; text: string; id?: string; to?: string; date?: string }) =>
      formPost(url, { from: f.from, to: f.to ?? '20880', text: f.text, id: f.id ?? `ATMo_${++inboundCounter}`, date: f.date ?? new Date().toISOString().slice(0, 19).replace('T', ' '), linkId: '', networkCode: '63902' }),
    sendDeliveryReport: (url: string, f: { id: string; status: string; failureReason?: string }) =>
      formPost(url, { id: f.id, status: f.status, networkCode: '63902', ...(f.failureReason ? { failureReason: f.failureReason } : {}) }),
  });
}
