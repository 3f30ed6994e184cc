/**
 * A Kannel smsbox on loopback, for the generic HTTP channel:
 *
 *   GET /cgi-bin/sendsms?username&password&from&to&text[&coding&charset&priority&dlr-mask&dlr-url]
 *       → 202 "0: Accepted for delivery"; wrong user/password → 403 "Authorization failed for sendsms";
 *       no `to` → 400 "Missing receiver number"; faults: throttle → 503 "Temporal failure, try again later."
 *       (Kannel has no 429), server-error → 500, rejected → 400; text longer than `maxMessages` SMS → 400.
 *
 * It calls our get-url with an inbound SMS (Kannel's %-escapes filled in) and our dlr-url with a DLR type (%d).
 *
 * Example:
 *   const kn = await startKannelEmulator({ username: 'u', password: 'p' });
 *   await kn.sendInbound(`${base}/webhooks/channels/generic-http/${uuid}/receive?secret=S`, { sender: '+254711000001', text: 'Ndio' });
 */
import { randomUUID } from 'node:crypto';
import { delay, deliverWebhook, startEmulatorServer, type EmulatorServer, type WebhookAnswer } from './emulator-server.js';

/** A message the emulator accepted. */
export interface KannelSent {
  from: string;
  to: string;
  text: string;
  coding: string | null;
  priority: string | null;
  dlrUrl: string | null;
  dlrMask: string | null;
}

export interface KannelEmulator extends EmulatorServer {
  sendUrl: string;
  sent: KannelSent[];
  sendInbound(getUrl: string, fields: { sender: string; text: string; id?: string; to?: string }, method?: 'GET' | 'POST'): Promise<WebhookAnswer>;
  sendDlr(message: KannelSent, dlrType: number): Promise<WebhookAnswer>;
}

/** SMS count of a text as Kannel would concatenate it (UCS-2 when coding=2). */
function smsCount(text: string, ucs2: boolean): number {
  const ext = /[\^{}\\[~\]|€\f]/g;
  const units = ucs2 ? text.length : text.length + (text.match(ext)?.length ?? 0);
  const single = ucs2 ? 70 : 160;
  const part = ucs2 ? 67 : 153;
  return units <= single ? 1 : Math.ceil(units / part);
}

export async function startKannelEmulator(options: { username: string; password: string; maxMessages?: number }): Promise<KannelEmulator> {
  const sent: KannelSent[] = [];
  const server = await startEmulatorServer(async (req, self) => {
    if (req.url.pathname !== '/cgi-bin/sendsms') return { status: 404, body: 'Unknown service' };
    const q = req.url.searchParams;
    if (q.get('username') !== options.username || q.get('password') !== options.password) return { status: 403, body: 'Authorization failed for sendsms' };
    if (!q.get('to')) return { status: 400, body: 'Missing receiver number' };
    const text = q.get('text') ?? '';
    if (smsCount(text, q.get('coding') === '2') > (options.maxMessages ?? 1)) return { status: 400, body: 'Message too long for max-messages' };
    const fault = self.takeFault();
    if (fault?.kind === 'throttle') return { status: 503, body: 'Temporal failure, try again later.' };
    if (fault?.kind === 'server-error') return { status: fault.status ?? 500, body: 'Internal error' };
    if (fault?.kind === 'rejected' || fault?.kind === 'blocked') return { status: 400, body: 'Invalid receiver number' };
    if (fault?.kind === 'timeout') await delay(fault.ms ?? 5_000);
    sent.push({ from: q.get('from') ?? '', to: q.get('to')!, text, coding: q.get('coding'), priority: q.get('priority'), dlrUrl: q.get('dlr-url'), dlrMask: q.get('dlr-mask') });
    return { status: 202, body: '0: Accepted for delivery' };
  });
  return Object.assign(server, {
    sendUrl: `${server.url}/cgi-bin/sendsms`,
    sent,
    sendInbound(getUrl: string, f: { sender: string; text: string; id?: string; to?: string }, method: 'GET' | 'POST' = 'GET') {
      const fields = { id: f.id ?? randomUUID(), ts: String(Math.floor(Date.now() / 1000)), sender: f.sender, to: f.to ?? '20880', message: f.text };
      if (method === 'GET') {
        const url = new URL(getUrl);
        for (const [k, v] of Object.entries(fields)) url.searchParams.set(k, v);
        return deliverWebhook(url.toString(), { method: 'GET' });
      }
      return deliverWebhook(getUrl, { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(fields).toString() });
    },
    sendDlr(message: KannelSent, dlrType: number) {
      if (!message.dlrUrl) throw new Error('this message was sent without a dlr-url');
      return deliverWebhook(message.dlrUrl.replace('%d', String(dlrType)), { method: 'GET' });
    },
  });
}
