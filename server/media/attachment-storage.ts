/**
 * Where uploaded message attachments go: the same store as inbound channel media (server/channels/common/
 * media-store.ts, files named by their SHA-256 and served at /webhooks/channels/media/<name>), so a flow's
 * picture and a health worker's photo live side by side. The result is RapidPro's `content-type:url`.
 *
 *   const attachment = await storeAttachment({ fileName: 'poster.png', contentType: 'image/png' }, bytes);
 *   // → { attachment: 'image/png:https://kiunga.moh.go.ke/webhooks/channels/media/9f86….png', kind: 'image', size: 120000 }
 */
import path from 'node:path';
import { FileMediaStore, storedMediaUrl, type MediaStore } from '../channels/common/media-store.js';
import { providerEnvironment } from '../channels/common/provider-environment.js';
import { checkUpload, type AttachmentKind } from './attachment-rules.js';

/** A refused upload, with the file and the reason in its message. Example: `poster.gif: files of type image/gif are not accepted; …`. */
export class AttachmentRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AttachmentRefused';
  }
}

/** A stored attachment. Example: `{ attachment: 'image/png:/webhooks/channels/media/9f86….png', kind: 'image', size: 120000 }`. */
export interface StoredAttachment {
  attachment: string;
  kind: AttachmentKind;
  size: number;
}

let override: MediaStore | null = null;

/** Uses `store` for uploads (tests; a deployment with its own storage). `null` goes back to the default. */
export function setAttachmentStore(store: MediaStore | null): void {
  override = store;
}

/** The channels' media store when the messaging workers set it up, else files under data/media (the channels' default too). */
function attachmentStore(): MediaStore {
  return override ?? providerEnvironment().mediaStore ?? new FileMediaStore(path.join('data', 'media'));
}

/** Checks (type allow-list, size per kind, content) and stores a file; throws AttachmentRefused with the reason. */
export async function storeAttachment(file: { fileName: string; contentType: string }, bytes: Buffer): Promise<StoredAttachment> {
  const verdict = checkUpload({ ...file, size: bytes.length }, bytes);
  if (!verdict.ok) throw new AttachmentRefused(verdict.message);
  const name = await attachmentStore().save(bytes, verdict.contentType);
  return { attachment: `${verdict.contentType}:${storedMediaUrl(name)}`, kind: verdict.kind, size: bytes.length };
}
