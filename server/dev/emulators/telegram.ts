/**
 * The Telegram Bot API on loopback, as documented for what we use:
 *
 *   POST /bot<token>/sendMessage|sendPhoto|sendVideo|sendAudio|sendDocument  JSON {chat_id, text | photo…, caption, reply_markup}
 *        → {"ok":true,"result":{"message_id":N,"chat":{"id":…},"date":…}}
 *   POST /bot<token>/setWebhook {url (HTTPS, port 443/80/88/8443), secret_token, allowed_updates} → {"ok":true,"result":true}
 *   POST /bot<token>/getFile {file_id} → {"ok":true,"result":{"file_id","file_path"}};  GET /file/bot<token>/<file_path> → the bytes.
 *   Wrong token → 401 {"ok":false,"error_code":401,"description":"Unauthorized"}; text over 4,096 or caption over 1,024 → 400.
 *   Faults: throttle → 429 with parameters.retry_after; server-error → 502; blocked → 403 "Forbidden: bot was blocked by the user";
 *   rejected → 400 "Bad Request: chat not found".
 *
 * It delivers updates to our webhook with X-Telegram-Bot-Api-Secret-Token (right, wrong or absent).
 *
 * Example:
 *   const tg = await startTelegramEmulator({ botToken: '123:abc', secretToken: 'kiunga_secret_0001' });
 *   await tg.sendUpdate(url, { chatId: 777, text: '/start', firstName: 'Amina' });
 */
import { randomBytes } from 'node:crypto';
import { delay, deliverWebhook, startEmulatorServer, type EmulatorServer, type WebhookAnswer } from './emulator-server.js';

/** A Bot API call the emulator accepted. */
export interface TelegramSent {
  messageId: number;
  method: string;
  body: Record<string, unknown>;
}

/** An update to deliver. */
export interface TelegramInbound {
  chatId: number;
  messageId?: number;
  text?: string;
  caption?: string;
  firstName?: string;
  lastName?: string;
  photo?: { contentType: string; bytes: Buffer };
  voice?: { contentType: string; bytes: Buffer };
  location?: { latitude: number; longitude: number };
}

export type TelegramSigning = 'valid' | 'forged' | 'unsigned';

export interface TelegramEmulator extends EmulatorServer {
  apiUrl: string;
  sent: TelegramSent[];
  sendUpdate(webhookUrl: string, update: TelegramInbound, signing?: TelegramSigning): Promise<WebhookAnswer>;
  /** What setWebhook registered, or null. */
  webhook: { url: string; secretToken: string | null; allowedUpdates: string[] | null } | null;
}

const SEND_METHODS: Record<string, string | null> = { sendMessage: 'text', sendPhoto: 'photo', sendVideo: 'video', sendAudio: 'audio', sendDocument: 'document', sendVoice: 'voice' };

export async function startTelegramEmulator(options: { botToken: string; secretToken: string }): Promise<TelegramEmulator> {
  const sent: TelegramSent[] = [];
  const state: { webhook: TelegramEmulator['webhook'] } = { webhook: null };
  const files = new Map<string, { path: string; contentType: string; bytes: Buffer }>();
  let messageCounter = 1000;
  let updateCounter = 500_000;
  const fail = (status: number, description: string, extra: Record<string, unknown> = {}) => ({ status, json: { ok: false, error_code: status, description, ...extra } });

  const server = await startEmulatorServer(async (req, self) => {
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(req.url.pathname);
    if (fileMatch && req.method === 'GET') {
      if (fileMatch[1] !== options.botToken) return fail(401, 'Unauthorized');
      const file = [...files.values()].find((f) => f.path === fileMatch[2]);
      return file ? { status: 200, headers: { 'content-type': file.contentType }, body: file.bytes } : fail(404, 'Not Found');
    }
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.url.pathname);
    if (!match || req.method !== 'POST') return fail(404, 'Not Found');
    if (match[1] !== options.botToken) return fail(401, 'Unauthorized');
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(req.body.toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      return fail(400, "Bad Request: can't parse JSON");
    }
    const method = match[2]!;
    if (method === 'getFile') {
      const file = files.get(String(body.file_id));
      return file ? { status: 200, json: { ok: true, result: { file_id: body.file_id, file_unique_id: 'u', file_size: file.bytes.length, file_path: file.path } } } : fail(400, 'Bad Request: invalid file_id');
    }
    if (method === 'setWebhook') {
      const url = typeof body.url === 'string' ? body.url : '';
      if (!/^https:\/\/[^/:]+(:(443|80|88|8443))?\//.test(url)) return fail(400, 'Bad Request: bad webhook: An HTTPS URL must be provided for webhook');
      if (body.secret_token !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(String(body.secret_token))) return fail(400, 'Bad Request: secret token contains unallowed characters');
      state.webhook = { url, secretToken: body.secret_token == null ? null : String(body.secret_token), allowedUpdates: Array.isArray(body.allowed_updates) ? (body.allowed_updates as string[]) : null };
      return { status: 200, json: { ok: true, result: true, description: 'Webhook was set' } };
    }
    const field = SEND_METHODS[method];
    if (!field) return fail(404, 'Not Found: method not found');
    if (body.chat_id == null) return fail(400, 'Bad Request: chat_id is empty');
    if (typeof body[field] !== 'string' || body[field] === '') return fail(400, `Bad Request: ${field} is empty`);
    if (field === 'text' && Array.from(body.text as string).length > 4096) return fail(400, 'Bad Request: message is too long');
    if (typeof body.caption === 'string' && Array.from(body.caption).length > 1024) return fail(400, 'Bad Request: message caption is too long');
    const fault = self.takeFault();
    if (fault?.kind === 'throttle') return fail(429, `Too Many Requests: retry after ${fault.retryAfter ?? 5}`, { parameters: { retry_after: fault.retryAfter ?? 5 } });
    if (fault?.kind === 'server-error') return fail(fault.status ?? 502, 'Bad Gateway');
    if (fault?.kind === 'blocked') return fail(403, 'Forbidden: bot was blocked by the user');
    if (fault?.kind === 'rejected') return fail(400, 'Bad Request: chat not found');
    if (fault?.kind === 'timeout') await delay(fault.ms ?? 5_000);
    const message: TelegramSent = { messageId: ++messageCounter, method, body };
    sent.push(message);
    return { status: 200, json: { ok: true, result: { message_id: message.messageId, chat: { id: Number(body.chat_id), type: 'private' }, date: Math.floor(Date.now() / 1000) } } };
  });

  const hostFile = (contentType: string, bytes: Buffer, folder: string) => {
    const id = `AgAC${randomBytes(10).toString('base64url')}`;
    files.set(id, { path: `${folder}/file_${files.size}.${contentType.split('/')[1]}`, contentType, bytes });
    return id;
  };

  const emulator = Object.assign(server, {
    apiUrl: server.url,
    sent,
    webhook: null as TelegramEmulator['webhook'],
    sendUpdate(url: string, u: TelegramInbound, signing: TelegramSigning = 'valid') {
      const message: Record<string, unknown> = {
        message_id: u.messageId ?? ++messageCounter,
        from: { id: u.chatId, is_bot: false, first_name: u.firstName ?? 'Health', ...(u.lastName ? { last_name: u.lastName } : {}), language_code: 'sw' },
        chat: { id: u.chatId, first_name: u.firstName ?? 'Health', type: 'private' },
        date: Math.floor(Date.now() / 1000),
        ...(u.text !== undefined ? { text: u.text } : {}),
        ...(u.caption !== undefined ? { caption: u.caption } : {}),
      };
      if (u.photo) {
        const big = hostFile(u.photo.contentType, u.photo.bytes, 'photos');
        const small = hostFile(u.photo.contentType, Buffer.from('thumb'), 'photos');
        message.photo = [{ file_id: small, file_unique_id: 's', width: 90, height: 90, file_size: 5 }, { file_id: big, file_unique_id: 'b', width: 800, height: 600, file_size: u.photo.bytes.length }];
      }
      if (u.voice) message.voice = { file_id: hostFile(u.voice.contentType, u.voice.bytes, 'voice'), file_unique_id: 'v', duration: 3, mime_type: u.voice.contentType };
      if (u.location) message.location = u.location;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (signing !== 'unsigned') headers['x-telegram-bot-api-secret-token'] = signing === 'valid' ? options.secretToken : `${options.secretToken}x`;
      return deliverWebhook(url, { headers, body: JSON.stringify({ update_id: ++updateCounter, message }) });
    },
  });
  // Object.assign copies values: make `webhook` read the live state.
  Object.defineProperty(emulator, 'webhook', { get: () => state.webhook });
  return emulator;
}
