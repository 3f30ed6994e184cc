/**
 * Telegram adapter against its loopback Bot API emulator over real HTTP (secret-token webhooks, getFile
 * media, reply keyboards), with the real receiveInbound on a temp SQLite database.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { telegramChannelType } from '../../server/channels/telegram/index.js';
import { FinalError, RetryableError } from '../../server/channels/types.js';
import { startTelegramEmulator, type TelegramEmulator } from '../../server/dev/emulators/telegram.js';
import { createChannelEnv, expectFaultClassification, JPEG_BYTES, outgoing, type ChannelEnv } from './harness.js';

const TOKEN = '123456:AAE-test_token';
const SECRET = 'kiunga_webhook_secret_0001';
let tg: TelegramEmulator;
let env: ChannelEnv;

beforeEach(async () => {
  tg = await startTelegramEmulator({ botToken: TOKEN, secretToken: SECRET });
  env = await createChannelEnv({ type: 'telegram', provider: 'telegram', address: 'kiunga_bot', schemes: ['telegram'], config: { bot_token: TOKEN, secret_token: SECRET, api_url: tg.apiUrl, timeout_ms: 500 } });
});
afterEach(async () => {
  await env.close();
  await tg.close();
});

describe('Telegram webhook', () => {
  it('stores an update with the right secret once, even when Telegram redelivers it', async () => {
    const a = await tg.sendUpdate(env.webhookUrl('receive'), { chatId: 777, messageId: 5, text: '/start', firstName: 'Amina', lastName: 'Otieno' });
    const b = await tg.sendUpdate(env.webhookUrl('receive'), { chatId: 777, messageId: 5, text: '/start', firstName: 'Amina', lastName: 'Otieno' });
    expect(a.json).toMatchObject({ ok: true, duplicate: false });
    expect(b.json).toMatchObject({ ok: true, duplicate: true, uuid: a.json!.uuid });
    const rows = await env.inbound();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ urn: 'telegram:777', text: '/start', external_id: '777:5', contact_name: 'Amina Otieno' });
  });

  it('rejects a missing (401) or wrong (403) secret token and stores nothing', async () => {
    expect((await tg.sendUpdate(env.webhookUrl('receive'), { chatId: 777, text: 'x' }, 'unsigned')).status).toBe(401);
    expect((await tg.sendUpdate(env.webhookUrl('receive'), { chatId: 777, text: 'x' }, 'forged')).status).toBe(403);
    expect(await env.inbound()).toHaveLength(0);
  });

  it('downloads the largest photo size and voice notes via getFile, never storing the token-bearing URL', async () => {
    await tg.sendUpdate(env.webhookUrl('receive'), { chatId: 777, photo: { contentType: 'image/jpeg', bytes: JPEG_BYTES }, caption: 'Dawa' });
    await tg.sendUpdate(env.webhookUrl('receive'), { chatId: 777, voice: { contentType: 'audio/ogg', bytes: Buffer.from('OggS-voice') } });
    await tg.sendUpdate(env.webhookUrl('receive'), { chatId: 777, location: { latitude: -0.1, longitude: 34.75 } });
    const rows = await env.inbound();
    expect(rows.map((r) => r.text)).toEqual(['Dawa', '', '']);
    expect(JSON.stringify(rows)).not.toContain(TOKEN);
    const photo = rows[0]!.attachments[0]!;
    expect(photo).toMatch(/^image\/jpeg:http.*\/webhooks\/channels\/media\/[0-9a-f]{64}\.jpg$/);
    expect(Buffer.from(await (await fetch(photo.slice('image/jpeg:'.length))).arrayBuffer())).toEqual(JPEG_BYTES);
    expect(rows[1]!.attachments[0]).toMatch(/^audio\/ogg:/);
    expect(rows[2]!.attachments).toEqual(['geo:-0.1,34.75']);
  });
});

describe('Telegram send', () => {
  it('sends text with a one-time reply keyboard for quick replies', async () => {
    const r = await telegramChannelType.send(outgoing({ urn: 'telegram:777', text: 'Una homa?', quickReplies: ['Ndio', 'Hapana'] }), env.channel);
    expect(r).toEqual({ status: 'wired', providerId: String(tg.sent[0]!.messageId) });
    expect(tg.sent[0]).toMatchObject({ method: 'sendMessage', body: { chat_id: '777', text: 'Una homa?', reply_markup: { keyboard: [[{ text: 'Ndio' }], [{ text: 'Hapana' }]], resize_keyboard: true, one_time_keyboard: true } } });
    expect(tg.sent[0]!.body.parse_mode).toBeUndefined();
  });

  it('sends media by method (photo with caption; document then text)', async () => {
    await telegramChannelType.send(outgoing({ urn: 'telegram:777', text: 'Ratiba', attachments: ['image/jpeg:https://example.org/r.jpg'] }), env.channel);
    await telegramChannelType.send(outgoing({ urn: 'telegram:777', text: 'Soma', attachments: ['application/pdf:https://example.org/g.pdf', 'video/mp4:https://example.org/v.mp4'] }), env.channel);
    expect(tg.sent.map((s) => [s.method, s.body.photo ?? s.body.document ?? s.body.video ?? s.body.text, s.body.caption])).toEqual([
      ['sendPhoto', 'https://example.org/r.jpg', 'Ratiba'],
      ['sendDocument', 'https://example.org/g.pdf', undefined],
      ['sendVideo', 'https://example.org/v.mp4', undefined],
      ['sendMessage', 'Soma', undefined],
    ]);
  });

  it('appends a geo attachment to the text and refuses a malformed attachment as final', async () => {
    await telegramChannelType.send(outgoing({ urn: 'telegram:777', text: 'Kliniki iko hapa', attachments: ['geo:-1.2921,36.8219'] }), env.channel);
    expect(tg.sent[0]).toMatchObject({ method: 'sendMessage', body: { text: 'Kliniki iko hapa\ngeo:-1.2921,36.8219' } });
    const bad = await telegramChannelType.send(outgoing({ urn: 'telegram:777', text: 'x', attachments: ['not an attachment'] }), env.channel).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(FinalError);
    expect((bad as Error).message).toMatch(/^telegram: attachment "not an attachment" is not "content-type:url"/);
  });

  it('splits text over 4,096 characters', async () => {
    const text = 'Habari za kliniki. '.repeat(250).trim(); // 4,749 characters
    await telegramChannelType.send(outgoing({ urn: 'telegram:777', text }), env.channel);
    expect(tg.sent).toHaveLength(2);
    expect(tg.sent.map((s) => s.body.text).join(' ')).toBe(text);
  });

  it('429 retries after retry_after, 5xx retries, blocked stops the contact, unknown chat fails', async () => {
    const send = () => telegramChannelType.send(outgoing({ urn: 'telegram:777', text: 'x' }), env.channel).catch((e: unknown) => e);
    const { throttled, rejected } = await expectFaultClassification(tg, send, { throttle: { kind: 'throttle', retryAfter: 17 } });
    expect((throttled as RetryableError).retryAfterSeconds).toBe(17);
    expect((rejected as Error).message).not.toContain(TOKEN);
  });

  it('validates the token and secret formats', () => {
    expect(() => telegramChannelType.validateConfig!({ bot_token: 'nope', secret_token: SECRET })).toThrow(/"bot_token"/);
    expect(() => telegramChannelType.validateConfig!({ bot_token: TOKEN, secret_token: 'has spaces in it!!' })).toThrow(/"secret_token"/);
  });
});
