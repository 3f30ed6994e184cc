/**
 * Messenger adapter against its loopback Send API emulator over real HTTP (signed page webhooks),
 * with the real receiveInbound on a temp SQLite database.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { messengerChannelType } from '../../server/channels/messenger/index.js';
import { startMessengerEmulator, type MessengerEmulator } from '../../server/dev/emulators/messenger.js';
import { createChannelEnv, expectFaultClassification, JPEG_BYTES, outgoing, type ChannelEnv } from './harness.js';

const PAGE = '1029384756';
let fb: MessengerEmulator;
let env: ChannelEnv;

beforeEach(async () => {
  fb = await startMessengerEmulator({ pageId: PAGE, pageToken: 'page-token', appSecret: 'fb-app-secret' });
  env = await createChannelEnv({
    type: 'messenger', provider: 'messenger', address: PAGE, schemes: ['facebook'],
    config: { page_access_token: 'page-token', app_secret: 'fb-app-secret', verify_token: 'verify-token-1', graph_url: fb.graphUrl, timeout_ms: 500 },
  });
});
afterEach(async () => {
  await env.close();
  await fb.close();
});

describe('Messenger webhook', () => {
  it('answers the handshake with the challenge only for the right token', async () => {
    expect(await (await fetch(`${env.webhookUrl('receive')}?hub.mode=subscribe&hub.verify_token=verify-token-1&hub.challenge=abc`)).text()).toBe('abc');
    expect((await fetch(`${env.webhookUrl('receive')}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=abc`)).status).toBe(403);
  });

  it('stores a signed message once per mid, skips other pages, rejects unsigned/forged', async () => {
    await fb.sendInbound(env.webhookUrl('receive'), { psid: '5566', mid: 'm_1', text: 'Habari' });
    await fb.sendInbound(env.webhookUrl('receive'), { psid: '5566', mid: 'm_1', text: 'Habari' });
    expect((await fb.sendInbound(env.webhookUrl('receive'), { psid: '5566', text: 'x' }, { pageId: '999' })).json).toMatchObject({ messages: 0 });
    expect((await fb.sendInbound(env.webhookUrl('receive'), { psid: '5566', text: 'x' }, { signing: 'unsigned' })).status).toBe(401);
    expect((await fb.sendInbound(env.webhookUrl('receive'), { psid: '5566', text: 'x' }, { signing: 'forged' })).status).toBe(403);
    const rows = await env.inbound();
    expect(rows.map((r) => [r.urn, r.text, r.external_id])).toEqual([['facebook:5566', 'Habari', 'm_1']]);
  });

  it('downloads attachments into the media store; a postback arrives as its title', async () => {
    await fb.sendInbound(env.webhookUrl('receive'), { psid: '5566', media: { type: 'image', contentType: 'image/jpeg', bytes: JPEG_BYTES } });
    await fb.sendInbound(env.webhookUrl('receive'), { psid: '5566', postback: { title: 'Anza', payload: 'GET_STARTED' } });
    const rows = await env.inbound();
    expect(rows[0]!.attachments[0]).toMatch(/^image\/jpeg:http:\/\/127\.0\.0\.1:\d+\/webhooks\/channels\/media\/[0-9a-f]{64}\.jpg$/);
    expect(Buffer.from(await (await fetch(rows[0]!.attachments[0]!.slice('image/jpeg:'.length))).arrayBuffer())).toEqual(JPEG_BYTES);
    expect(rows[1]!.text).toBe('Anza');
  });

  it('marks delivered by mid', async () => {
    const msgUuid = await env.insertSent('facebook:5566', 'm_out_1');
    expect((await fb.sendDelivery(env.webhookUrl('receive'), '5566', ['m_out_1', 'm_unknown'])).json).toMatchObject({ ok: true, statuses: 1 });
    expect(await env.messageStatus(msgUuid)).toMatchObject({ status: 'delivered' });
  });
});

describe('Messenger send', () => {
  it('sends attachments first, then text with quick replies, as RESPONSE for replies and UPDATE for bulk', async () => {
    const r = await messengerChannelType.send(outgoing({ urn: 'facebook:5566', text: 'Una homa?', quickReplies: ['Ndio', 'Hapana'], attachments: ['image/jpeg:https://example.org/a.jpg'] }), env.channel);
    await messengerChannelType.send(outgoing({ urn: 'facebook:5566', text: 'Tangazo', priority: 0 }), env.channel);
    expect(r.providerId).toBe(fb.sent[0]!.messageId);
    expect(fb.sent.map((s) => [s.messagingType, s.message])).toEqual([
      ['RESPONSE', { attachment: { type: 'image', payload: { url: 'https://example.org/a.jpg', is_reusable: true } } }],
      ['RESPONSE', { text: 'Una homa?', quick_replies: [{ content_type: 'text', title: 'Ndio', payload: 'Ndio' }, { content_type: 'text', title: 'Hapana', payload: 'Hapana' }] }],
      ['UPDATE', { text: 'Tangazo' }],
    ]);
  });

  it('splits text at 2,000 characters, quick replies on the last part', async () => {
    const text = 'Ujumbe wa afya. '.repeat(200).trim(); // 3,199 characters
    await messengerChannelType.send(outgoing({ urn: 'facebook:5566', text, quickReplies: ['Sawa'] }), env.channel);
    expect(fb.sent).toHaveLength(2);
    expect(fb.sent.map((s) => s.message.text).join(' ')).toBe(text);
    expect(fb.sent.map((s) => s.message.quick_replies?.length ?? 0)).toEqual([0, 1]);
  });

  it('throttling and 5xx retry; "person unavailable" stops the contact; unknown user fails', async () => {
    const send = () => messengerChannelType.send(outgoing({ urn: 'facebook:5566', text: 'x' }), env.channel).catch((e: unknown) => e);
    const { rejected } = await expectFaultClassification(fb, send);
    expect((rejected as Error).message).not.toContain('page-token');
  });
});
