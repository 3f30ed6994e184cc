/**
 * The provider adapters driven by the real outbox sender (server/jobs/outbox-sender.ts): what a send
 * outcome does to the stored message and contact, end to end over HTTP to the emulators.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { OutboxSender } from '../../server/jobs/outbox-sender.js';
import { first, run } from '../../server/messaging/sql.js';
import { startTwilioEmulator, type TwilioEmulator } from '../../server/dev/emulators/twilio.js';
import { startTelegramEmulator, type TelegramEmulator } from '../../server/dev/emulators/telegram.js';
import { createChannelEnv, type ChannelEnv } from './harness.js';

const ACCOUNT = `AC${'2'.repeat(32)}`;
let env: ChannelEnv;
let tw: TwilioEmulator | null = null;
let tg: TelegramEmulator | null = null;

afterEach(async () => {
  await env.close();
  await tw?.close();
  await tg?.close();
  tw = tg = null;
});

describe('outbox sender with provider adapters', () => {
  it('Twilio: sent once, then delivered by the signed status callback; STOP error stops the contact; 429 waits Retry-After', async () => {
    tw = await startTwilioEmulator({ accountSid: ACCOUNT, authToken: 'token-abcdefgh' });
    env = await createChannelEnv({ type: 'twilio', provider: 'twilio', address: '+15005550006', config: { account_sid: ACCOUNT, auth_token: 'token-abcdefgh', base_url: tw.baseUrl, timeout_ms: 1000 } });
    const sender = new OutboxSender(env.rt, { pollMs: 50 });

    const ok = await env.queueOutgoing('tel:+254711000001', 'Kliniki imefunguliwa');
    await sender.tick();
    const row = await first<{ status: string; provider_id: string }>(env.db, 'SELECT status, provider_id FROM messages WHERE uuid = ?', [ok]);
    expect(row).toEqual({ status: 'wired', provider_id: tw.sent[0]!.sid });
    await tw.sendStatus(tw.sent[0]!, 'delivered');
    expect(await env.messageStatus(ok)).toMatchObject({ status: 'delivered' });
    expect(tw.sent).toHaveLength(1);

    tw.failNext(1, { kind: 'blocked' });
    const stopped = await env.queueOutgoing('tel:+254711000002', 'Habari');
    await sender.tick();
    expect(await env.messageStatus(stopped)).toMatchObject({ status: 'failed' });
    expect(await env.contactStatus(stopped)).toBe('stopped');

    tw.failNext(1, { kind: 'throttle', retryAfter: 120 });
    const throttled = await env.queueOutgoing('tel:+254711000003', 'Habari');
    const before = Date.now();
    await sender.tick();
    const retry = await first<{ status: string; next_attempt_at: string }>(env.db, 'SELECT status, next_attempt_at FROM messages WHERE uuid = ?', [throttled]);
    expect(retry!.status).toBe('errored');
    const wait = (Date.parse(retry!.next_attempt_at) - before) / 1000;
    expect(wait).toBeGreaterThan(115);
    expect(wait).toBeLessThan(125);
  });

  it('Twilio: a 63018 (throttled) status callback puts a one-request message back in the outbox; a long one fails', async () => {
    tw = await startTwilioEmulator({ accountSid: ACCOUNT, authToken: 'token-abcdefgh' });
    env = await createChannelEnv({ type: 'twilio', provider: 'twilio', address: '+15005550006', config: { account_sid: ACCOUNT, auth_token: 'token-abcdefgh', base_url: tw.baseUrl, timeout_ms: 1000 } });
    const sender = new OutboxSender(env.rt, { pollMs: 50 });
    const short = await env.queueOutgoing('tel:+254711000005', 'Kumbusho la kliniki');
    await sender.tick();
    const before = Date.now();
    expect((await tw.sendStatus(tw.sent[0]!, 'failed', { errorCode: 63018 })).json).toMatchObject({ requeued: true });
    const row = await first<{ status: string; error: string; next_attempt_at: string }>(env.db, 'SELECT status, error, next_attempt_at FROM messages WHERE uuid = ?', [short]);
    expect(row).toMatchObject({ status: 'errored', error: expect.stringMatching(/63018: throttled/) });
    expect((Date.parse(row!.next_attempt_at) - before) / 1000).toBeGreaterThan(55);
    await run(env.db, 'UPDATE messages SET next_attempt_at = ? WHERE uuid = ?', [new Date(Date.now() - 1000).toISOString(), short]);
    await sender.tick();
    expect(tw.sent.filter((m) => m.to === '+254711000005')).toHaveLength(2);
    expect(await env.messageStatus(short)).toMatchObject({ status: 'wired' });

    const long = await env.queueOutgoing('tel:+254711000006', 'Maelezo marefu ya mafunzo. '.repeat(70).trim());
    await sender.tick();
    const parts = tw.sent.filter((m) => m.to === '+254711000006');
    expect(parts).toHaveLength(2);
    await tw.sendStatus(parts[1]!, 'failed', { errorCode: 63018 });
    expect(await env.messageStatus(long)).toMatchObject({ status: 'failed', error: 'twilio failed (error 63018)' });
  });

  it('Telegram: quick replies reach the keyboard; a blocked bot stops the contact', async () => {
    tg = await startTelegramEmulator({ botToken: '42:secret-token', secretToken: 'kiunga_webhook_secret_0002' });
    env = await createChannelEnv({ type: 'telegram', provider: 'telegram', address: 'bot', schemes: ['telegram'], config: { bot_token: '42:secret-token', secret_token: 'kiunga_webhook_secret_0002', api_url: tg.apiUrl, timeout_ms: 1000 } });
    const sender = new OutboxSender(env.rt, { pollMs: 50 });
    const q = await env.queueOutgoing('telegram:777', 'Una homa?', { quickReplies: ['Ndio', 'Hapana'] });
    await sender.tick();
    expect(await env.messageStatus(q)).toMatchObject({ status: 'wired' });
    expect(tg.sent[0]!.body.reply_markup).toMatchObject({ keyboard: [[{ text: 'Ndio' }], [{ text: 'Hapana' }]] });
    tg.failNext(1, { kind: 'blocked' });
    const blocked = await env.queueOutgoing('telegram:778', 'Habari');
    await sender.tick();
    expect(await env.contactStatus(blocked)).toBe('stopped');
  });
});
