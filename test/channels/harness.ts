/**
 * Set-up for the provider adapter tests: a real SQLite file in a temp dir (server/db/open.ts), a
 * workspace, one channel of the provider under test, the messaging runtime, and a real HTTP server on
 * 127.0.0.1 dispatching /webhooks/ to a registry where `registerProviderWebhooks` mounted every provider.
 *
 * Example:
 *   const env = await createChannelEnv({ type: 'africastalking', address: '20880', config: { … } });
 *   await emulator.sendInbound(env.webhookUrl('receive'), { from: '+254711000001', text: 'Ndio' });
 *   await env.close();
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { expect } from 'vitest';
import type { Database } from '../../server/db/schema.js';
import { openDatabase } from '../../server/db/open.js';
import { WebhookRegistry } from '../../server/http/webhooks.js';
import { AssetCache } from '../../server/messaging/assets.js';
import { channelByUuid, invalidateChannels, type CachedChannel } from '../../server/messaging/channels-cache.js';
import { MessagingRuntime, setRuntimeFor } from '../../server/messaging/runtime.js';
import { all, first, run } from '../../server/messaging/sql.js';
import { invalidateWorkspaceSettings } from '../../server/messaging/workspace-settings.js';
import { PROVIDER_CHANNEL_TYPES, registerProviderWebhooks } from '../../server/channels/registry-providers.js';
import { ChannelTypeRegistry } from '../../server/messaging/channel-types.js';
import { webhookPath } from '../../server/channels/common/webhook.js';
import { serveOnLoopback, type Fault } from '../../server/dev/emulators/emulator-server.js';
import { FinalError, RetryableError, type OutgoingMessage } from '../../server/channels/types.js';
import { seedWorkspace } from '../messaging/seed.js';

export interface ChannelEnv {
  dir: string;
  db: Kysely<Database>;
  rt: MessagingRuntime;
  baseUrl: string;
  channel: CachedChannel;
  /** The channel's webhook URL for an action, e.g. "receive" → http://127.0.0.1:PORT/webhooks/channels/<type>/<uuid>/receive. */
  webhookUrl(action: string): string;
  inbound(): Promise<{ uuid: string; text: string; attachments: string[]; external_id: string | null; urn: string; contact_name: string | null }[]>;
  /** Inserts an outgoing message as the outbox would have sent it (status "wired", with provider id). */
  insertSent(urn: string, providerId: string, status?: string): Promise<string>;
  /** Queues an outgoing message for the outbox sender (status "queued", due now); returns its uuid. */
  queueOutgoing(urn: string, text: string, options?: { quickReplies?: string[]; attachments?: string[] }): Promise<string>;
  contactStatus(messageUuid: string): Promise<string>;
  messageStatus(uuid: string): Promise<{ status: string; error: string | null }>;
  close(): Promise<void>;
}

export async function createChannelEnv(spec: { type: string; provider: string; address: string; config: Record<string, unknown>; schemes?: string[] }): Promise<ChannelEnv> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kiunga-channel-${spec.provider}-`));
  const db = await openDatabase({ file: path.join(dir, 'kiunga.sqlite') });
  invalidateWorkspaceSettings();
  invalidateChannels();
  const workspaceId = await seedWorkspace(db);
  const channelId = uuidv7();
  const channelUuid = uuidv7();
  const now = new Date().toISOString();
  await run(db, `INSERT INTO channels (id, workspace_id, uuid, name, type, address, schemes, config, role, rate_limit_segments_per_s, active, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'send,receive', 0, 1, ?, ?)`, [channelId, workspaceId, channelUuid, `${spec.provider} test`, spec.type, spec.address, JSON.stringify(spec.schemes ?? ['tel']), JSON.stringify(spec.config), now, now]);
  const channelTypes = new ChannelTypeRegistry();
  for (const type of PROVIDER_CHANNEL_TYPES) channelTypes.register(type);
  const rt = new MessagingRuntime({ db, assets: new AssetCache(0), channelTypes });
  setRuntimeFor(db, rt);
  const registry = new WebhookRegistry();

  const server = await serveOnLoopback(async (req) => {
    const { pathname, searchParams } = req.url;
    const match = registry.match(pathname);
    if (!match) return { status: 404 };
    return match.handler({ method: req.method, path: pathname, subPath: pathname.slice(match.prefix.length), query: searchParams, headers: req.headers, body: req.body, ip: '127.0.0.1' });
  });
  const baseUrl = server.url;
  const unregister = registerProviderWebhooks(registry, rt, { publicUrl: baseUrl, mediaDir: path.join(dir, 'media'), stateDir: path.join(dir, 'state') });
  const channel = (await channelByUuid(db, channelUuid))!;

  async function insertSent(urn: string, providerId: string, status = 'wired'): Promise<string> {
    const contactId = uuidv7();
    const urnId = uuidv7();
    const msgUuid = uuidv7();
    const colon = urn.indexOf(':');
    await run(db, `INSERT INTO contacts (id, workspace_id, uuid, name, language, timezone, status, fields, last_seen_at, fhir_ref, created_at, updated_at) VALUES (?, ?, ?, NULL, NULL, NULL, 'active', '{}', NULL, NULL, ?, ?)`, [contactId, workspaceId, uuidv7(), now, now]);
    await run(db, `INSERT INTO contact_urns (id, workspace_id, contact_id, scheme, path, identity, priority, channel_id, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)`, [urnId, workspaceId, contactId, urn.slice(0, colon), urn.slice(colon + 1), urn, channelId, now]);
    await run(db, `INSERT INTO messages (id, workspace_id, uuid, contact_id, contact_urn_id, channel_id, direction, text, attachments, quick_replies, status, provider_id, priority, segments, attempts, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?, 'out', 'Hello', '[]', '[]', ?, ?, 1, 1, 1, ?, ?)`, [uuidv7(), workspaceId, msgUuid, contactId, urnId, channelId, status, providerId, now, now]);
    return msgUuid;
  }

  return {
    dir,
    db,
    rt,
    baseUrl,
    channel,
    webhookUrl: (action) => `${baseUrl}${webhookPath(spec.provider, channelUuid, action)}`,
    inbound: async () => {
      await rt.locks.idle();
      return (await all<{ uuid: string; text: string; attachments: string; external_id: string | null; urn: string; contact_name: string | null }>(db,
        `SELECT m.uuid, m.text, m.attachments, m.external_id, u.identity AS urn, c.name AS contact_name FROM messages m JOIN contact_urns u ON u.id = m.contact_urn_id JOIN contacts c ON c.id = m.contact_id
          WHERE m.direction = 'in' ORDER BY m.id`)).map((r) => ({ ...r, attachments: JSON.parse(r.attachments) as string[] }));
    },
    async queueOutgoing(urn, text, options = {}) {
      const uuid = await insertSent(urn, '', 'queued');
      await run(db, `UPDATE messages SET text = ?, provider_id = NULL, attempts = 0, next_attempt_at = ?, quick_replies = ?, attachments = ? WHERE uuid = ?`, [
        text, new Date(Date.now() - 1000).toISOString(), JSON.stringify(options.quickReplies ?? []), JSON.stringify(options.attachments ?? []), uuid,
      ]);
      return uuid;
    },
    async contactStatus(messageUuid) {
      const row = await first<{ status: string }>(db, 'SELECT c.status FROM contacts c JOIN messages m ON m.contact_id = c.id WHERE m.uuid = ?', [messageUuid]);
      if (!row) throw new Error(`no message ${messageUuid}`);
      return row.status;
    },
    insertSent,
    async messageStatus(uuid) {
      const row = await first<{ status: string; error: string | null }>(db, 'SELECT status, error FROM messages WHERE uuid = ?', [uuid]);
      if (!row) throw new Error(`no message ${uuid}`);
      return row;
    },
    async close() {
      unregister();
      await rt.locks.idle();
      await server.close();
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** An outgoing message with defaults. Example: `outgoing({ urn: 'tel:+254711000001', text: 'Hi' })`. */
export function outgoing(fields: Partial<OutgoingMessage> & { urn: string }): OutgoingMessage {
  const uuid = fields.uuid ?? uuidv7();
  return { uuid, text: '', attachments: [], quickReplies: [], priority: 1, idempotencyKey: uuid, attempt: 1, ...fields };
}

/** A tiny valid JPEG-ish payload for media tests (bytes are what matter, not the picture). */
export const JPEG_BYTES = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);

/** What an adapter threw for each of the four standard emulator faults, for provider-specific checks. */
export interface FaultOutcomes {
  throttled: unknown;
  serverError: unknown;
  stopped: unknown;
  rejected: unknown;
}

/**
 * Queues a throttle, a server error, a "blocked" and a "rejected" answer on the emulator, sends four times, and
 * checks the adapter's classification: retry, retry, a final error that stops the contact, a final error that
 * does not. `send` must resolve to what the adapter threw.
 * Example: `const { rejected } = await expectFaultClassification(tw, send, { throttle: { kind: 'throttle', retryAfter: 3 } });`
 */
export async function expectFaultClassification(
  emulator: { failNext(count: number, fault: Fault): void },
  send: () => Promise<unknown>,
  faults: { throttle?: Fault; serverError?: Fault } = {},
): Promise<FaultOutcomes> {
  emulator.failNext(1, faults.throttle ?? { kind: 'throttle' });
  emulator.failNext(1, faults.serverError ?? { kind: 'server-error' });
  emulator.failNext(1, { kind: 'blocked' });
  emulator.failNext(1, { kind: 'rejected' });
  const throttled = await send();
  expect(throttled).toBeInstanceOf(RetryableError);
  const serverError = await send();
  expect(serverError).toBeInstanceOf(RetryableError);
  const stopped = await send();
  expect(stopped).toMatchObject({ name: 'FinalError', contactStopped: true });
  const rejected = await send();
  expect(rejected).toBeInstanceOf(FinalError);
  expect((rejected as FinalError).contactStopped).toBe(false);
  return { throttled, serverError, stopped, rejected };
}
