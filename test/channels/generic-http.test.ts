/**
 * Generic HTTP (Kannel) adapter against a loopback Kannel smsbox over real HTTP, with the real
 * receiveInbound on a temp SQLite database.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { genericHttpChannelType } from '../../server/channels/generic-http/index.js';
import { encodeForKannel } from '../../server/channels/generic-http/send.js';
import { smsInfo } from '../../server/channels/common/sms-segments.js';
import { FinalError, RetryableError } from '../../server/channels/types.js';
import { startKannelEmulator, type KannelEmulator } from '../../server/dev/emulators/generic-http.js';
import { createChannelEnv, outgoing, type ChannelEnv } from './harness.js';

const SECRET = 'kannel-shared-secret-0123456789';
let kn: KannelEmulator;
let env: ChannelEnv;

async function setup(maxMessages = 1) {
  kn = await startKannelEmulator({ username: 'kiunga', password: 'pw', maxMessages });
  env = await createChannelEnv({
    type: 'generic_http', provider: 'generic-http', address: '20880',
    config: { send_url: kn.sendUrl, username: 'kiunga', password: 'pw', receive_secret: SECRET, max_messages: maxMessages, timeout_ms: 500 },
  });
}
beforeEach(() => setup());
afterEach(async () => {
  await env.close();
  await kn.close();
});

const getUrl = () => `${env.webhookUrl('receive')}?secret=${SECRET}`;

describe('Kannel inbound', () => {
  it('stores an SMS from get-url (GET and POST) once per Kannel id', async () => {
    expect((await kn.sendInbound(getUrl(), { sender: '+254711000001', text: 'Ndio', id: 'k-1' })).status).toBe(200);
    expect((await kn.sendInbound(getUrl(), { sender: '+254711000001', text: 'Ndio', id: 'k-1' })).status).toBe(200);
    expect((await kn.sendInbound(getUrl(), { sender: '254711000002', text: 'Hapana', id: 'k-2' }, 'POST')).status).toBe(200);
    const rows = await env.inbound();
    expect(rows.map((r) => [r.urn, r.text, r.external_id])).toEqual([['tel:+254711000001', 'Ndio', 'k-1'], ['tel:+254711000002', 'Hapana', 'k-2']]);
  });

  it('rejects a request without the secret (401) or with a wrong one (403)', async () => {
    expect((await kn.sendInbound(env.webhookUrl('receive'), { sender: '+254711000001', text: 'x' })).status).toBe(401);
    expect((await kn.sendInbound(`${env.webhookUrl('receive')}?secret=${SECRET.slice(0, -1)}X`, { sender: '+254711000001', text: 'x' })).status).toBe(403);
    expect(await env.inbound()).toHaveLength(0);
  });

  it('maps DLR types from the dlr-url we gave Kannel', async () => {
    const a = await env.insertSent('tel:+254711000001', 'none');
    const b = await env.insertSent('tel:+254711000002', 'none');
    await genericHttpChannelType.send(outgoing({ uuid: a, urn: 'tel:+254711000001', text: 'a' }), env.channel);
    await genericHttpChannelType.send(outgoing({ uuid: b, urn: 'tel:+254711000002', text: 'b' }), env.channel);
    expect(kn.sent[0]!.dlrMask).toBe('27');
    await kn.sendDlr(kn.sent[0]!, 8);
    expect(await env.messageStatus(a)).toMatchObject({ status: 'sent' });
    await kn.sendDlr(kn.sent[0]!, 1);
    expect(await env.messageStatus(a)).toMatchObject({ status: 'delivered' });
    await kn.sendDlr(kn.sent[1]!, 16);
    expect(await env.messageStatus(b)).toEqual({ status: 'failed', error: 'kannel DLR 16' });
  });
});

describe('Kannel send', () => {
  it('sends GSM-7 after replacing look-alikes, UCS-2 as coding=2, replies with priority', async () => {
    const r = await genericHttpChannelType.send(outgoing({ urn: 'tel:+254711000001', text: '“Karibu” – kliniki' }), env.channel);
    await genericHttpChannelType.send(outgoing({ urn: 'tel:+254711000001', text: 'ሰላም', priority: 0 }), env.channel);
    expect(r).toEqual({ status: 'wired', providerId: null });
    expect(kn.sent.map((m) => [m.text, m.coding, m.priority])).toEqual([['"Karibu" - kliniki', null, '1'], ['ሰላም', '2', null]]);
    expect(encodeForKannel('ŵ “x”', 'smart')).toEqual({ text: 'ŵ “x”', unicode: true });
  });

  it('splits a long text into single SMS on word boundaries when Kannel allows one SMS per request', async () => {
    const text = 'Chanjo ya polio itatolewa kesho katika kituo cha afya. '.repeat(7).trim(); // 384 GSM-7 chars
    await genericHttpChannelType.send(outgoing({ urn: 'tel:+254711000001', text }), env.channel);
    expect(kn.sent.length).toBe(3);
    expect(kn.sent.every((m) => smsInfo(m.text).segments === 1)).toBe(true);
    expect(kn.sent.map((m) => m.text).join(' ')).toBe(text);
    // Only the first part asks for a delivery report.
    expect(kn.sent.map((m) => m.dlrUrl !== null)).toEqual([true, false, false]);
  });

  it('uses concatenated parts of 153 septets × max_messages when Kannel concatenates', async () => {
    await env.close();
    await kn.close();
    await setup(3);
    const text = 'a'.repeat(459 + 100);
    await genericHttpChannelType.send(outgoing({ urn: 'tel:+254711000001', text }), env.channel);
    expect(kn.sent.map((m) => m.text.length)).toEqual([459, 100]);
  });

  it('503 and 5xx retry, a refused number fails, bad credentials fail', async () => {
    kn.failNext(1, { kind: 'throttle' });
    kn.failNext(1, { kind: 'server-error' });
    kn.failNext(1, { kind: 'rejected' });
    const send = (channel = env.channel) => genericHttpChannelType.send(outgoing({ urn: 'tel:+254711000001', text: 'x' }), channel).catch((e: unknown) => e);
    expect(await send()).toBeInstanceOf(RetryableError);
    expect(await send()).toBeInstanceOf(RetryableError);
    expect(await send()).toBeInstanceOf(FinalError);
    const bad = await send({ ...env.channel, config: { ...env.channel.config, password: 'nope' } });
    expect(bad).toBeInstanceOf(FinalError);
    expect((bad as Error).message).toContain('403');
  });

  it('requires a long receive secret', () => {
    expect(() => genericHttpChannelType.validateConfig!({ send_url: 'http://k/cgi-bin/sendsms', username: 'u', password: 'p', receive_secret: 'short' })).toThrow(/"receive_secret": must be at least 16/);
  });
});
