/**
 * Inbound media: providers hand us links that expire (Messenger), need the bot token (Telegram) or a
 * bearer token (WhatsApp). We download the file once, store it under its SHA-256 and keep
 * "content-type:<our url>" as the message attachment. The files are served back, unauthenticated but
 * unguessable, by `serveStoredMedia` at `/webhooks/channels/media/<sha256>.<ext>`.
 *
 * Example:
 *   const store = new FileMediaStore('data/media');
 *   const attachment = await downloadToStore(store, 'telegram', fileUrl, {}, 'image/jpeg');
 *   // → "image/jpeg:https://kiunga.moh.go.ke/webhooks/channels/media/9f86d0….jpg"
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { WebhookRequest, WebhookResponse } from '../../http/webhooks.js';
import { RetryableError } from '../types.js';
import { providerEnvironment } from './provider-environment.js';
import { redactUrl } from './provider-http.js';

export const MEDIA_PATH = '/webhooks/channels/media/';
/** WhatsApp's own cap is 100 MB for documents; health-worker media is photos and voice notes. */
export const MAX_MEDIA_BYTES = 25 * 1024 * 1024;

/** Where inbound media goes. `save` returns the file name it is served under. */
export interface MediaStore {
  save(bytes: Buffer, contentType: string): Promise<string>;
  read(name: string): Promise<{ bytes: Buffer; contentType: string } | null>;
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp',
  'audio/ogg': 'ogg', 'audio/mpeg': 'mp3', 'audio/mp4': 'm4a', 'audio/aac': 'aac', 'audio/amr': 'amr',
  'video/mp4': 'mp4', 'video/3gpp': '3gp', 'application/pdf': 'pdf', 'text/plain': 'txt',
};
const TYPES = Object.fromEntries(Object.entries(EXTENSIONS).map(([type, ext]) => [ext, type]));

/** Files in one folder, named `<sha256>.<ext>` (so the same file twice is stored once). */
export class FileMediaStore implements MediaStore {
  constructor(private readonly dir: string) {}

  async save(bytes: Buffer, contentType: string): Promise<string> {
    const ext = EXTENSIONS[contentType.split(';')[0]!.trim().toLowerCase()] ?? 'bin';
    const name = `${createHash('sha256').update(bytes).digest('hex')}.${ext}`;
    await fs.mkdir(this.dir, { recursive: true });
    const file = path.join(this.dir, name);
    const tmp = `${file}.${process.pid}.tmp`;
    await fs.writeFile(tmp, bytes);
    await fs.rename(tmp, file); // atomic: a reader never sees half a file
    return name;
  }

  async read(name: string): Promise<{ bytes: Buffer; contentType: string } | null> {
    if (!/^[0-9a-f]{64}\.[a-z0-9]{2,4}$/.test(name)) return null;
    try {
      const bytes = await fs.readFile(path.join(this.dir, name));
      return { bytes, contentType: TYPES[name.split('.')[1]!] ?? 'application/octet-stream' };
    } catch {
      return null;
    }
  }
}

/** The URL a stored file is served at (absolute when the public URL is known). */
export function storedMediaUrl(name: string): string {
  return `${providerEnvironment().publicUrl ?? ''}${MEDIA_PATH}${name}`;
}

/**
 * Downloads `url` (with `headers`, e.g. a bearer token) and stores it; returns "content-type:url".
 * Without a store, returns the provider's URL as-is, which is only acceptable for links that carry no
 * credential (`allowReference`). A failed download throws RetryableError: the webhook answers 5xx and
 * the provider retries, so no message is stored without its media.
 */
export async function downloadToStore(
  provider: string,
  url: string,
  options: { headers?: Record<string, string>; fallbackType?: string; allowReference?: boolean; timeoutMs?: number } = {},
): Promise<string> {
  const store = providerEnvironment().mediaStore;
  if (!store) {
    if (options.allowReference) return `${options.fallbackType ?? 'application/octet-stream'}:${url}`;
    throw new Error(`${provider}: no media store configured, cannot keep the media of an inbound message`);
  }
  let res: Response;
  try {
    res = await fetch(url, { headers: options.headers, signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
  } catch (err) {
    throw new RetryableError(`${provider}: cannot download media ${redactUrl(url)}: ${(err as Error).message}`);
  }
  if (!res.ok) {
    await res.body?.cancel();
    throw new RetryableError(`${provider}: media download ${redactUrl(url)} answered ${res.status}`);
  }
  const declared = Number(res.headers.get('content-length'));
  if (declared > MAX_MEDIA_BYTES) {
    await res.body?.cancel();
    throw new Error(`${provider}: media ${redactUrl(url)} is ${declared} bytes, over the ${MAX_MEDIA_BYTES} limit`);
  }
  const bytes = Buffer.from(await res.arrayBuffer());
  if (bytes.length > MAX_MEDIA_BYTES) throw new Error(`${provider}: media ${redactUrl(url)} is over the ${MAX_MEDIA_BYTES} byte limit`);
  const headerType = res.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase();
  const contentType = headerType && headerType !== 'application/octet-stream' ? headerType : (options.fallbackType ?? 'application/octet-stream');
  const name = await store.save(bytes, contentType);
  return `${contentType}:${storedMediaUrl(name)}`;
}

/** GET /webhooks/channels/media/<name> → the stored file, or 404. */
export async function serveStoredMedia(store: MediaStore, req: WebhookRequest): Promise<WebhookResponse> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return { status: 405, headers: { allow: 'GET' }, json: { ok: false, error: 'use GET' } };
  const found = await store.read(req.subPath);
  if (!found) return { status: 404, json: { ok: false, error: 'no such media' } };
  return {
    status: 200,
    headers: { 'content-type': found.contentType, 'cache-control': 'private, max-age=31536000, immutable', 'x-content-type-options': 'nosniff' },
    body: req.method === 'HEAD' ? '' : found.bytes,
  };
}
