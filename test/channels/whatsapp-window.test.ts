/**
 * WhatsApp's 24-hour customer-service window, enforced by the outbox before sending
 * (server/channels/common/whatsapp-window-gate.ts): free-form inside the window; outside it the channel's
 * approved template, else a failed message with a reason; then end to end through the WhatsApp Cloud and
 * Twilio (WhatsApp sender) emulators.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { OutboxSender } from '../../server/jobs/outbox-sender.js';
import { run } from '../../server/messaging/sql.js';
import { startWhatsAppCloudEmulator, type WhatsAppCloudEmulator } from '../../server/dev/emulators/whatsapp-cloud.js';
import { startTwilioEmulator, type TwilioEmulator } from '../../server/dev/emulators/twilio.js';
import { templateParam } from '../../server/channels/common/whatsapp-window-gate.js';
import { createLimiterEnv, type LimiterEnv } from './limiter-harness.js';
import { createChannelEnv, type ChannelEnv } from './harness.js';

const HOUR = 3600_000;
let env: LimiterEnv | null = null;
let channelEnv: ChannelEnv | null = null;
let wa: WhatsAppCloudEmulator | null = null;
let tw: TwilioEmulator | null = null;
afterEach(async () => {
  await env?.close();
  await channelEnv?.close();
  await wa?.close();
  await tw?.close();
  env = channelEnv = wa = tw = null;
});

async function statusOf(e: { db: LimiterEnv['db'] }, uuid: string): Promise<{ status: string; error: string | null }> {
  return (await e.db.selectFrom('messages').select(['status', 'error']).where('uuid', '=', uuid).executeTakeFirstOrThrow());
}

describe('24-hour window in the outbox', () => {
  it('sends free-form inside the window; outside it without a template the message fails with the reason', async () => {
    env = await createLimiterEnv({ rate: 0 });
    const [inside, outside, never] = await env.queue(3, { scheme: 'whatsapp', text: 'Habari Amina' });
    const [sms] = await env.queue(1, { scheme: 'tel', text: 'SMS has no window' });
    await env.inboundFrom(inside!, new Date(Date.now() - 2 * HOUR));
    await env.inboundFrom(outside!, new Date(Date.now() - 25 * HOUR));
    const sender = new OutboxSender(await env.runtime());
    await sender.tick();
    expect(env.sends.map((s) => s.uuid).sort()).toEqual([inside!, sms!].sort());
    expect(env.sends.find((s) => s.uuid === inside)!.template).toBeUndefined();
    expect(await statusOf(env, inside!)).toMatchObject({ status: 'wired', error: null });
    const closed = await statusOf(env, outside!);
    expect(closed.status).toBe('failed');
    expect(closed.error).toMatch(/WhatsApp 24-hour window closed \(the contact last wrote at .*more than 24 hours ago\).*no approved template configured \(reengagement_template\)/);
    expect((await statusOf(env, never!)).error).toMatch(/never written to this channel/);
  });

  it('uses the channel\'s approved template outside the window, with the text as its variable', async () => {
    env = await createLimiterEnv({ rate: 0, config: { reengagement_template: { name: 'kiunga_followup', language: 'sw' } } });
    const [outside] = await env.queue(1, { scheme: 'whatsapp', text: 'Kliniki\nimefunguliwa leo' });
    await env.inboundFrom(outside!, new Date(Date.now() - 30 * HOUR));
    await new OutboxSender(await env.runtime()).tick();
    expect(env.sends[0]!.template).toEqual({ name: 'kiunga_followup', language: 'sw', bodyParams: ['Kliniki imefunguliwa leo'] });
    expect(await statusOf(env, outside!)).toMatchObject({ status: 'wired' });
    expect(templateParam('x'.repeat(2000))).toHaveLength(1024);
  });

  it('follows the runtime clock: a window open when queued closes 24 h after the last inbound', async () => {
    let now = new Date();
    env = await createLimiterEnv({ rate: 0 });
    const [msg] = await env.queue(1, { scheme: 'whatsapp' });
    await env.inboundFrom(msg!, new Date(now.getTime() - 23 * HOUR));
    now = new Date(now.getTime() + 2 * HOUR);
    await new OutboxSender(await env.runtime({ clock: () => now })).tick();
    expect(env.sends).toHaveLength(0);
    expect((await statusOf(env, msg!)).error).toMatch(/24-hour window closed/);
  });
});

describe('24-hour window end to end', () => {
  async function lastWroteHoursAgo(e: ChannelEnv, messageUuid: string, hours: number): Promise<void> {
    const at = new Date(Date.now() - hours * HOUR).toISOString();
    await run(e.db, `INSERT INTO messages (id, workspace_id, uuid, contact_id, contact_urn_id, channel_id, direction, text, attachments, quick_replies, status, priority, segments, attempts, created_at, updated_at)
      SELECT ?, workspace_id, ?, contact_id, contact_urn_id, channel_id, 'in', 'Habari', '[]', '[]', 'handled', 1, 1, 0, ?, ? FROM messages WHERE uuid = ?`, [uuidv7(), uuidv7(), at, at, messageUuid]);
  }

  it('WhatsApp Cloud: the template reaches Meta outside the window, free-form inside', async () => {
    wa = await startWhatsAppCloudEmulator({ phoneNumberId: '1234567890', accessToken: 'EAAG-token', appSecret: 'app-secret-1' });
    channelEnv = await createChannelEnv({
      type: 'whatsapp_cloud', provider: 'whatsapp-cloud', address: '+15550783881', schemes: ['whatsapp'],
      config: { phone_number_id: '1234567890', access_token: 'EAAG-token', app_secret: 'app-secret-1', verify_token: 'verify-me-please', graph_url: wa.graphUrl, timeout_ms: 1000, reengagement_template: { name: 'kiunga_followup', language: 'sw' } },
    });
    const outside = await channelEnv.queueOutgoing('whatsapp:254711000001', 'Matokeo yako yako tayari');
    await lastWroteHoursAgo(channelEnv, outside, 26);
    const inside = await channelEnv.queueOutgoing('whatsapp:254711000002', 'Asante');
    await lastWroteHoursAgo(channelEnv, inside, 1);
    wa.openWindow('254711000002');
    await new OutboxSender(channelEnv.rt).tick();
    const byTo = Object.fromEntries(wa.sent.map((s) => [s.to, s]));
    expect(byTo['254711000001']!.type).toBe('template');
    expect(byTo['254711000001']!.payload.template).toMatchObject({ name: 'kiunga_followup', language: { code: 'sw' }, components: [{ type: 'body', parameters: [{ type: 'text', text: 'Matokeo yako yako tayari' }] }] });
    expect(byTo['254711000002']!.type).toBe('text');
    expect(await channelEnv.messageStatus(outside)).toMatchObject({ status: 'wired' });
  });

  it('Twilio WhatsApp sender: ContentSid + ContentVariables outside the window; fails clearly without a template', async () => {
    const account = `AC${'3'.repeat(32)}`;
    const contentSid = `HX${'a'.repeat(32)}`;
    tw = await startTwilioEmulator({ accountSid: account, authToken: 'token-abcdefgh' });
    channelEnv = await createChannelEnv({ type: 'twilio', provider: 'twilio', address: 'whatsapp:+15005550006', schemes: ['whatsapp'], config: { account_sid: account, auth_token: 'token-abcdefgh', base_url: tw.baseUrl, timeout_ms: 1000, reengagement_template: { content_sid: contentSid } } });
    const outside = await channelEnv.queueOutgoing('whatsapp:254711000003', 'Kumbusho: kliniki kesho');
    await lastWroteHoursAgo(channelEnv, outside, 48);
    await new OutboxSender(channelEnv.rt).tick();
    expect(tw.sent).toHaveLength(1);
    expect(tw.sent[0]).toMatchObject({ to: 'whatsapp:+254711000003', contentSid, contentVariables: { 1: 'Kumbusho: kliniki kesho' }, body: '' });

    await run(channelEnv.db, `UPDATE channels SET config = ? WHERE id = ?`, [JSON.stringify({ account_sid: account, auth_token: 'token-abcdefgh', base_url: tw.baseUrl, timeout_ms: 1000 }), channelEnv.channel.id]);
    const { invalidateChannels } = await import('../../server/messaging/channels-cache.js');
    invalidateChannels();
    const noTemplate = await channelEnv.queueOutgoing('whatsapp:254711000004', 'Habari');
    await new OutboxSender(channelEnv.rt).tick();
    expect(tw.sent).toHaveLength(1);
    expect((await channelEnv.messageStatus(noTemplate)).error).toMatch(/24-hour window closed.*never written/);
  });
});
