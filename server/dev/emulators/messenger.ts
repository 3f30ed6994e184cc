/**
 * Messenger Send API (Graph) on loopback, as documented for what we use:
 *
 *   POST /{version}/me/messages?access_token=PAGE_TOKEN  {"recipient":{"id"},"messaging_type","message":{text, quick_replies | attachment}}
 *        → 200 {"recipient_id":"…","message_id":"m_…"}
 *   Wrong token → 400 code 190; text over 2,000 characters, more than 13 quick replies or titles over 20 → 400 code 100;
 *   faults: throttle → 400 code 613, server-error → 500 code 2, blocked → 400 code 551 "This person isn't available right now.",
 *   rejected → 400 code 100 subcode 2018001 "No matching user found".
 *
 * It delivers signed page webhooks (messages with attachments hosted here, postbacks, deliveries).
 *
 * Example:
 *   const fb = await startMessengerEmulator({ pageId: '1029384756', pageToken: 't', appSecret: 's' });
 *   await fb.sendInbound(url, { psid: '5566', text: 'Habari' });
 */
import { randomBytes } from 'node:crypto';
import { delay, startEmulatorServer, type EmulatorServer, type WebhookAnswer } from './emulator-server.js';
import { graphErrorAnswer, postSignedJson, type MetaSigning } from './meta-signing.js';

/** A message the emulator accepted. */
export interface MessengerSent {
  messageId: string;
  recipient: string;
  messagingType: string;
  message: { text?: string; quick_replies?: { content_type: string; title: string; payload: string }[]; attachment?: { type: string; payload: { url: string } } };
}

/** An inbound event to deliver. */
export interface MessengerInbound {
  psid: string;
  mid?: string;
  text?: string;
  media?: { type: 'image' | 'audio' | 'video' | 'file'; contentType: string; bytes: Buffer };
  postback?: { title: string; payload: string };
}

export interface MessengerEmulator extends EmulatorServer {
  graphUrl: string;
  sent: MessengerSent[];
  sendInbound(webhookUrl: string, event: MessengerInbound, options?: { signing?: MetaSigning; pageId?: string }): Promise<WebhookAnswer>;
  sendDelivery(webhookUrl: string, psid: string, mids: string[], signing?: MetaSigning): Promise<WebhookAnswer>;
}

export async function startMessengerEmulator(options: { pageId: string; pageToken: string; appSecret: string; version?: string }): Promise<MessengerEmulator> {
  const version = options.version ?? 'v25.0';
  const sent: MessengerSent[] = [];
  const server = await startEmulatorServer(async (req, self) => {
    if (req.method !== 'POST' || req.url.pathname !== `/${version}/me/messages`) return graphErrorAnswer(404, 100, 'Unknown path components');
    if (req.url.searchParams.get('access_token') !== options.pageToken) return graphErrorAnswer(400, 190, 'Invalid OAuth access token - Cannot parse access token');
    let body: { recipient?: { id?: string }; messaging_type?: string; message?: MessengerSent['message'] };
    try {
      body = JSON.parse(req.body.toString('utf8')) as typeof body;
    } catch {
      return graphErrorAnswer(400, 100, 'Invalid JSON');
    }
    const m = body.message;
    if (!body.recipient?.id || !m) return graphErrorAnswer(400, 100, '(#100) The parameter recipient is required');
    if (!['RESPONSE', 'UPDATE', 'MESSAGE_TAG'].includes(body.messaging_type ?? '')) return graphErrorAnswer(400, 100, '(#100) messaging_type must be RESPONSE, UPDATE or MESSAGE_TAG');
    if (m.text !== undefined && (m.text.length === 0 || m.text.length > 2000)) return graphErrorAnswer(400, 100, '(#100) Length of param message[text] must be less than or equal to 2000');
    if (m.quick_replies && (m.quick_replies.length > 13 || m.quick_replies.some((q) => q.title.length > 20))) return graphErrorAnswer(400, 100, '(#100) quick_replies: at most 13, titles at most 20 characters');
    if (m.text === undefined && !m.attachment?.payload?.url) return graphErrorAnswer(400, 100, '(#100) message must have text or an attachment');
    const fault = self.takeFault();
    if (fault?.kind === 'throttle') return graphErrorAnswer(400, 613, 'Calls to this api have exceeded the rate limit.');
    if (fault?.kind === 'server-error') return graphErrorAnswer(fault.status ?? 500, 2, 'An unexpected error has occurred. Please retry your request later.');
    if (fault?.kind === 'blocked') return graphErrorAnswer(400, 551, "This person isn't available right now.");
    if (fault?.kind === 'rejected') return graphErrorAnswer(400, 100, '(#100) No matching user found', { error_subcode: 2018001 });
    if (fault?.kind === 'timeout') await delay(fault.ms ?? 5_000);
    const message: MessengerSent = { messageId: `m_${randomBytes(16).toString('base64url')}`, recipient: body.recipient.id, messagingType: body.messaging_type!, message: m };
    sent.push(message);
    return { status: 200, json: { recipient_id: message.recipient, message_id: message.messageId } };
  });

  const page = (pageId: string, event: Record<string, unknown>) => ({ object: 'page', entry: [{ id: pageId, time: Date.now(), messaging: [event] }] });

  return Object.assign(server, {
    graphUrl: server.url,
    sent,
    sendInbound(url: string, e: MessengerInbound, o: { signing?: MetaSigning; pageId?: string } = {}) {
      const pageId = o.pageId ?? options.pageId;
      const base = { sender: { id: e.psid }, recipient: { id: pageId }, timestamp: Date.now() };
      const mid = e.mid ?? `m_${randomBytes(12).toString('base64url')}`;
      let event: Record<string, unknown>;
      if (e.postback) {
        event = { ...base, postback: { mid, title: e.postback.title, payload: e.postback.payload } };
      } else {
        const attachments = e.media ? [{ type: e.media.type, payload: { url: server.hostMedia(e.media.contentType, e.media.bytes) } }] : undefined;
        event = { ...base, message: { mid, ...(e.text !== undefined ? { text: e.text } : {}), ...(attachments ? { attachments } : {}) } };
      }
      return postSignedJson(url, page(pageId, event), options.appSecret, o.signing ?? 'valid');
    },
    sendDelivery(url: string, psid: string, mids: string[], signing: MetaSigning = 'valid') {
      return postSignedJson(url, page(options.pageId, { sender: { id: psid }, recipient: { id: options.pageId }, timestamp: Date.now(), delivery: { mids, watermark: Date.now() } }), options.appSecret, signing);
    },
  });
}
