/**
 * Which files a flow message may carry, and how big: an allow-list of MIME types in four kinds (image, audio,
 * video, document), a size limit per kind (what WhatsApp and MMS gateways accept, kept under the server's
 * upload limit), and a check of the first bytes so a renamed file is not sent as something it is not.
 * Pure (no Node APIs): the web editor checks a file with the same rules before uploading it.
 *
 *   checkAttachment({ fileName: 'poster.png', contentType: 'image/png', size: 120_000 })
 *     → { ok: true, kind: 'image', contentType: 'image/png' }
 *   checkAttachment({ fileName: 'clip.mov', contentType: 'video/quicktime', size: 1_000 })
 *     → { ok: false, code: 'type_not_allowed', message: 'clip.mov: files of type video/quicktime are not accepted; …' }
 */

/** The four kinds of attachment. Example: `"image"`. */
export type AttachmentKind = 'image' | 'audio' | 'video' | 'document';

/** Allowed MIME types per kind (what WhatsApp, Telegram and MMS all deliver). */
export const ALLOWED_TYPES: Readonly<Record<AttachmentKind, readonly string[]>> = {
  image: ['image/jpeg', 'image/png'],
  audio: ['audio/mpeg', 'audio/ogg', 'audio/mp4', 'audio/aac', 'audio/amr'],
  video: ['video/mp4', 'video/3gpp'],
  document: ['application/pdf'],
};

const MB = 1024 * 1024;

/** Size limit per kind, in bytes. Example: `MAX_BYTES.image` → 5 MB (WhatsApp's own image limit). */
export const MAX_BYTES: Readonly<Record<AttachmentKind, number>> = {
  image: 5 * MB,
  audio: 10 * MB,
  video: 10 * MB,
  document: 10 * MB,
};

/** Why a file is refused. Example: `"too_large"`. */
export type AttachmentProblem = 'type_not_allowed' | 'too_large' | 'empty' | 'content_mismatch';

/** The verdict on one file. Example: `{ ok: false, code: 'too_large', kind: 'image', limit: 5242880, message: '…' }`. */
export type AttachmentCheck =
  | { ok: true; kind: AttachmentKind; contentType: string }
  | { ok: false; code: AttachmentProblem; kind?: AttachmentKind; limit?: number; message: string };

/** What is known about a file before (or without) reading it. */
export interface AttachmentFacts {
  fileName: string;
  contentType: string;
  size: number;
}

/** The kind of an allowed MIME type, or null. */
export function kindOf(contentType: string): AttachmentKind | null {
  const type = normalizeType(contentType);
  for (const [kind, types] of Object.entries(ALLOWED_TYPES) as [AttachmentKind, readonly string[]][]) if (types.includes(type)) return kind;
  return null;
}

/** "image/jpeg; charset=x" → "image/jpeg"; a few common aliases browsers report are mapped to the allowed name. */
export function normalizeType(contentType: string): string {
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  const aliases: Record<string, string> = { 'image/jpg': 'image/jpeg', 'audio/mp3': 'audio/mpeg', 'audio/x-m4a': 'audio/mp4', 'audio/amr-nb': 'audio/amr' };
  return aliases[type] ?? type;
}

/** "5 MB", "700 KB": sizes in messages. */
export function formatBytes(bytes: number): string {
  return bytes >= MB ? `${Math.round((bytes / MB) * 10) / 10} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** Checks the type and size of a file (its content is checked by `checkContent`). */
export function checkAttachment(file: AttachmentFacts): AttachmentCheck {
  const contentType = normalizeType(file.contentType);
  const kind = kindOf(contentType);
  if (!kind) {
    const accepted = Object.values(ALLOWED_TYPES).flat().join(', ');
    return { ok: false, code: 'type_not_allowed', message: `${file.fileName}: files of type ${contentType || 'unknown'} are not accepted; accepted types are ${accepted}` };
  }
  if (file.size <= 0) return { ok: false, code: 'empty', kind, message: `${file.fileName}: the file is empty` };
  const limit = MAX_BYTES[kind];
  if (file.size > limit) {
    return { ok: false, code: 'too_large', kind, limit, message: `${file.fileName}: ${formatBytes(file.size)} is over the ${formatBytes(limit)} limit for ${kind} files` };
  }
  return { ok: true, kind, contentType };
}

/** True when the bytes start like a file of that type (so a renamed .exe is not sent as a photo). */
export function contentMatches(contentType: string, bytes: Uint8Array): boolean {
  const at = (offset: number, ...values: number[]) => values.every((value, index) => bytes[offset + index] === value);
  const ascii = (offset: number, text: string) => at(offset, ...[...text].map((char) => char.charCodeAt(0)));
  switch (normalizeType(contentType)) {
    case 'image/jpeg':
      return at(0, 0xff, 0xd8, 0xff);
    case 'image/png':
      return at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
    case 'application/pdf':
      return ascii(0, '%PDF-');
    case 'audio/ogg':
      return ascii(0, 'OggS');
    case 'audio/amr':
      return ascii(0, '#!AMR');
    case 'audio/mpeg':
      // An ID3 tag, or an MPEG frame sync.
      return ascii(0, 'ID3') || (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0);
    case 'audio/aac':
      return bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xf6) === 0xf0;
    case 'audio/mp4':
    case 'video/mp4':
    case 'video/3gpp':
      // ISO base media files: a box size, then "ftyp".
      return ascii(4, 'ftyp');
    default:
      return false;
  }
}

/** Full check of an uploaded file: type, size and content. */
export function checkUpload(file: AttachmentFacts, bytes: Uint8Array): AttachmentCheck {
  const verdict = checkAttachment({ ...file, size: bytes.length });
  if (!verdict.ok) return verdict;
  if (!contentMatches(verdict.contentType, bytes)) {
    return { ok: false, code: 'content_mismatch', kind: verdict.kind, message: `${file.fileName}: the content is not that of a ${verdict.contentType} file (was it renamed?)` };
  }
  return verdict;
}

/** The `accept` attribute of a file input for every allowed type. */
export const ACCEPT = Object.values(ALLOWED_TYPES).flat().join(',');

/** Splits a RapidPro attachment `"image/jpeg:https://…"` into its type and URL (the URL may contain colons). */
export function parseAttachment(attachment: string): { contentType: string; url: string } {
  const match = /^([a-z]+\/[a-z0-9.+-]+):(.+)$/i.exec(attachment);
  return match ? { contentType: match[1]!.toLowerCase(), url: match[2]! } : { contentType: '', url: attachment };
}
