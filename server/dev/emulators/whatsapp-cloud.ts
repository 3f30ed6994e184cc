/**
 * WhatsApp Cloud API (Graph API) on loopback, as documented for what we use:
 *
 *   POST /{version}/{phone-number-id}/messages  Bearer token; {messaging_product:"whatsapp", to, type, text|image|…|interactive|template}
 *        → 200 {"messaging_product":"whatsapp","contacts":[{"input":"2547…","wa_id":"2547…"}],"messages":[{"id":"wamid.…"}]}
 *   GET  /{version}/{media-id}  Bearer → {"url":"…","mime_type":"image/jpeg","sha256":"…","file_size":…,"id":"…"}; the url needs the Bearer too.
 *
 * Checks what Meta checks: token (190), payload limits (text 4,096; buttons ≤3 with titles ≤20; list rows ≤10 with titles ≤24)
 * → 100 "Invalid parameter"; free-form message to a user with no inbound in 24 h → 131047 (send `sendInbound` first, or `openWindow`).
 * Faults: throttle → 400 code 130429; server-error → 500 code 2; blocked → 400 code 131050; rejected → 400 code 131026.
 *
 * It delivers signed webhooks (messages with media, statuses echoing `biz_opaque_callback_data`), forged or unsigned on request.
 *
 * Example:
 *   const wa = await startWhatsAppCloudEmulator({ phoneNumberId: '1234567890', accessToken: 't', appSecret: 's' });
 *   await wa.sendInbound(url, { from: '254711000001', text: 'Habari' });
 */
import { createHash, randomBytes } from 'node:crypto';
import { delay, startEmulatorServer, type EmulatorServer, type WebhookAnswer } from './emulator-server.js';
import { graphErrorAnswer, postSignedJson, type MetaSigning } from './meta-signing.js';

/** A message the emulator accepted. */
export interface WhatsAppSent {
  id: string;
  to: string;
  type: string;
  payload: Record<string, unknown>;
}

/** An inbound message to deliver. `media` is hosted by the emulator and referenced by id. */
export interface WhatsAppInbound {
  from: string;
  name?: string;
  id?: string;
  text?: string;
  media?: { type: 'image' | 'audio' | 'voice' | 'video' | 'document'; contentType: string; bytes: Buffer; caption?: string };
  buttonReply?: { id: string; title: string };
  location?: { latitude: number; longitude: number; name?: string };
}

export interface WhatsAppCloudEmulator extends EmulatorServer {
  graphUrl: string;
  sent: WhatsAppSent[];
  openWindow(waId: string): void;
  closeWindow(waId: string): void;
  sendInbound(webhookUrl: string, msg: WhatsAppInbound, options?: { signing?: MetaSigning; phoneNumberId?: string; repeatInPayload?: boolean }): Promise<WebhookAnswer>;
  sendStatus(webhookUrl: string, wamid: string, status: 'sent' | 'delivered' | 'read' | 'failed', error?: { code: number; title: string }, signing?: MetaSigning): Promise<WebhookAnswer>;
}

const len = (s: unknown) => (typeof s === 'string' ? Array.from(s).length : 0);

/** What Meta would refuse in a payload, or null. */
function invalidPayload(body: Record<string, unknown>): string | null {
  const type = body.type;
  if (body.messaging_product !== 'whatsapp') return 'messaging_product must be "whatsapp"';
  if (typeof body.to !== 'string' || !/^\d{6,15}$/.test(body.to)) return 'to must be a phone number in international format without "+"';
  if (type === 'text') {
    const t = (body.text as { body?: unknown } | undefined)?.body;
    if (typeof t !== 'string' || t === '') return 'text.body is required';
    if (len(t) > 4096) return 'text.body is longer than 4096 characters';
    return null;
  }
  if (type === 'image' || type === 'audio' || type === 'video' || type === 'document' || type === 'sticker') {
    const m = body[type] as { link?: unknown; id?: unknown; caption?: unknown } | undefined;
    if (!m || (typeof m.link !== 'string' && typeof m.id !== 'string')) return `${type}.link or ${type}.id is required`;
    if (type === 'audio' && m.caption !== undefined) return 'audio messages cannot have a caption';
    if (len(m.caption) > 1024) return 'caption is longer than 1024 characters';
    return null;
  }
  if (type === 'interactive') {
    const i = body.interactive as { type?: string; body?: { text?: unknown }; action?: { buttons?: { reply?: { title?: unknown } }[]; sections?: { rows?: { title?: unknown; description?: unknown }[] }[]; button?: unknown } };
    if (len(i?.body?.text) === 0 || len(i?.body?.text) > 1024) return 'interactive.body.text must have 1 to 1024 characters';
    if (i.type === 'button') {
      const buttons = i.action?.buttons ?? [];
      if (buttons.length < 1 || buttons.length > 3) return 'interactive buttons: 1 to 3 buttons';
      if (buttons.some((b) => len(b.reply?.title) === 0 || len(b.reply?.title) > 20)) return 'button titles must have 1 to 20 characters';
      return null;
    }
    if (i.type === 'list') {
      const rows = (i.action?.sections ?? []).flatMap((s) => s.rows ?? []);
      if (rows.length < 1 || rows.length > 10) return 'interactive list: 1 to 10 rows';
      if (rows.some((r) => len(r.title) === 0 || len(r.title) > 24 || len(r.description) > 72)) return 'list rows: title ≤24, description ≤72 characters';
      if (len(i.action?.button) === 0 || len(i.action?.button) > 20) return 'list button text must have 1 to 20 characters';
      return null;
    }
    return `interactive.type "${String(i?.type)}" is not supported here`;
  }
  if (type === 'template') {
    const t = body.template as { name?: unknown; language?: { code?: unknown } } | undefined;
    if (typeof t?.name !== 'string' || typeof t.language?.code !== 'string') return 'template.name and template.language.code are required';
    return null;
  }
  return `type "${String(type)}" is not supported`;
}

export async function startWhatsAppCloudEmulator(options: { phoneNumberId: string; accessToken: string; appSecret: string; version?: string }): Promise<WhatsAppCloudEmulator> {
  const version = options.version ?? 'v25.0';
  const sent: WhatsAppSent[] = [];
  const windowOpen = new Set<string>();
  const media = new Map<string, { url: string; contentType: string; bytes: Buffer }>();
  const bearer = `Bearer ${options.accessToken}`;

  const server = await startEmulatorServer(async (req, self) => {
    if (req.headers.authorization !== bearer) return graphErrorAnswer(401, 190, 'Invalid OAuth access token - Cannot parse access token');
    const mediaMatch = new RegExp(`^/${version}/(\\d+)$`).exec(req.url.pathname);
    if (req.method === 'GET' && mediaMatch) {
      const m = media.get(mediaMatch[1]!);
      if (!m) return graphErrorAnswer(404, 100, 'Unsupported get request. Object does not exist');
      return { status: 200, json: { messaging_product: 'whatsapp', url: m.url, mime_type: m.contentType, sha256: createHash('sha256').update(m.bytes).digest('hex'), file_size: m.bytes.length, id: mediaMatch[1] } };
    }
    if (req.method !== 'POST' || req.url.pathname !== `/${version}/${options.phoneNumberId}/messages`) return graphErrorAnswer(404, 100, 'Unknown path components');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(req.body.toString('utf8')) as Record<string, unknown>;
    } catch {
      return graphErrorAnswer(400, 100, 'Invalid JSON');
    }
    const invalid = invalidPayload(body);
    if (invalid) return graphErrorAnswer(400, 100, `(#100) Invalid parameter`, { error_data: { details: invalid } });
    const fault = self.takeFault();
    if (fault?.kind === 'throttle') return graphErrorAnswer(400, 130429, 'Rate limit hit');
    if (fault?.kind === 'server-error') return graphErrorAnswer(fault.status ?? 500, 2, 'Service temporarily unavailable');
    if (fault?.kind === 'blocked') return graphErrorAnswer(400, 131050, 'Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.');
    if (fault?.kind === 'rejected') return graphErrorAnswer(400, 131026, 'Message undeliverable');
    if (fault?.kind === 'timeout') await delay(fault.ms ?? 5_000);
    const to = body.to as string;
    if (body.type !== 'template' && !windowOpen.has(to)) {
      return graphErrorAnswer(400, 131047, 'Re-engagement message', { error_data: { details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.' } });
    }
    const message: WhatsAppSent = { id: `wamid.${randomBytes(12).toString('base64url')}`, to, type: body.type as string, payload: body };
    sent.push(message);
    return { status: 200, json: { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to }], messages: [{ id: message.id }] } };
  });

  const envelope = (phoneNumberId: string, value: Record<string, unknown>) => ({
    object: 'whatsapp_business_account',
    entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId }, ...value } }] }],
  });

  return Object.assign(server, {
    graphUrl: server.url,
    sent,
    openWindow: (waId: string) => void windowOpen.add(waId),
    closeWindow: (waId: string) => void windowOpen.delete(waId),
    sendInbound(url: string, msg: WhatsAppInbound, o: { signing?: MetaSigning; phoneNumberId?: string; repeatInPayload?: boolean } = {}) {
      const id = msg.id ?? `wamid.${randomBytes(12).toString('base64url')}`;
      const base = { from: msg.from, id, timestamp: String(Math.floor(Date.now() / 1000)) };
      let message: Record<string, unknown>;
      if (msg.media) {
        const mediaId = String(Math.floor(1e15 + Math.random() * 9e15));
        const mediaUrl = server.hostMedia(msg.media.contentType, msg.media.bytes, { requireHeader: ['authorization', bearer] });
        media.set(mediaId, { url: mediaUrl, contentType: msg.media.contentType, bytes: msg.media.bytes });
        message = { ...base, type: msg.media.type, [msg.media.type]: { id: mediaId, mime_type: msg.media.contentType, sha256: 'x', ...(msg.media.caption ? { caption: msg.media.caption } : {}) } };
      } else if (msg.buttonReply) {
        message = { ...base, type: 'interactive', interactive: { type: 'button_reply', button_reply: msg.buttonReply } };
      } else if (msg.location) {
        message = { ...base, type: 'location', location: msg.location };
      } else {
        message = { ...base, type: 'text', text: { body: msg.text ?? '' } };
      }
      if ((o.signing ?? 'valid') === 'valid') windowOpen.add(msg.from);
      const value = { contacts: [{ profile: { name: msg.name ?? 'Health worker' }, wa_id: msg.from }], messages: o.repeatInPayload ? [message, message] : [message] };
      return postSignedJson(url, envelope(o.phoneNumberId ?? options.phoneNumberId, value), options.appSecret, o.signing ?? 'valid');
    },
    sendStatus(url: string, wamid: string, status: 'sent' | 'delivered' | 'read' | 'failed', error?: { code: number; title: string }, signing: MetaSigning = 'valid') {
      const original = sent.find((m) => m.id === wamid);
      const opaque = original?.payload.biz_opaque_callback_data;
      const value = { statuses: [{ id: wamid, status, timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: original?.to ?? '0', ...(typeof opaque === 'string' ? { biz_opaque_callback_data: opaque } : {}), ...(error ? { errors: [error] } : {}) }] };
      return postSignedJson(url, envelope(options.phoneNumberId, value), options.appSecret, signing);
    },
  });
}
