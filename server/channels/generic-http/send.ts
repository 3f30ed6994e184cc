/**
 * Kannel sendsms: `GET {send_url}?username&password&from&to&text&dlr-mask&dlr-url[&coding=2&charset=UTF-8][&priority=1]`.
 * Kannel answers 202 "0: Accepted for delivery" (or 200 "Sent."); 403 bad credentials; 503 "Temporal failure".
 * Kannel returns no message id: delivery reports find the message by our uuid in `dlr-url`.
 *
 * Long texts: each request carries at most `max_messages` SMS (Kannel's sendsms-user limit, default 1),
 * so the text is split on word boundaries into parts of 160/153·n GSM-7 septets or 70/67·n UCS-2 units.
 */
import { FinalError, type ChannelInfo, type OutgoingMessage, type SendResult } from '../types.js';
import { sendParts } from '../common/multipart-send.js';
import { callbackBase } from '../common/provider-environment.js';
import { failFor, providerFetch } from '../common/provider-http.js';
import { isGsm7, splitText } from '../common/sms-segments.js';
import { urnPath } from '../common/urns.js';
import { webhookPath } from '../common/webhook.js';
import { normalizeOutgoing, smsTextWithAttachments } from '../common/attachments.js';
import { parseGenericHttpConfig, type GenericHttpConfig } from './config.js';

/** Look-alikes phones cannot show in GSM-7, mapped to what they can (smart encoding). */
const SUBSTITUTIONS: Record<string, string> = {
  '\u2018': "'", '\u2019': "'", '\u201A': "'", '\u201B': "'", '\u201C': '"', '\u201D': '"', '\u201E': '"', '\u201F': '"',
  '\u2013': '-', '\u2014': '-', '\u2015': '-', '\u2212': '-', '\u2026': '...', '\u00A0': ' ', '\u2002': ' ', '\u2003': ' ', '\u2009': ' ',
  '\u00AB': '"', '\u00BB': '"', '\u2039': '<', '\u203A': '>', '\u02C6': '^', '\u02DC': '~', '\u2022': '-', '\u00B4': "'", '`': "'",
};

export function replaceLookalikes(text: string): string {
  return text.replace(/[\u2018-\u201F\u2013-\u2015\u2212\u2026\u00A0\u2002\u2003\u2009\u00AB\u00BB\u2039\u203A\u02C6\u02DC\u2022\u00B4`]/g, (ch) => SUBSTITUTIONS[ch] ?? ch);
}

/** The text to send and whether it goes as UCS-2. */
export function encodeForKannel(text: string, encoding: GenericHttpConfig['encoding']): { text: string; unicode: boolean } {
  if (encoding === 'unicode') return { text, unicode: true };
  if (encoding === 'gsm7') return { text, unicode: false };
  const replaced = replaceLookalikes(text);
  return isGsm7(replaced) ? { text: replaced, unicode: false } : { text, unicode: true };
}

export async function sendGenericHttp(original: OutgoingMessage, channel: ChannelInfo): Promise<SendResult> {
  const msg = normalizeOutgoing('generic_http', original);
  const cfg = parseGenericHttpConfig(channel.config);
  const { text, unicode } = encodeForKannel(smsTextWithAttachments(msg.text, msg.attachments), cfg.encoding);
  const n = cfg.max_messages;
  const perRequest = unicode ? (n === 1 ? 70 : 67 * n) : n === 1 ? 160 : 153 * n;
  const parts = splitText(text, perRequest, 'sms');
  const base = callbackBase(cfg);
  const dlrUrl = base
    ? `${base}${webhookPath('generic-http', channel.uuid, 'status')}?secret=${encodeURIComponent(cfg.receive_secret)}&msg=${encodeURIComponent(msg.uuid)}&status=%d`
    : null;
  return sendParts(msg.uuid, parts.length, async (i) => {
    const url = new URL(cfg.send_url);
    const q = url.searchParams;
    q.set('username', cfg.username);
    q.set('password', cfg.password);
    q.set('from', channel.address);
    q.set('to', urnPath(msg.urn));
    q.set('text', parts[i]!);
    if (unicode) {
      q.set('coding', '2');
      q.set('charset', 'UTF-8');
    }
    if (msg.priority === 1) q.set('priority', '1');
    // One DLR per message is enough: only the first part asks for one.
    if (dlrUrl && i === 0) {
      q.set('dlr-mask', String(cfg.dlr_mask));
      q.set('dlr-url', dlrUrl);
    }
    const res = await providerFetch('generic_http', url.toString(), { method: 'GET' }, cfg.timeout_ms);
    if (res.ok) return null;
    if (res.status === 403) throw new FinalError(`generic_http: the gateway refused our credentials (403): ${res.text.slice(0, 200)}`);
    throw failFor('generic_http', res, res.text.trim());
  });
}
