/**
 * Africa's Talking adapter against its loopback emulator over real HTTP, with the real receiveInbound
 * on a temp SQLite database.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { africasTalkingChannelType } from '../../server/channels/africastalking/index.js';
import { FinalError, RetryableError } from '../../server/channels/types.js';
import { startAfricasTalkingEmulator, type AfricasTalkingEmulator } from '../../server/dev/emulators/africastalking.js';
import { createChannelEnv, outgoing, type ChannelEnv } from './harness.js';

let at: AfricasTalkingEmulator;
let env: ChannelEnv;

beforeEach(async () => {
  at = await startAfricasTalkingEmulator({ username: 'moh_ke', apiKey: 'atsk_test' });
  env = await createChannelEnv({ type: 'africastalking', provider: 'africastalking', address: '20880', config: { username: 'moh_ke', api_key: 'atsk_test', send_url: at.sendUrl, timeout_ms: 500 } });
});
afterEach(async () => {
  await env.close();
  await at.close();
});

describe("Africa's Talking inbound", () => {
  it('stores an SMS once even when AT posts it twice', async () => {
    const a = await at.sendInbound(env.webhookUrl('receive'), { id: 'ATMo_7', from: '+254711000001', text: 'Ndio' });
    const b = await at.sendInbound(env.webhookUrl('receive'), { id: 'ATMo_7', from: '+254711000001', text: 'Ndio' });
    expect(a.status).toBe(200);
    expect(b.json).toMatchObject({ ok: true, duplicate: true, uuid: a.json!.uuid });
    const rows = await env.inbound();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ text: 'Ndio', urn: 'tel:+254711000001', external_id: 'ATMo_7', attachments: [] });
  });

  it('refuses a request for an unknown channel or without required fields, storing nothing', async () => {
    const wrong = await at.sendInbound(env.webhookUrl('receive').replace(env.channel.uuid, '01935b5e-0000-7000-8000-000000000000'), { from: '+254711000001', text: 'x' });
    expect(wrong.status).toBe(404);
    const missing = await fetch(env.webhookUrl('receive'), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'text=hi&id=1' });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: string }).error).toBe('"from" is required');
    expect(await env.inbound()).toHaveLength(0);
  });

  it('maps delivery reports by AT message id', async () => {
    const delivered = await env.insertSent('tel:+254711000001', 'ATXid_100');
    const failed = await env.insertSent('tel:+254711000002', 'ATXid_101');
    const buffered = await env.insertSent('tel:+254711000003', 'ATXid_102');
    expect((await at.sendDeliveryReport(env.webhookUrl('status'), { id: 'ATXid_100', status: 'Success' })).json).toMatchObject({ matched: true });
    await at.sendDeliveryReport(env.webhookUrl('status'), { id: 'ATXid_101', status: 'Failed', failureReason: 'AbsentSubscriber' });
    await at.sendDeliveryReport(env.webhookUrl('status'), { id: 'ATXid_102', status: 'Buffered' });
    expect(await env.messageStatus(delivered)).toMatchObject({ status: 'delivered' });
    expect(await env.messageStatus(failed)).toEqual({ status: 'failed', error: 'AbsentSubscriber' });
    expect(await env.messageStatus(buffered)).toMatchObject({ status: 'sent' });
    expect((await at.sendDeliveryReport(env.webhookUrl('status'), { id: 'nope', status: 'Success' })).json).toMatchObject({ matched: false });
  });
});

describe("Africa's Talking send", () => {
  it('sends with apiKey, username and sender, returning the AT message id', async () => {
    const result = await africasTalkingChannelType.send(outgoing({ urn: 'tel:+254711000001', text: 'Karibu' }), env.channel);
    expect(result).toEqual({ status: 'wired', providerId: 'ATXid_1' });
    expect(at.sent).toEqual([{ messageId: 'ATXid_1', username: 'moh_ke', to: '+254711000001', from: '20880', message: 'Karibu' }]);
  });

  it('sends a long text in one request (AT concatenates) and appends attachment URLs', async () => {
    const text = 'Chanjo '.repeat(100).trim();
    await africasTalkingChannelType.send(outgoing({ urn: 'tel:+254711000001', text, attachments: ['image/jpeg:https://example.org/a.jpg'] }), env.channel);
    expect(at.sent).toHaveLength(1);
    expect(at.sent[0]!.message).toBe(`${text}\nhttps://example.org/a.jpg`);
  });

  it('turns 429 and 5xx into retryable errors, honouring Retry-After', async () => {
    at.failNext(1, { kind: 'throttle', retryAfter: 9 });
    at.failNext(1, { kind: 'server-error', status: 503 });
    const send = () => africasTalkingChannelType.send(outgoing({ urn: 'tel:+254711000001', text: 'x' }), env.channel);
    const throttled = await send().catch((e: unknown) => e);
    expect(throttled).toBeInstanceOf(RetryableError);
    expect((throttled as RetryableError).retryAfterSeconds).toBe(9);
    await expect(send()).rejects.toBeInstanceOf(RetryableError);
    expect(at.sent).toHaveLength(0);
  });

  it('treats a timeout as retryable', async () => {
    at.failNext(1, { kind: 'timeout', ms: 2_000 });
    await expect(africasTalkingChannelType.send(outgoing({ urn: 'tel:+254711000001', text: 'x' }), env.channel)).rejects.toThrow(/no answer within 500 ms/);
  });

  it('stops the contact on UserInBlacklist, fails without stopping on a rejected number or bad credentials', async () => {
    at.failNext(1, { kind: 'blocked' });
    at.failNext(1, { kind: 'rejected' });
    const send = () => africasTalkingChannelType.send(outgoing({ urn: 'tel:+254711000001', text: 'x' }), env.channel);
    const blocked = await send().catch((e: unknown) => e);
    expect(blocked).toBeInstanceOf(FinalError);
    expect((blocked as FinalError).contactStopped).toBe(true);
    const rejected = await send().catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(FinalError);
    expect((rejected as FinalError).contactStopped).toBe(false);
    const badKey = await africasTalkingChannelType.send(outgoing({ urn: 'tel:+254711000001', text: 'x' }), { ...env.channel, config: { ...env.channel.config, api_key: 'wrong' } }).catch((e: unknown) => e);
    expect(badKey).toBeInstanceOf(FinalError);
    expect((badKey as Error).message).toContain('401');
  });

  it('validates its config, naming the field', () => {
    expect(() => africasTalkingChannelType.validateConfig!({ username: 'x' })).toThrow(/africastalking channel config: "api_key"/);
    expect(() => africasTalkingChannelType.validateConfig!({ username: 'x', api_key: 'k', send_url: 'ftp://x' })).toThrow(/"send_url": must be an http\(s\) URL/);
  });
});
