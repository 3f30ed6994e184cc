/**
 * The provider channels of the matrix, each driven through its loopback emulator (server/dev/emulators/):
 * a driver knows the channel's config, the URN a health worker has on it, how the provider delivers that
 * health worker's reply to our webhook (signed as the provider signs), what the health worker's phone or
 * app received (the emulator's record of accepted sends) and how the provider reports delivery.
 *
 * Example:
 *   const driver = await startDriver('africastalking');
 *   const hw = driver.contact(0, 'Amina');            // tel:+254710000000
 *   await driver.sendInbound(env.webhookUrl, hw, '1'); // Africa's Talking form POST to …/receive
 *   driver.received(hw);                               // [{ text: 'Thank you…', raw: {…} }]
 *   await driver.close();
 */
import { startAfricasTalkingEmulator } from '../../../server/dev/emulators/africastalking.js';
import { startKannelEmulator } from '../../../server/dev/emulators/generic-http.js';
import { startMessengerEmulator } from '../../../server/dev/emulators/messenger.js';
import { startTelegramEmulator } from '../../../server/dev/emulators/telegram.js';
import { startTwilioEmulator } from '../../../server/dev/emulators/twilio.js';
import { startVonageEmulator } from '../../../server/dev/emulators/vonage.js';
import { startWhatsAppCloudEmulator } from '../../../server/dev/emulators/whatsapp-cloud.js';
import type { WebhookAnswer } from '../../../server/dev/emulators/emulator-server.js';
import { postSignedJson } from '../../../server/dev/emulators/meta-signing.js';
import { encodeForKannel } from '../../../server/channels/generic-http/send.js';
import { phoneOf } from '../../messaging/seed.js';

/** A health worker on the channel. `phone` is set on phone-number channels (tel and whatsapp URNs). */
export interface MatrixContact {
  name: string;
  /** The URN path: "+254710000003" (tel), "254710000003" (whatsapp), "7000003" (telegram chat id), a Messenger PSID. */
  urnPath: string;
  phone: string | null;
  id: string;
  uuid: string;
}

/** One message as the health worker received it. `kind` is the provider's message type (e.g. WhatsApp "text" / "interactive"). */
export interface ReceivedMessage {
  text: string;
  kind: string;
  quickReplies: string[];
  providerId: string | null;
}

/** Provider keys, in the order of the matrix columns. */
export const PROVIDER_KEYS = ['africastalking', 'twilio-sms', 'twilio-whatsapp', 'vonage', 'generic-http', 'whatsapp-cloud', 'messenger', 'telegram'] as const;
export type ProviderKey = (typeof PROVIDER_KEYS)[number];

export interface ProviderDriver {
  key: ProviderKey;
  label: string;
  scheme: 'tel' | 'whatsapp' | 'facebook' | 'telegram';
  channel: { type: string; provider: string; address: string; config: Record<string, unknown> };
  /**
   * Whether the flow's quick replies reach the health worker as buttons (WhatsApp Cloud reply buttons or a list,
   * Messenger quick replies, a Telegram reply keyboard). SMS has none, and the Twilio adapter sends the text only
   * (also to WhatsApp senders): there the numbered choices in the text itself are what the health worker answers.
   */
  quickReplyButtons: boolean;
  /**
   * The health worker taps the button `title` of the message that offered it: WhatsApp sends an interactive
   * button_reply (or list_reply for a list), Telegram's reply keyboard and Messenger's quick replies send the
   * title as the message text. Absent on channels without buttons (the health worker types the same text).
   */
  tap?: (webhookUrl: (action: string) => string, contact: MatrixContact, title: string, offered: ReceivedMessage) => Promise<WebhookAnswer>;
  /** Chat apps only let a business write to someone who wrote first (WhatsApp's 24-hour window, Messenger, a Telegram bot). */
  contactWritesFirst: string | null;
  contact(index: number, name: string): MatrixContact;
  sendInbound(webhookUrl: (action: string) => string, contact: MatrixContact, text: string): Promise<WebhookAnswer>;
  received(contact: MatrixContact): ReceivedMessage[];
  /** What the handset shows for a text we queued (Kannel's smart encoding replaces look-alikes such as ’ by '). */
  shown(text: string): string;
  /**
   * Has the provider report every message it accepted for the contact as delivered, through its real callback
   * (signed where the provider signs). Null when the provider has no delivery receipts (Telegram's Bot API).
   */
  reportDelivered: ((webhookUrl: (action: string) => string, contact: MatrixContact) => Promise<WebhookAnswer[]>) | null;
  close(): Promise<void>;
}

const TWILIO_ACCOUNT = `AC${'7'.repeat(32)}`;
const tel = (index: number, name: string): MatrixContact => ({ name, urnPath: phoneOf(index), phone: phoneOf(index), id: '', uuid: '' });
const digits = (phone: string) => phone.replace(/^\+/, '');
const same = (text: string) => text;

export async function startDriver(key: ProviderKey): Promise<ProviderDriver> {
  switch (key) {
    case 'africastalking': {
      const at = await startAfricasTalkingEmulator({ username: 'moh_ke', apiKey: 'atsk_matrix' });
      return {
        key, label: "Africa's Talking", scheme: 'tel', quickReplyButtons: false, contactWritesFirst: null,
        channel: { type: 'africastalking', provider: 'africastalking', address: '20880', config: { username: 'moh_ke', api_key: 'atsk_matrix', send_url: at.sendUrl, timeout_ms: 2000 } },
        contact: tel,
        sendInbound: (url, c, text) => at.sendInbound(url('receive'), { from: c.phone!, text }),
        received: (c) => at.sent.filter((m) => m.to === c.phone).map((m) => ({ text: m.message, kind: 'sms', quickReplies: [], providerId: m.messageId })),
        shown: same,
        reportDelivered: (url, c) => Promise.all(at.sent.filter((m) => m.to === c.phone).map((m) => at.sendDeliveryReport(url('status'), { id: m.messageId, status: 'Success' }))),
        close: () => at.close(),
      };
    }
    case 'twilio-sms':
    case 'twilio-whatsapp': {
      const tw = await startTwilioEmulator({ accountSid: TWILIO_ACCOUNT, authToken: 'matrix-auth-token' });
      const whatsapp = key === 'twilio-whatsapp';
      const to = (c: MatrixContact) => (whatsapp ? `whatsapp:${c.phone}` : c.phone);
      return {
        key, label: whatsapp ? 'Twilio WhatsApp' : 'Twilio SMS', quickReplyButtons: false, scheme: whatsapp ? 'whatsapp' : 'tel', contactWritesFirst: whatsapp ? 'Hi' : null,
        channel: { type: 'twilio', provider: 'twilio', address: whatsapp ? 'whatsapp:+15005550006' : '+15005550006', config: { account_sid: TWILIO_ACCOUNT, auth_token: 'matrix-auth-token', base_url: tw.baseUrl, timeout_ms: 2000 } },
        contact: whatsapp ? (i, name) => ({ ...tel(i, name), urnPath: digits(phoneOf(i)) }) : tel,
        sendInbound: (url, c, text) => tw.sendInbound(url('receive'), { From: to(c)!, To: whatsapp ? 'whatsapp:+15005550006' : '+15005550006', Body: text }),
        received: (c) => tw.sent.filter((m) => m.to === to(c)).map((m) => ({ text: m.body, kind: m.contentSid ? 'template' : 'message', quickReplies: [], providerId: m.sid })),
        shown: same,
        reportDelivered: (_url, c) => Promise.all(tw.sent.filter((m) => m.to === to(c)).map((m) => tw.sendStatus(m, 'delivered'))),
        close: () => tw.close(),
      };
    }
    case 'vonage': {
      const vn = await startVonageEmulator({ apiKey: 'matrixkey', apiSecret: 'matrix-secret', signatureSecret: 'matrix-signature-secret', signatureMethod: 'sha256' });
      return {
        key, label: 'Vonage', quickReplyButtons: false, scheme: 'tel', contactWritesFirst: null,
        channel: { type: 'vonage', provider: 'vonage', address: '254700000000', config: { api_key: 'matrixkey', api_secret: 'matrix-secret', signature_secret: 'matrix-signature-secret', signature_method: 'sha256', send_url: vn.sendUrl, timeout_ms: 2000 } },
        contact: tel,
        sendInbound: (url, c, text) => vn.sendInbound(url('receive'), { msisdn: digits(c.phone!), text }),
        received: (c) => vn.sent.filter((m) => m.to === digits(c.phone!)).map((m) => ({ text: m.text, kind: m.type, quickReplies: [], providerId: m.messageId })),
        shown: same,
        reportDelivered: (_url, c) => Promise.all(vn.sent.filter((m) => m.to === digits(c.phone!)).map((m) => vn.sendReceipt(m, 'delivered'))),
        close: () => vn.close(),
      };
    }
    case 'generic-http': {
      const secret = 'matrix-kannel-secret-0123456789';
      const maxMessages = 6; // Kannel concatenates up to max-messages SMS itself
      const kn = await startKannelEmulator({ username: 'kiunga', password: 'matrix-pw', maxMessages });
      return {
        key, label: 'Generic HTTP (Kannel)', quickReplyButtons: false, scheme: 'tel', contactWritesFirst: null,
        channel: { type: 'generic_http', provider: 'generic-http', address: '20880', config: { send_url: kn.sendUrl, username: 'kiunga', password: 'matrix-pw', receive_secret: secret, max_messages: maxMessages, timeout_ms: 2000 } },
        contact: tel,
        sendInbound: (url, c, text) => kn.sendInbound(`${url('receive')}?secret=${secret}`, { sender: c.phone!, text }),
        received: (c) => kn.sent.filter((m) => m.to === c.phone).map((m) => ({ text: m.text, kind: m.coding === '2' ? 'ucs2' : 'gsm7', quickReplies: [], providerId: null })),
        shown: (text) => encodeForKannel(text, 'smart').text,
        reportDelivered: (_url, c) => Promise.all(kn.sent.filter((m) => m.to === c.phone).map((m) => kn.sendDlr(m, 1))),
        close: () => kn.close(),
      };
    }
    case 'whatsapp-cloud': {
      const phoneNumberId = '1098765432';
      let taps = 0;
      const wa = await startWhatsAppCloudEmulator({ phoneNumberId, accessToken: 'EAAG-matrix-token', appSecret: 'matrix-app-secret' });
      const waText = (payload: Record<string, unknown>) =>
        (payload.text as { body?: string } | undefined)?.body ?? (payload.interactive as { body?: { text?: string } } | undefined)?.body?.text ?? '';
      const buttons = (payload: Record<string, unknown>) => {
        const action = (payload.interactive as { action?: { buttons?: { reply: { title: string } }[]; sections?: { rows: { title: string }[] }[] } } | undefined)?.action;
        return [...(action?.buttons ?? []).map((b) => b.reply.title), ...(action?.sections ?? []).flatMap((s) => s.rows.map((r) => r.title))];
      };
      return {
        key, label: 'WhatsApp Cloud API', quickReplyButtons: true, scheme: 'whatsapp', contactWritesFirst: 'Hi',
        channel: { type: 'whatsapp_cloud', provider: 'whatsapp-cloud', address: '+15550783881', config: { phone_number_id: phoneNumberId, access_token: 'EAAG-matrix-token', app_secret: 'matrix-app-secret', verify_token: 'matrix-verify-token', graph_url: wa.graphUrl, timeout_ms: 2000 } },
        contact: (i, name) => ({ ...tel(i, name), urnPath: digits(phoneOf(i)) }),
        sendInbound: (url, c, text) => wa.sendInbound(url('receive'), { from: c.urnPath, name: c.name, text }),
        received: (c) => wa.sent.filter((m) => m.to === c.urnPath).map((m) => ({ text: waText(m.payload), kind: m.type, quickReplies: buttons(m.payload), providerId: m.id })),
        shown: same,
        tap: (url, c, title, offered) => {
          // as Meta delivers a tap: ≤3 quick replies were reply buttons, more a list (ids are the indexes our adapter gave them)
          const id = String(offered.quickReplies.indexOf(title));
          const interactive = offered.quickReplies.length <= 3 ? { type: 'button_reply', button_reply: { id, title } } : { type: 'list_reply', list_reply: { id, title } };
          const message = { from: c.urnPath, id: `wamid.tap${++taps}`, timestamp: String(Math.floor(Date.now() / 1000)), type: 'interactive', interactive };
          const value = { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId }, contacts: [{ profile: { name: c.name }, wa_id: c.urnPath }], messages: [message] };
          return postSignedJson(url('receive'), { object: 'whatsapp_business_account', entry: [{ id: '102290129340398', changes: [{ field: 'messages', value }] }] }, 'matrix-app-secret', 'valid');
        },
        reportDelivered: (url, c) => Promise.all(wa.sent.filter((m) => m.to === c.urnPath).map((m) => wa.sendStatus(url('receive'), m.id, 'delivered'))),
        close: () => wa.close(),
      };
    }
    case 'messenger': {
      const pageId = '109876543210';
      const fb = await startMessengerEmulator({ pageId, pageToken: 'matrix-page-token', appSecret: 'matrix-fb-secret' });
      return {
        key, label: 'Facebook Messenger', quickReplyButtons: true, scheme: 'facebook', contactWritesFirst: 'Hi',
        channel: { type: 'messenger', provider: 'messenger', address: pageId, config: { page_access_token: 'matrix-page-token', app_secret: 'matrix-fb-secret', verify_token: 'matrix-verify-token', graph_url: fb.graphUrl, timeout_ms: 2000 } },
        contact: (i, name) => ({ name, urnPath: String(5_100_000_000_000 + i), phone: null, id: '', uuid: '' }),
        sendInbound: (url, c, text) => fb.sendInbound(url('receive'), { psid: c.urnPath, text }),
        tap: (url, c, title) => fb.sendInbound(url('receive'), { psid: c.urnPath, text: title }),
        received: (c) => fb.sent.filter((m) => m.recipient === c.urnPath).map((m) => ({ text: m.message.text ?? '', kind: m.messagingType, quickReplies: (m.message.quick_replies ?? []).map((q) => q.title), providerId: m.messageId })),
        shown: same,
        reportDelivered: async (url, c) => [await fb.sendDelivery(url('receive'), c.urnPath, fb.sent.filter((m) => m.recipient === c.urnPath).map((m) => m.messageId))],
        close: () => fb.close(),
      };
    }
    case 'telegram': {
      const tg = await startTelegramEmulator({ botToken: '4242:matrix-bot-token', secretToken: 'kiunga_matrix_secret_01' });
      return {
        key, label: 'Telegram', quickReplyButtons: true, scheme: 'telegram', contactWritesFirst: '/start',
        channel: { type: 'telegram', provider: 'telegram', address: 'kiunga_matrix_bot', config: { bot_token: '4242:matrix-bot-token', secret_token: 'kiunga_matrix_secret_01', api_url: tg.apiUrl, timeout_ms: 2000 } },
        contact: (i, name) => ({ name, urnPath: String(7_000_000 + i), phone: null, id: '', uuid: '' }),
        sendInbound: (url, c, text) => tg.sendUpdate(url('receive'), { chatId: Number(c.urnPath), text, firstName: c.name }),
        tap: (url, c, title) => tg.sendUpdate(url('receive'), { chatId: Number(c.urnPath), text: title, firstName: c.name }),
        received: (c) => tg.sent.filter((m) => String(m.body.chat_id) === c.urnPath).map((m) => ({
          text: String(m.body.text ?? m.body.caption ?? ''), kind: m.method, providerId: String(m.messageId),
          quickReplies: ((m.body.reply_markup as { keyboard?: { text: string }[][] } | undefined)?.keyboard ?? []).flat().map((k) => k.text),
        })),
        shown: same,
        reportDelivered: null,
        close: () => tg.close(),
      };
    }
  }
}
