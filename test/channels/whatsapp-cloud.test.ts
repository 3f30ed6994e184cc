/**
 * WhatsApp Cloud API adapter against its loopback Graph API emulator over real HTTP (signed webhooks,
 * media by id, interactive messages, templates), with the real receiveInbound on a temp SQLite database.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { whatsAppCloudChannelType, whatsAppWindow } from '../../server/channels/whatsapp-cloud/index.js';
import { whatsAppPayloads } from '../../server/channels/whatsapp-cloud/send.js';
import { FinalError, RetryableError } from '../../server/channels/types.js';
import { startWhatsAppCloudEmulator, type WhatsAppCloudEmulator } from '../../server/dev/emulators/whatsapp-cloud.js';
import { createChannelEnv, JPEG_BYTES, outgoing, type ChannelEnv } from './harness.js';

const PHONE_ID = '1234567890';
let wa: WhatsAppCloudEmulator;
let env: ChannelEnv;
const AMINA = '254711000001';

beforeEach(async () => {
  wa = await startWhatsAppCloudEmulator({ phoneNumberId: PHONE_ID, accessToken: 'EAAG-token', appSecret: 'app-secret-1' });
  env = await createChannelEnv({
    type: 'whatsapp_cloud', provider: 'whatsapp-cloud', address: '+15550783881', schemes: ['whatsapp'],
    config: { phone_number_id: PHONE_ID, access_token: 'EAAG-token', app_secret: 'app-secret-1', verify_token: 'verify-me-please', graph_url: wa.graphUrl, timeout_ms: 500 },
  });
});
afterEach(async () => {
  await env.close();
  await wa.close();
});

describe('WhatsApp Cloud webhook', () => {
  it('answers the subscription handshake only with the right verify token', async () => {
    const ok = await fetch(`${env.webhookUrl('receive')}?hub.mode=subscribe&hub.verify_token=verify-me-please&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const bad = await fetch(`${env.webhookUrl('receive')}?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1`);
    expect(bad.status).toBe(403);
  });

  it('stores a signed text once (Meta retry and repeated id in one payload), with the profile name', async () => {
    const a = await wa.sendInbound(env.webhookUrl('receive'), { from: AMINA, name: 'Amina', id: 'wamid.A1', text: 'Habari' }, { repeatInPayload: true });
    const b = await wa.sendInbound(env.webhookUrl('receive'), { from: AMINA, name: 'Amina', id: 'wamid.A1', text: 'Habari' });
    expect(a.json).toMatchObject({ ok: true, messages: 1 });
    expect(b.status).toBe(200);
    const rows = await env.inbound();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ urn: `whatsapp:${AMINA}`, text: 'Habari', external_id: 'wamid.A1', contact_name: 'Amina' });
  });

  it('rejects unsigned (401) and forged (403) payloads and stores nothing; ignores other phone numbers', async () => {
    expect((await wa.sendInbound(env.webhookUrl('receive'), { from: AMINA, text: 'x' }, { signing: 'unsigned' })).status).toBe(401);
    expect((await wa.sendInbound(env.webhookUrl('receive'), { from: AMINA, text: 'x' }, { signing: 'forged' })).status).toBe(403);
    expect((await wa.sendInbound(env.webhookUrl('receive'), { from: AMINA, text: 'x' }, { phoneNumberId: '999' })).json).toMatchObject({ ok: true, messages: 0 });
    expect(await env.inbound()).toHaveLength(0);
  });

  it('downloads media by id with the bearer token, keeps the caption; takes button replies and locations', async () => {
    await wa.sendInbound(env.webhookUrl('receive'), { from: AMINA, media: { type: 'image', contentType: 'image/jpeg', bytes: JPEG_BYTES, caption: 'Upele' } });
    await wa.sendInbound(env.webhookUrl('receive'), { from: AMINA, buttonReply: { id: '1', title: 'Ndio' } });
    await wa.sendInbound(env.webhookUrl('receive'), { from: AMINA, location: { latitude: -1.2921, longitude: 36.8219, name: 'Kliniki' } });
    const rows = await env.inbound();
    expect(rows.map((r) => r.text)).toEqual(['Upele', 'Ndio', 'Kliniki']);
    expect(rows[2]!.attachments).toEqual(['geo:-1.2921,36.8219']);
    const [attachment] = rows[0]!.attachments;
    expect(attachment).toMatch(/^image\/jpeg:http:\/\/127\.0\.0\.1:\d+\/webhooks\/channels\/media\/[0-9a-f]{64}\.jpg$/);
    const served = await fetch(attachment!.slice('image/jpeg:'.length));
    expect(Buffer.from(await served.arrayBuffer())).toEqual(JPEG_BYTES);
  });

  it('maps statuses by wamid, failed with the error', async () => {
    const read = await env.insertSent(`whatsapp:${AMINA}`, 'wamid.OUT1');
    const failed = await env.insertSent('whatsapp:254711000002', 'wamid.OUT2');
    await wa.sendStatus(env.webhookUrl('receive'), 'wamid.OUT1', 'delivered');
    await wa.sendStatus(env.webhookUrl('receive'), 'wamid.OUT1', 'read');
    await wa.sendStatus(env.webhookUrl('receive'), 'wamid.OUT2', 'failed', { code: 131026, title: 'Message undeliverable' });
    expect(await env.messageStatus(read)).toMatchObject({ status: 'read' });
    expect(await env.messageStatus(failed)).toEqual({ status: 'failed', error: 'whatsapp 131026 Message undeliverable' });
    expect((await wa.sendStatus(env.webhookUrl('receive'), 'wamid.OUT2', 'delivered', undefined, 'forged')).status).toBe(403);
  });
});

describe('WhatsApp Cloud send', () => {
  beforeEach(() => wa.openWindow(AMINA));

  it('sends text with the bearer token and returns the wamid', async () => {
    const result = await whatsAppCloudChannelType.send(outgoing({ urn: `whatsapp:${AMINA}`, text: 'Karibu' }), env.channel);
    expect(result).toEqual({ status: 'wired', providerId: wa.sent[0]!.id });
    expect(wa.sent[0]!.payload).toMatchObject({ to: AMINA, type: 'text', text: { body: 'Karibu', preview_url: false } });
  });

  it('matches a status that arrives before the outbox recorded the wamid, by our uuid echoed back', async () => {
    const msgUuid = await env.insertSent(`whatsapp:${AMINA}`, 'not-yet-known', 'sending');
    await whatsAppCloudChannelType.send(outgoing({ uuid: msgUuid, urn: `whatsapp:${AMINA}`, text: 'Karibu' }), env.channel);
    expect(wa.sent[0]!.payload.biz_opaque_callback_data).toBe(msgUuid);
    await wa.sendStatus(env.webhookUrl('receive'), wa.sent[0]!.id, 'delivered');
    expect(await env.messageStatus(msgUuid)).toMatchObject({ status: 'delivered' });
  });

  it('sends up to 3 short quick replies as buttons, more or longer as a list (≤10)', async () => {
    await whatsAppCloudChannelType.send(outgoing({ urn: `whatsapp:${AMINA}`, text: 'Una homa?', quickReplies: ['Ndio', 'Hapana'] }), env.channel);
    const many = Array.from({ length: 12 }, (_, i) => `Chaguo ${i + 1}`);
    await whatsAppCloudChannelType.send(outgoing({ urn: `whatsapp:${AMINA}`, text: 'Chagua', quickReplies: many }), env.channel);
    await whatsAppCloudChannelType.send(outgoing({ urn: `whatsapp:${AMINA}`, text: 'Chagua', quickReplies: ['A very long answer option indeed, longer than 24'] }), env.channel);
    const [buttons, list, longList] = wa.sent.map((m) => m.payload.interactive as { type: string; action: { buttons?: unknown[]; sections?: { rows: { title: string; description?: string }[] }[] } });
    expect(buttons!.type).toBe('button');
    expect(buttons!.action.buttons).toEqual([{ type: 'reply', reply: { id: '0', title: 'Ndio' } }, { type: 'reply', reply: { id: '1', title: 'Hapana' } }]);
    expect(list!.type).toBe('list');
    expect(list!.action.sections![0]!.rows).toHaveLength(10);
    expect(longList!.action.sections![0]!.rows[0]).toEqual({ id: '0', title: 'A very long answer opti…', description: 'A very long answer option indeed, longer than 24' });
  });

  it('sends media both ways: image with caption, audio then text, document', async () => {
    await whatsAppCloudChannelType.send(outgoing({ urn: `whatsapp:${AMINA}`, text: 'Ratiba', attachments: ['image/png:https://example.org/r.png'] }), env.channel);
    await whatsAppCloudChannelType.send(outgoing({ urn: `whatsapp:${AMINA}`, text: 'Sikiliza', attachments: ['audio/ogg:https://example.org/a.ogg'] }), env.channel);
    await whatsAppCloudChannelType.send(outgoing({ urn: `whatsapp:${AMINA}`, text: '', attachments: ['application/pdf:https://example.org/g.pdf'] }), env.channel);
    expect(wa.sent.map((m) => [m.type, m.payload[m.type]])).toEqual([
      ['image', { link: 'https://example.org/r.png', caption: 'Ratiba' }],
      ['audio', { link: 'https://example.org/a.ogg' }],
      ['text', { body: 'Sikiliza', preview_url: false }],
      ['document', { link: 'https://example.org/g.pdf' }],
    ]);
  });

  it('splits text over 4,096 characters; a long text with quick replies ends in an interactive body ≤1,024', async () => {
    const long = 'Maelezo ya chanjo. '.repeat(300).trim(); // 5,699 characters
    await whatsAppCloudChannelType.send(outgoing({ urn: `whatsapp:${AMINA}`, text: long }), env.channel);
    expect(wa.sent.map((m) => m.type)).toEqual(['text', 'text']);
    expect(wa.sent.map((m) => (m.payload.text as { body: string }).body).join(' ')).toBe(long);
    const payloads = whatsAppPayloads(outgoing({ urn: 'whatsapp:1', text: 'Swali refu. '.repeat(120).trim(), quickReplies: ['Ndio', 'Hapana'] }));
    expect(payloads.map((p) => p.type)).toEqual(['text', 'interactive']);
    expect(Array.from((payloads[1]!.interactive as { body: { text: string } }).body.text).length).toBeLessThanOrEqual(1024);
  });

  it('outside the 24-hour window: fails without a template, re-engages with the configured template', async () => {
    wa.closeWindow(AMINA);
    const err = await whatsAppCloudChannelType.send(outgoing({ urn: `whatsapp:${AMINA}`, text: 'Kumbukumbu' }), env.channel).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FinalError);
    expect((err as Error).message).toContain('131047');
    const withTemplate = { ...env.channel, config: { ...env.channel.config, reengagement_template: { name: 'kiunga_followup', language: 'sw' } } };
    const result = await whatsAppCloudChannelType.send(outgoing({ urn: `whatsapp:${AMINA}`, text: 'Kumbukumbu' }), withTemplate);
    expect(result.providerId).toBe(wa.sent[0]!.id);
    expect(wa.sent[0]!.payload.template).toEqual({ name: 'kiunga_followup', language: { policy: 'deterministic', code: 'sw' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Kumbukumbu' }] }] });
  });

  it('sends an explicit template even when the window is closed', async () => {
    wa.closeWindow(AMINA);
    await whatsAppCloudChannelType.send({ ...outgoing({ urn: `whatsapp:${AMINA}`, text: '' }), template: { name: 'appointment', language: 'en', bodyParams: ['Amina'] } } as never, env.channel);
    expect(wa.sent[0]!.type).toBe('template');
  });

  it('throttle codes and 5xx retry; 131050 stops the contact; bad token fails', async () => {
    wa.failNext(1, { kind: 'throttle' });
    wa.failNext(1, { kind: 'server-error', status: 503 });
    wa.failNext(1, { kind: 'blocked' });
    const send = (channel = env.channel) => whatsAppCloudChannelType.send(outgoing({ urn: `whatsapp:${AMINA}`, text: 'x' }), channel).catch((e: unknown) => e);
    expect(await send()).toBeInstanceOf(RetryableError);
    expect(await send()).toBeInstanceOf(RetryableError);
    expect(await send()).toMatchObject({ name: 'FinalError', contactStopped: true });
    const bad = await send({ ...env.channel, config: { ...env.channel.config, access_token: 'wrong' } });
    expect(bad).toBeInstanceOf(FinalError);
    expect((bad as Error).message).toContain('code 190');
  });
});

describe('WhatsApp 24-hour window', () => {
  it('is open for 24 h after the last inbound message', () => {
    const now = new Date('2026-11-25T15:00:00Z');
    expect(whatsAppWindow('2026-11-25T08:00:00Z', now)).toEqual({ open: true, closesAt: new Date('2026-11-26T08:00:00Z') });
    expect(whatsAppWindow('2026-11-24T14:59:59Z', now).open).toBe(false);
    expect(whatsAppWindow(null, now)).toEqual({ open: false, closesAt: null });
    expect(() => whatsAppWindow('yesterday', now)).toThrow(/not a date/);
  });
});
