/**
 * messaging.channels.* as the setup page uses it: provider forms from the config schemas, create with
 * validation naming the field, secrets write-only, webhook paths, traffic with media, test messages through
 * the outbox (rate limit applies), and roles (viewer reads traffic, only admins change channels or send tests).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appRouter } from '../../server/api/router.js';
import { createApiContext, type ServerServices } from '../../server/api/context.js';
import type { Role } from '../../server/db/schema.js';
import type { RequestAuth } from '../../server/auth/request-auth.js';
import { FlowEvents } from '../../server/flows/flow-events.js';
import { OutboxSender } from '../../server/jobs/outbox-sender.js';
import { first, run } from '../../server/messaging/sql.js';
import { startAfricasTalkingEmulator, type AfricasTalkingEmulator } from '../../server/dev/emulators/africastalking.js';
import { startTelegramEmulator } from '../../server/dev/emulators/telegram.js';
import { providerEnvironment, setProviderEnvironment } from '../../server/channels/common/provider-environment.js';
import { createChannelEnv, type ChannelEnv } from './harness.js';

let env: ChannelEnv;
let at: AfricasTalkingEmulator;
const flowEvents = new FlowEvents();

async function caller(role: Role) {
  const workspace = await env.db.selectFrom('workspaces').selectAll().executeTakeFirstOrThrow();
  const auth: RequestAuth = { kind: 'api_token', user: null, workspace, role, loginSessionId: null, apiTokenId: 'test-token' };
  return appRouter.createCaller(createApiContext({ db: env.db, services: { flowEvents } as unknown as ServerServices, auth }));
}

beforeEach(async () => {
  at = await startAfricasTalkingEmulator({ username: 'moh', apiKey: 'at-key-123456' });
  // The harness needs one channel (a Telegram placeholder); the tests create theirs through the API.
  env = await createChannelEnv({ type: 'telegram', provider: 'telegram', address: 'bot', schemes: ['telegram'], config: { bot_token: '1:x', secret_token: 'kiunga_secret_token_01' } });
});
afterEach(async () => {
  await env.close();
  await at.close();
});

describe('channel setup API', () => {
  it('describes each provider form from its config schema, secrets marked', async () => {
    const types = await (await caller('viewer')).messaging.channels.types();
    expect(types.map((t) => t.type)).toEqual(['africastalking', 'twilio', 'vonage', 'generic_http', 'whatsapp_cloud', 'messenger', 'telegram']);
    const twilio = types.find((t) => t.type === 'twilio')!;
    expect(twilio.webhookActions).toEqual(['receive', 'status']);
    expect(twilio.fields.find((f) => f.key === 'account_sid')).toMatchObject({ kind: 'text', required: true, pattern: '^AC[0-9a-fA-F]{32}$', advanced: false });
    expect(twilio.fields.find((f) => f.key === 'auth_token')).toMatchObject({ kind: 'secret', required: true });
    expect(twilio.fields.find((f) => f.key === 'base_url')).toMatchObject({ advanced: true, defaultValue: 'https://api.twilio.com' });
    expect(twilio.fields.find((f) => f.key === 'reengagement_template.content_sid')).toMatchObject({ required: false });
    const vonage = types.find((t) => t.type === 'vonage')!;
    expect(vonage.fields.find((f) => f.key === 'signature_method')).toMatchObject({ kind: 'select', options: ['md5hash', 'md5', 'sha1', 'sha256', 'sha512'], defaultValue: 'sha256' });
    const wa = types.find((t) => t.type === 'whatsapp_cloud')!;
    expect(wa.fields.find((f) => f.key === 'reengagement_template.name')).toMatchObject({ kind: 'text', required: false });
  });

  it('creates a channel (blank optional fields dropped), never returns secrets, keeps them on update, names bad fields', async () => {
    const admin = await caller('admin');
    await expect(admin.messaging.channels.create({ name: 'SMS', type: 'twilio', config: { account_sid: 'nope', auth_token: 'token-abcdefgh' } })).rejects.toThrow(/twilio channel config: "account_sid": must look like AC/);
    const created = await admin.messaging.channels.create({
      name: 'SMS Kenya', type: 'africastalking', address: '20880',
      config: { username: 'moh', api_key: 'at-key-123456', send_url: at.sendUrl, callback_base_url: '' }, rateLimitSegmentsPerS: 5,
    });
    expect(created).toMatchObject({ type: 'africastalking', schemes: ['tel'], rateLimitSegmentsPerS: 5, secretsSet: ['api_key'], config: { username: 'moh', send_url: at.sendUrl } });
    expect(created.webhooks).toEqual([
      { action: 'receive', path: `/webhooks/channels/africastalking/${created.uuid}/receive` },
      { action: 'status', path: `/webhooks/channels/africastalking/${created.uuid}/status` },
    ]);
    expect(JSON.stringify(await (await caller('viewer')).messaging.channels.list())).not.toContain('at-key-123456');
    const updated = await admin.messaging.channels.update({ id: created.id, config: { api_key: '', username: 'moh2' }, rateLimitSegmentsPerS: 2 });
    expect(updated).toMatchObject({ secretsSet: ['api_key'], config: { username: 'moh2' }, rateLimitSegmentsPerS: 2 });
    const stored = await first<{ config: string }>(env.db, 'SELECT config FROM channels WHERE id = ?', [created.id]);
    expect(JSON.parse(stored!.config)).toMatchObject({ api_key: 'at-key-123456', username: 'moh2' });
    await expect((await caller('editor')).messaging.channels.update({ id: created.id, name: 'x' })).rejects.toThrow(/admin role/);
  });

  it('sends a test message through the outbox and shows traffic with statuses, errors and media', async () => {
    const admin = await caller('admin');
    const channel = await admin.messaging.channels.create({ name: 'SMS', type: 'africastalking', address: '20880', config: { username: 'moh', api_key: 'at-key-123456', send_url: at.sendUrl, timeout_ms: 1000 } });
    await expect(admin.messaging.channels.sendTest({ id: channel.id, urn: 'whatsapp:2547', text: 'x' })).rejects.toThrow(/sends to tel URNs, not whatsapp/);
    await expect((await caller('editor')).messaging.channels.sendTest({ id: channel.id, urn: 'tel:+254711000001', text: 'x' })).rejects.toThrow(/admin role/);
    const sender = new OutboxSender(env.rt);
    const { uuid } = await admin.messaging.channels.sendTest({ id: channel.id, urn: 'tel:+254711000001', text: 'Test from Kiunga' });
    await sender.tick();
    at.failNext(1, { kind: 'rejected' });
    const bad = await admin.messaging.channels.sendTest({ id: channel.id, urn: 'tel:+254711000002', text: 'Will be rejected' });
    await sender.tick();
    expect(at.sent.map((s) => s.message)).toContain('Test from Kiunga');
    // An inbound message with a picture, as the webhook would have stored it.
    const msg = await first<{ workspace_id: string; contact_id: string; contact_urn_id: string }>(env.db, 'SELECT workspace_id, contact_id, contact_urn_id FROM messages WHERE uuid = ?', [uuid]);
    await run(env.db, `INSERT INTO messages (id, workspace_id, uuid, contact_id, contact_urn_id, channel_id, direction, text, attachments, quick_replies, status, priority, segments, attempts, created_at, updated_at)
      VALUES ('in-1', ?, 'in-uuid-1', ?, ?, ?, 'in', 'Picha', ?, '[]', 'handled', 1, 1, 0, ?, ?)`, [msg!.workspace_id, msg!.contact_id, msg!.contact_urn_id, channel.id, JSON.stringify(['image/jpeg:/webhooks/channels/media/abc.jpg']), new Date(Date.now() + 1000).toISOString(), new Date().toISOString()]);
    const traffic = await (await caller('viewer')).messaging.channels.traffic({ id: channel.id, limit: 10 });
    expect(traffic.messages[0]).toMatchObject({ direction: 'in', text: 'Picha', attachments: ['image/jpeg:/webhooks/channels/media/abc.jpg'] });
    expect(traffic.messages.find((m) => m.uuid === uuid)).toMatchObject({ direction: 'out', status: 'wired', reply: true, urn: 'tel:+254711000001', error: null });
    expect(traffic.messages.find((m) => m.uuid === bad.uuid)).toMatchObject({ status: 'failed', error: expect.stringMatching(/africastalking/) });
    expect(traffic.last24h).toMatchObject({ wired: 1, failed: 1 });
    await expect((await caller('viewer')).messaging.channels.traffic({ id: 'not-a-channel' })).rejects.toThrow(/not found/);
  });

  it('registers a Telegram webhook with setWebhook (HTTPS only, with the secret token); other types say where to paste', async () => {
    const tg = await startTelegramEmulator({ botToken: '77:bot-token', secretToken: 'kiunga_secret_token_02' });
    const before = providerEnvironment().publicUrl;
    try {
      const admin = await caller('admin');
      const channel = await admin.messaging.channels.create({ name: 'Bot', type: 'telegram', address: 'kiunga_bot', config: { bot_token: '77:bot-token', secret_token: 'kiunga_secret_token_02', api_url: tg.apiUrl } });
      expect((await admin.messaging.channels.types()).find((t) => t.type === 'telegram')!.canRegisterWebhooks).toBe(true);
      await expect(admin.messaging.channels.registerWebhooks({ id: channel.id, baseUrl: 'http://127.0.0.1:9' })).rejects.toThrow(/setWebhook refused: Bad Request: bad webhook: An HTTPS URL must be provided/);
      setProviderEnvironment({ publicUrl: 'https://kiunga.moh.example.org' });
      const done = await admin.messaging.channels.registerWebhooks({ id: channel.id, baseUrl: 'http://127.0.0.1:9' });
      expect(done.message).toBe('Telegram: Webhook was set');
      expect(tg.webhook).toEqual({ url: `https://kiunga.moh.example.org/webhooks/channels/telegram/${channel.uuid}/receive`, secretToken: 'kiunga_secret_token_02', allowedUpdates: ['message'] });
      const sms = await admin.messaging.channels.create({ name: 'SMS', type: 'africastalking', config: { username: 'moh', api_key: 'k' } });
      await expect(admin.messaging.channels.registerWebhooks({ id: sms.id, baseUrl: 'https://x.example' })).rejects.toThrow(/set up in the provider's console/);
      await expect((await caller('editor')).messaging.channels.registerWebhooks({ id: channel.id, baseUrl: 'https://x.example' })).rejects.toThrow(/admin role/);
    } finally {
      setProviderEnvironment({ publicUrl: before });
      await tg.close();
    }
  });
});
