/**
 * Twilio adapter against its loopback emulator over real HTTP (signed webhooks, Messages API), with the
 * real receiveInbound on a temp SQLite database.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { twilioChannelType } from '../../server/channels/twilio/index.js';
import { twilioSignature } from '../../server/channels/twilio/signature.js';
import { partsAlreadySent } from '../../server/channels/common/multipart-send.js';
import { RetryableError } from '../../server/channels/types.js';
import { first } from '../../server/messaging/sql.js';
import { startTwilioEmulator, type TwilioEmulator } from '../../server/dev/emulators/twilio.js';
import { createChannelEnv, expectFaultClassification, JPEG_BYTES, outgoing, type ChannelEnv } from './harness.js';

const ACCOUNT = `AC${'1'.repeat(32)}`;
const TOKEN = 'twilio-auth-token-0001';
let tw: TwilioEmulator;
let env: ChannelEnv;

beforeEach(async () => {
  tw = await startTwilioEmulator({ accountSid: ACCOUNT, authToken: TOKEN });
  env = await createChannelEnv({ type: 'twilio', provider: 'twilio', address: '+15005550006', schemes: ['tel', 'whatsapp'], config: { account_sid: ACCOUNT, auth_token: TOKEN, base_url: tw.baseUrl, timeout_ms: 500 } });
});
afterEach(async () => {
  await env.close();
  await tw.close();
});

describe('Twilio signature', () => {
  it('signs URL + parameters sorted by name, so parameter order does not matter but the URL and values do', () => {
    const a = twilioSignature('12345', 'https://example.org/hook?x=1', [['To', '+1'], ['Body', 'hi'], ['From', '+2']]);
    expect(twilioSignature('12345', 'https://example.org/hook?x=1', [['From', '+2'], ['To', '+1'], ['Body', 'hi']])).toBe(a);
    expect(twilioSignature('12345', 'https://example.org/hook?x=2', [['To', '+1'], ['Body', 'hi'], ['From', '+2']])).not.toBe(a);
    expect(twilioSignature('12345', 'https://example.org/hook?x=1', [['To', '+1'], ['Body', 'hi!'], ['From', '+2']])).not.toBe(a);
    // base64 of a 20-byte SHA-1 HMAC
    expect(a).toMatch(/^[A-Za-z0-9+/]{27}=$/);
  });
});

describe('Twilio inbound', () => {
  it('accepts a signed SMS, stores it once even when Twilio retries, answers TwiML', async () => {
    const a = await tw.sendInbound(env.webhookUrl('receive'), { From: '+254711000001', Body: 'Ndiyo', MessageSid: `SM${'a'.repeat(32)}` });
    const b = await tw.sendInbound(env.webhookUrl('receive'), { From: '+254711000001', Body: 'Ndiyo', MessageSid: `SM${'a'.repeat(32)}` });
    expect(a.status).toBe(200);
    expect(a.text).toContain('<Response/>');
    expect(b.status).toBe(200);
    const rows = await env.inbound();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ urn: 'tel:+254711000001', text: 'Ndiyo', external_id: `SM${'a'.repeat(32)}` });
  });

  it('rejects unsigned (401) and forged (403) requests and stores nothing', async () => {
    expect((await tw.sendInbound(env.webhookUrl('receive'), { From: '+254711000001', Body: 'x' }, 'unsigned')).status).toBe(401);
    expect((await tw.sendInbound(env.webhookUrl('receive'), { From: '+254711000001', Body: 'x' }, 'forged')).status).toBe(403);
    // A valid signature over other parameters (a tampered body) fails too.
    const form = new URLSearchParams({ MessageSid: 'SM1', AccountSid: ACCOUNT, From: '+254711000001', Body: 'original' });
    const sig = twilioSignature(TOKEN, env.webhookUrl('receive'), form);
    form.set('Body', 'tampered');
    const res = await fetch(env.webhookUrl('receive'), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': sig }, body: form.toString() });
    expect(res.status).toBe(403);
    expect(await env.inbound()).toHaveLength(0);
  });

  it('downloads MMS media with Basic auth into the media store and serves it back', async () => {
    const mediaUrl = tw.hostMedia('image/jpeg', JPEG_BYTES, { requireHeader: ['authorization', `Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`] });
    const res = await tw.sendInbound(env.webhookUrl('receive'), { From: 'whatsapp:+254711000001', Body: 'Picha', media: [{ url: mediaUrl, contentType: 'image/jpeg' }] });
    expect(res.status).toBe(200);
    const [row] = await env.inbound();
    expect(row!.urn).toBe('whatsapp:254711000001');
    expect(row!.attachments).toHaveLength(1);
    const [type, ...rest] = row!.attachments[0]!.split(':');
    expect(type).toBe('image/jpeg');
    const stored = await fetch(rest.join(':'));
    expect(stored.status).toBe(200);
    expect(Buffer.from(await stored.arrayBuffer())).toEqual(JPEG_BYTES);
  });
});

describe('Twilio send', () => {
  it('sends with Basic auth and a status callback; the signed callback moves the message to delivered', async () => {
    const msgUuid = await env.insertSent('tel:+254711000001', 'pending-sid', 'sending');
    const result = await twilioChannelType.send(outgoing({ uuid: msgUuid, urn: 'tel:+254711000001', text: 'Habari' }), env.channel);
    expect(result.status).toBe('wired');
    expect(result.providerId).toBe(tw.sent[0]!.sid);
    expect(tw.sent[0]).toMatchObject({ to: '+254711000001', from: '+15005550006', body: 'Habari' });
    expect(tw.sent[0]!.statusCallback).toBe(`${env.webhookUrl('status')}?msg=${msgUuid}`);
    // The callback arrives before the outbox recorded the sid: matched by our uuid in the callback URL.
    expect((await tw.sendStatus(tw.sent[0]!, 'delivered')).json).toMatchObject({ matched: true });
    expect(await env.messageStatus(msgUuid)).toMatchObject({ status: 'delivered' });
    expect((await tw.sendStatus(tw.sent[0]!, 'delivered', { signing: 'forged' })).status).toBe(403);
  });

  it('maps undelivered to failed and error 21610 in a callback stops the contact', async () => {
    const msgUuid = await env.insertSent('tel:+254711000002', 'SMx');
    await twilioChannelType.send(outgoing({ uuid: msgUuid, urn: 'tel:+254711000002', text: 'x' }), env.channel);
    await tw.sendStatus(tw.sent[0]!, 'undelivered', { errorCode: 21610 });
    expect(await env.messageStatus(msgUuid)).toEqual({ status: 'failed', error: 'twilio undelivered (error 21610)' });
    const contact = await first<{ status: string }>(env.db, `SELECT c.status FROM contacts c JOIN messages m ON m.contact_id = c.id WHERE m.uuid = ?`, [msgUuid]);
    expect(contact!.status).toBe('stopped');
  });

  it('splits texts over 1,600 characters on word boundaries, media with the first part', async () => {
    const text = 'Tafadhali hudhuria kliniki kesho asubuhi. '.repeat(60).trim(); // 2,519 characters
    const result = await twilioChannelType.send(outgoing({ urn: 'tel:+254711000001', text, attachments: ['image/jpeg:https://example.org/x.jpg'] }), env.channel);
    expect(tw.sent).toHaveLength(2);
    expect(tw.sent.every((m) => m.body.length <= 1600)).toBe(true);
    expect(tw.sent.map((m) => m.body).join(' ')).toBe(text);
    expect(tw.sent[0]!.body.endsWith('asubuhi.')).toBe(true);
    expect(tw.sent.map((m) => m.mediaUrls)).toEqual([['https://example.org/x.jpg'], []]);
    expect(result.providerId).toBe(tw.sent[0]!.sid);
  });

  it('does not resend a part Twilio accepted when the next part failed and the outbox retries', async () => {
    const msg = outgoing({ urn: 'tel:+254711000001', text: 'neno '.repeat(500).trim() });
    // The first part is accepted, the second meets a 503.
    const original = tw.takeFault;
    let calls = 0;
    tw.takeFault = () => (++calls === 2 ? { kind: 'server-error', status: 503 } : original());
    await expect(twilioChannelType.send(msg, env.channel)).rejects.toBeInstanceOf(RetryableError);
    expect(partsAlreadySent(msg.uuid)).toBe(1);
    const retry = await twilioChannelType.send({ ...msg, attempt: 2 }, env.channel);
    expect(tw.sent).toHaveLength(2);
    expect(retry.providerId).toBe(tw.sent[0]!.sid);
  });

  it('429 and 5xx are retryable; 21610 stops the contact; other 4xx fail', async () => {
    const send = () => twilioChannelType.send(outgoing({ urn: 'tel:+254711000001', text: 'x' }), env.channel).catch((e: unknown) => e);
    const { throttled, rejected } = await expectFaultClassification(tw, send, { throttle: { kind: 'throttle', retryAfter: 3 } });
    expect((throttled as RetryableError).retryAfterSeconds).toBe(3);
    expect((rejected as Error).message).toContain('21211');
  });

  it('sends WhatsApp URNs with the whatsapp: prefix', async () => {
    await twilioChannelType.send(outgoing({ urn: 'whatsapp:254711000001', text: 'Hi' }), { ...env.channel, address: 'whatsapp:+15005550006' });
    expect(tw.sent[0]).toMatchObject({ to: 'whatsapp:+254711000001', from: 'whatsapp:+15005550006' });
  });
});
