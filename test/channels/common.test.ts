/**
 * Shared adapter pieces: the durable long-SMS part buffer, the stored-media route, Twilio's URL
 * candidates behind a proxy, constant-time comparison, attachment parsing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileMediaStore, serveStoredMedia } from '../../server/channels/common/media-store.js';
import { PartBuffer, type AssembledMessage } from '../../server/channels/common/part-buffer.js';
import { safeEqual } from '../../server/channels/common/signatures.js';
import { parseAttachment, telUrn } from '../../server/channels/common/urns.js';
import { twilioSignature, verifyTwilioRequest } from '../../server/channels/twilio/signature.js';
import type { WebhookRequest } from '../../server/http/webhooks.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiunga-channels-common-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function request(fields: Partial<WebhookRequest>): WebhookRequest {
  return { method: 'GET', path: '/', subPath: '', query: new URLSearchParams(), headers: {}, body: Buffer.alloc(0), ip: '127.0.0.1', ...fields };
}

describe('PartBuffer', () => {
  it('keeps parts on disk across instances (a restart) and assembles them in order once', async () => {
    expect(await new PartBuffer(dir).add('k', { part: 2, total: 2, text: 'world', externalId: 'id-2' })).toBeNull();
    const whole = await new PartBuffer(dir).add('k', { part: 1, total: 2, text: 'Hello ', externalId: 'id-1', meta: { urn: 'tel:+1' } });
    expect(whole).toEqual({ key: 'k', text: 'Hello world', externalId: 'id-1', meta: { urn: 'tel:+1' }, complete: true });
    // Not forgotten until the caller stored it: a retried last part assembles it again.
    expect((await new PartBuffer(dir).add('k', { part: 2, total: 2, text: 'world', externalId: 'id-2' }))?.text).toBe('Hello world');
    await new PartBuffer(dir).forget('k');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('gives back incomplete messages once stale, so a lost part does not swallow the rest', async () => {
    const buffer = new PartBuffer(dir, 1000);
    await buffer.add('chanA|k', { part: 1, total: 3, text: 'Sehemu ya kwanza', externalId: 'p1', meta: { urn: 'tel:+2' } });
    await buffer.add('chanB|k', { part: 1, total: 2, text: 'Another channel', externalId: 'q1' });
    const taken: AssembledMessage[] = [];
    expect(await buffer.takeStale('chanA|', async (m) => void taken.push(m), Date.now())).toBe(0);
    expect(await buffer.takeStale('chanA|', async (m) => void taken.push(m), Date.now() + 2000)).toBe(1);
    expect(taken).toEqual([{ key: 'chanA|k', text: 'Sehemu ya kwanza', externalId: 'p1', meta: { urn: 'tel:+2' }, complete: false }]);
    expect(fs.readdirSync(dir)).toHaveLength(1); // chanB's part is left for its own channel
  });

  it('refuses impossible part numbers', async () => {
    await expect(new PartBuffer(dir).add('k', { part: 3, total: 2, text: '', externalId: 'x' })).rejects.toThrow(/part 3 of 2/);
  });
});

describe('stored media route', () => {
  it('serves a stored file by its hash name and nothing else', async () => {
    const store = new FileMediaStore(dir);
    const name = await store.save(Buffer.from('picture'), 'image/png');
    expect(name).toMatch(/^[0-9a-f]{64}\.png$/);
    const ok = await serveStoredMedia(store, request({ subPath: name }));
    expect(ok).toMatchObject({ status: 200, headers: { 'content-type': 'image/png' } });
    expect(ok.body).toEqual(Buffer.from('picture'));
    expect((await serveStoredMedia(store, request({ subPath: '../../etc/passwd' }))).status).toBe(404);
    expect((await serveStoredMedia(store, request({ subPath: name, method: 'POST' }))).status).toBe(405);
  });
});

describe('Twilio behind a reverse proxy', () => {
  it('accepts a signature over the public https URL rebuilt from X-Forwarded-Proto and Host', () => {
    const body = 'AccountSid=AC1&Body=Hi&From=%2B254711000001&MessageSid=SM1';
    const signed = twilioSignature('tok', 'https://kiunga.moh.go.ke/webhooks/channels/twilio/u/receive', new URLSearchParams(body));
    const req = request({ method: 'POST', path: '/webhooks/channels/twilio/u/receive', body: Buffer.from(body), headers: { host: 'kiunga.moh.go.ke', 'x-forwarded-proto': 'https', 'x-twilio-signature': signed } });
    expect(verifyTwilioRequest(req, 'tok', [null])).toBe('valid');
    expect(verifyTwilioRequest({ ...req, headers: { ...req.headers, host: 'evil.example' } }, 'tok', [null])).toBe('invalid');
    expect(verifyTwilioRequest(req, 'other-token', ['https://kiunga.moh.go.ke'])).toBe('invalid');
  });
});

describe('small helpers', () => {
  it('compares secrets of any length without throwing', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('abc', undefined)).toBe(false);
    expect(safeEqual('abc', '')).toBe(false);
  });

  it('parses attachments and phone numbers', () => {
    expect(parseAttachment('image/jpeg:https://x.org/a.jpg')).toEqual({ contentType: 'image/jpeg', url: 'https://x.org/a.jpg' });
    expect(() => parseAttachment('geo:1,2')).toThrow(/not "content-type:url"/);
    expect(telUrn('254 711-000001')).toBe('tel:+254711000001');
    expect(telUrn('MOH-KE')).toBe('tel:MOH-KE');
  });
});
