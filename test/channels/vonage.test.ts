/**
 * Vonage SMS API adapter against its loopback emulator over real HTTP (signed webhooks), with the real
 * receiveInbound on a temp SQLite database.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vonageChannelType } from '../../server/channels/vonage/index.js';
import { vonageSignature, vonageSignedString } from '../../server/channels/vonage/signature.js';
import { FinalError } from '../../server/channels/types.js';
import { first } from '../../server/messaging/sql.js';
import { startVonageEmulator, type VonageEmulator } from '../../server/dev/emulators/vonage.js';
import { createChannelEnv, expectFaultClassification, outgoing, type ChannelEnv } from './harness.js';

let vn: VonageEmulator;
let env: ChannelEnv;

async function setup(method: 'md5hash' | 'sha256' | 'sha512' = 'sha256') {
  vn = await startVonageEmulator({ apiKey: 'key123', apiSecret: 'secret456', signatureSecret: 'signature-secret-789', signatureMethod: method });
  env = await createChannelEnv({
    type: 'vonage', provider: 'vonage', address: '254700000000',
    config: { api_key: 'key123', api_secret: 'secret456', signature_secret: 'signature-secret-789', signature_method: method, send_url: vn.sendUrl, timeout_ms: 500 },
  });
}
beforeEach(() => setup());
afterEach(async () => {
  await env.close();
  await vn.close();
});

describe('Vonage signature', () => {
  it('signs sorted "&k=v" pairs, replacing & and = in values', () => {
    expect(vonageSignedString({ text: 'a=b&c', msisdn: '2547', sig: 'ignored' })).toBe('&msisdn=2547&text=a_b_c');
    expect(vonageSignature({ a: '1' }, 's', 'md5hash')).toMatch(/^[0-9A-F]{32}$/);
    expect(vonageSignature({ a: '1' }, 's', 'sha256')).not.toBe(vonageSignature({ a: '2' }, 's', 'sha256'));
  });
});

describe('Vonage inbound', () => {
  it('accepts a signed SMS (form and JSON), stores it once on retries, answers 204', async () => {
    const a = await vn.sendInbound(env.webhookUrl('receive'), { msisdn: '254711000001', text: 'Ndio', messageId: '0A0000001' });
    const b = await vn.sendInbound(env.webhookUrl('receive'), { msisdn: '254711000001', text: 'Ndio', messageId: '0A0000001' });
    const c = await vn.sendInbound(env.webhookUrl('receive'), { msisdn: '254711000002', text: 'Hapana', messageId: '0A0000002' }, { json: true });
    expect([a.status, b.status, c.status]).toEqual([204, 204, 204]);
    const rows = await env.inbound();
    expect(rows.map((r) => [r.urn, r.text, r.external_id])).toEqual([['tel:+254711000001', 'Ndio', '0A0000001'], ['tel:+254711000002', 'Hapana', '0A0000002']]);
  });

  it('rejects unsigned (401) and forged (403) webhooks and stores nothing', async () => {
    expect((await vn.sendInbound(env.webhookUrl('receive'), { msisdn: '254711000001', text: 'x' }, { signing: 'unsigned' })).status).toBe(401);
    expect((await vn.sendInbound(env.webhookUrl('receive'), { msisdn: '254711000001', text: 'x' }, { signing: 'forged' })).status).toBe(403);
    expect(await env.inbound()).toHaveLength(0);
  });

  it('reassembles a long SMS delivered in parts out of order into one message', async () => {
    const parts = ['Mgonjwa ana homa kali ', 'na kikohozi tangu ', 'jana usiku.'];
    const answers = await vn.sendLongInbound(env.webhookUrl('receive'), { msisdn: '254711000001', parts, order: [2, 3, 1], ref: '42' });
    expect(answers.map((a) => a.status)).toEqual([204, 204, 204]);
    const rows = await env.inbound();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ text: parts.join(''), external_id: 'PART42-1' });
  });

  it('maps delivery receipts (matched by client-ref) and stops the contact on "call barred by user"', async () => {
    const delivered = await env.insertSent('tel:+254711000001', 'x1', 'sending');
    const barred = await env.insertSent('tel:+254711000002', 'x2');
    await vonageChannelType.send(outgoing({ uuid: delivered, urn: 'tel:+254711000001', text: 'a' }), env.channel);
    await vonageChannelType.send(outgoing({ uuid: barred, urn: 'tel:+254711000002', text: 'b' }), env.channel);
    expect(vn.sent[0]!.callback).toBe(env.webhookUrl('status'));
    expect((await vn.sendReceipt(vn.sent[0]!, 'delivered')).status).toBe(204);
    expect(await env.messageStatus(delivered)).toMatchObject({ status: 'delivered' });
    expect((await vn.sendReceipt(vn.sent[1]!, 'failed', '4', 'forged')).status).toBe(403);
    expect(await env.messageStatus(barred)).toMatchObject({ status: 'wired' });
    await vn.sendReceipt(vn.sent[1]!, 'failed', '4');
    expect(await env.messageStatus(barred)).toEqual({ status: 'failed', error: 'vonage failed: call barred by user' });
    const contact = await first<{ status: string }>(env.db, `SELECT c.status FROM contacts c JOIN messages m ON m.contact_id = c.id WHERE m.uuid = ?`, [barred]);
    expect(contact!.status).toBe('stopped');
  });
});

describe('Vonage send', () => {
  it('sends GSM-7 as type text and other scripts as unicode, number without "+"', async () => {
    const r = await vonageChannelType.send(outgoing({ urn: 'tel:+254711000001', text: 'Habari {Amina}' }), env.channel);
    await vonageChannelType.send(outgoing({ urn: 'tel:+254711000001', text: 'ሰላም' }), env.channel);
    expect(r).toEqual({ status: 'wired', providerId: vn.sent[0]!.messageId });
    expect(vn.sent.map((m) => [m.to, m.from, m.type])).toEqual([['254711000001', '254700000000', 'text'], ['254711000001', '254700000000', 'unicode']]);
  });

  it('splits over 1,600 characters', async () => {
    const text = 'Neno la afya. '.repeat(150).trim();
    await vonageChannelType.send(outgoing({ urn: 'tel:+254711000001', text }), env.channel);
    expect(vn.sent).toHaveLength(2);
    expect(vn.sent.every((m) => m.text.length <= 1600)).toBe(true);
    expect(vn.sent.map((m) => m.text).join(' ')).toBe(text);
  });

  it('throughput exceeded and 5xx retry; number barred stops the contact; invalid number fails', async () => {
    const send = () => vonageChannelType.send(outgoing({ urn: 'tel:+254711000001', text: 'x' }), env.channel).catch((e: unknown) => e);
    await expectFaultClassification(vn, send, { serverError: { kind: 'server-error', status: 502 } });
  });

  it('fails on bad credentials with Vonage\'s error text', async () => {
    const err = await vonageChannelType.send(outgoing({ urn: 'tel:+254711000001', text: 'x' }), { ...env.channel, config: { ...env.channel.config, api_secret: 'wrong' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FinalError);
    expect((err as Error).message).toContain('Bad Credentials');
  });
});

describe('Vonage md5hash signatures', () => {
  it('accepts md5hash-signed webhooks when the channel is configured for them', async () => {
    await env.close();
    await vn.close();
    await setup('md5hash');
    expect((await vn.sendInbound(env.webhookUrl('receive'), { msisdn: '254711000001', text: 'ok' })).status).toBe(204);
    expect((await vn.sendInbound(env.webhookUrl('receive'), { msisdn: '254711000001', text: 'ok' }, { signing: 'forged' })).status).toBe(403);
    expect(await env.inbound()).toHaveLength(1);
  });
});

describe('Vonage signed webhooks (JWT, Messages API)', () => {
  it('stores a JWT-signed inbound once; refuses forged, tampered-body and "alg":"none" tokens', async () => {
    const inbound = { message_uuid: 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee', from: '254711000009', to: '254700000000', channel: 'sms', message_type: 'text', text: 'Habari', timestamp: new Date().toISOString() };
    expect((await vn.sendMessagesApi(env.webhookUrl('receive'), inbound, 'forged')).status).toBe(403);
    expect((await vn.sendMessagesApi(env.webhookUrl('receive'), inbound, 'tampered')).status).toBe(403);
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify({ iat: Math.floor(Date.now() / 1000) })).toString('base64url')}.x`;
    const unsignedAlg = await fetch(env.webhookUrl('receive'), { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${none}` }, body: JSON.stringify(inbound) });
    expect(unsignedAlg.status).toBe(403);
    expect(await env.inbound()).toHaveLength(0);
    expect((await vn.sendMessagesApi(env.webhookUrl('receive'), inbound)).status).toBe(204);
    expect((await vn.sendMessagesApi(env.webhookUrl('receive'), inbound)).status).toBe(204); // Vonage retry
    const rows = await env.inbound();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ urn: 'tel:+254711000009', text: 'Habari', external_id: inbound.message_uuid });
  });

  it('maps Messages API statuses, matching our client_ref', async () => {
    const uuid = await env.insertSent('tel:+254711000010', 'msg-uuid-1');
    await vn.sendMessagesApi(env.webhookUrl('status'), { message_uuid: 'other-id', client_ref: uuid, status: 'delivered', to: '254711000010', timestamp: new Date().toISOString() });
    expect(await env.messageStatus(uuid)).toMatchObject({ status: 'delivered' });
    const failed = await env.insertSent('tel:+254711000011', 'msg-uuid-2');
    await vn.sendMessagesApi(env.webhookUrl('status'), { message_uuid: 'msg-uuid-2', status: 'undeliverable', error: { type: 'https://developer.vonage.com/api-errors/messages#1320', title: 'Undeliverable' } });
    expect(await env.messageStatus(failed)).toMatchObject({ status: 'failed', error: expect.stringMatching(/vonage undeliverable: .*Undeliverable/) });
  });
});
