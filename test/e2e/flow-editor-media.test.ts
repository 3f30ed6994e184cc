/**
 * Message attachments: the allow-list, the per-kind size limits and the content check of
 * server/media/attachment-rules.ts, and the `media.upload` API storing a file and answering RapidPro's
 * `content-type:url` (viewers may not upload; refused files say which file and why).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAttachment, checkUpload, contentMatches, MAX_BYTES, parseAttachment } from '../../server/media/attachment-rules.js';
import { setAttachmentStore } from '../../server/media/attachment-storage.js';
import { FileMediaStore } from '../../server/channels/common/media-store.js';
import { createTestEnv, tempDir } from '../server/helpers.js';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000a49444154789c63000100000500010d0a2db40000000049454e44ae426082', 'hex');
const PDF = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');

describe('attachment rules', () => {
  it('accepts the allowed types within their size limit and names the kind', () => {
    expect(checkAttachment({ fileName: 'poster.png', contentType: 'image/png', size: 1000 })).toEqual({ ok: true, kind: 'image', contentType: 'image/png' });
    expect(checkAttachment({ fileName: 'note.mp3', contentType: 'audio/mp3', size: 1000 })).toMatchObject({ ok: true, kind: 'audio', contentType: 'audio/mpeg' });
    expect(checkAttachment({ fileName: 'clip.mp4', contentType: 'video/mp4', size: 1000 })).toMatchObject({ ok: true, kind: 'video' });
    expect(checkAttachment({ fileName: 'guide.pdf', contentType: 'application/pdf', size: 1000 })).toMatchObject({ ok: true, kind: 'document' });
  });

  it('refuses other types, empty and oversized files, saying which file and why', () => {
    const type = checkAttachment({ fileName: 'clip.mov', contentType: 'video/quicktime', size: 10 });
    expect(type).toMatchObject({ ok: false, code: 'type_not_allowed' });
    expect(!type.ok && type.message).toMatch(/^clip\.mov: files of type video\/quicktime are not accepted/);
    const big = checkAttachment({ fileName: 'photo.jpg', contentType: 'image/jpeg', size: MAX_BYTES.image + 1 });
    expect(big).toMatchObject({ ok: false, code: 'too_large', kind: 'image', limit: MAX_BYTES.image });
    expect(!big.ok && big.message).toMatch(/^photo\.jpg: .* over the 5 MB limit for image files$/);
    // The same size is fine for a video, whose limit is higher.
    expect(checkAttachment({ fileName: 'v.mp4', contentType: 'video/mp4', size: MAX_BYTES.image + 1 }).ok).toBe(true);
    expect(checkAttachment({ fileName: 'e.pdf', contentType: 'application/pdf', size: 0 })).toMatchObject({ ok: false, code: 'empty' });
  });

  it('checks the content against the declared type', () => {
    expect(contentMatches('image/png', PNG)).toBe(true);
    expect(contentMatches('application/pdf', PDF)).toBe(true);
    expect(contentMatches('image/jpeg', PNG)).toBe(false);
    expect(checkUpload({ fileName: 'fake.pdf', contentType: 'application/pdf', size: 0 }, PNG)).toMatchObject({ ok: false, code: 'content_mismatch' });
  });

  it('splits RapidPro attachments into type and URL', () => {
    expect(parseAttachment('image/png:https://x.org/a:b.png')).toEqual({ contentType: 'image/png', url: 'https://x.org/a:b.png' });
    expect(parseAttachment('image:@fields.photo')).toEqual({ contentType: '', url: 'image:@fields.photo' });
  });
});

describe('media.upload', () => {
  let env: Awaited<ReturnType<typeof createTestEnv>>;
  let dir: string;

  beforeAll(async () => {
    env = await createTestEnv();
    dir = tempDir();
    setAttachmentStore(new FileMediaStore(dir));
  });

  afterAll(async () => {
    setAttachmentStore(null);
    await env?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stores an image and answers content-type:url', async () => {
    const stored = await env.caller('A', 'editor').media.upload({ fileName: 'poster.png', contentType: 'image/png', dataBase64: PNG.toString('base64') });
    expect(stored.kind).toBe('image');
    expect(stored.size).toBe(PNG.length);
    const { contentType, url } = parseAttachment(stored.attachment);
    expect(contentType).toBe('image/png');
    expect(url).toMatch(/\/webhooks\/channels\/media\/[0-9a-f]{64}\.png$/);
    expect(fs.readFileSync(path.join(dir, url.split('/').pop()!))).toEqual(PNG);
  });

  it('refuses a disallowed type or a renamed file with the file name and the reason', async () => {
    const editor = env.caller('A', 'editor');
    await expect(editor.media.upload({ fileName: 'anim.gif', contentType: 'image/gif', dataBase64: PNG.toString('base64') })).rejects.toThrow(/^anim\.gif: files of type image\/gif are not accepted/);
    await expect(editor.media.upload({ fileName: 'guide.pdf', contentType: 'application/pdf', dataBase64: PNG.toString('base64') })).rejects.toThrow(/^guide\.pdf: the content is not that of a application\/pdf file/);
    await expect(editor.media.upload({ fileName: 'x.pdf', contentType: 'application/pdf', dataBase64: 'not base64!' })).rejects.toThrow(/not base64/);
  });

  it('lets only editors upload', async () => {
    await expect(env.caller('A', 'viewer').media.upload({ fileName: 'guide.pdf', contentType: 'application/pdf', dataBase64: PDF.toString('base64') })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await env.caller('A', 'editor').media.upload({ fileName: 'guide.pdf', contentType: 'application/pdf', dataBase64: PDF.toString('base64') })).kind).toBe('document');
  });
});

describe('attachments in the simulator chat', () => {
  it('shows each kind as a phone would, and only web addresses as media or links', async () => {
    const { attachmentKind, webAddress } = await import('../../web/editor/panels/message-attachment.js');
    expect(attachmentKind('image/png')).toBe('image');
    expect(attachmentKind('image/gif')).toBe('image'); // not uploadable here, but an imported flow may have it
    expect(attachmentKind('audio/ogg')).toBe('audio');
    expect(attachmentKind('video/mp4')).toBe('video');
    expect(attachmentKind('application/pdf')).toBe('document');
    expect(attachmentKind('')).toBe('document');
    const base = 'https://kiunga.example.org/#/flows/1';
    expect(webAddress('/webhooks/channels/media/9f86.png', base)).toBe('https://kiunga.example.org/webhooks/channels/media/9f86.png');
    expect(webAddress('https://cdn.example.org/a.mp3', base)).toBe('https://cdn.example.org/a.mp3');
    expect(webAddress('javascript:alert(1)', base)).toBeNull();
    expect(webAddress('data:image/png;base64,AAAA', base)).toBeNull();
  });
});
