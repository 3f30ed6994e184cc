/**
 * Set-up for the rate-limit and 24-hour-window tests: a SQLite file with a workspace, a channel of a
 * "recorder" type that notes when each message reached it, contacts, and queued messages inserted in bulk.
 *
 * Example:
 *   const env = await createLimiterEnv({ rate: 10 });
 *   await env.queue(50, { priority: 0 });
 *   const rt = env.runtime(); const sender = new OutboxSender(rt, { pollMs: 20 }); sender.start();
 *   await env.waitForSends(50); await sender.stop(); await env.close();
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../server/db/schema.js';
import { openDatabase } from '../../server/db/open.js';
import { AssetCache } from '../../server/messaging/assets.js';
import { ChannelTypeRegistry } from '../../server/messaging/channel-types.js';
import { invalidateChannels } from '../../server/messaging/channels-cache.js';
import { MessagingRuntime } from '../../server/messaging/runtime.js';
import { countSegments } from '../../server/messaging/segments.js';
import { inTransaction, run } from '../../server/messaging/sql.js';
import { invalidateWorkspaceSettings } from '../../server/messaging/workspace-settings.js';
import type { ChannelType, OutgoingMessage } from '../../server/channels/types.js';
import { seedWorkspace } from '../messaging/seed.js';

/** One message as the recorder channel received it. */
export interface RecordedSend {
  uuid: string;
  text: string;
  priority: number;
  at: number;
  template?: unknown;
  attachments: string[];
  /** Which runtime sent it (1, 2, … in the order `runtime()` was called). */
  by: number;
}

export interface LimiterEnv {
  file: string;
  db: Kysely<Database>;
  workspaceId: string;
  channelId: string;
  sends: RecordedSend[];
  /** A runtime on its own connection to the same database (a second "process" when called twice). */
  runtime(options?: { clock?: () => Date }): Promise<MessagingRuntime>;
  /** Queues `count` messages to as many new contacts; returns their uuids. */
  queue(count: number, options?: { priority?: number; text?: string; scheme?: string; attachments?: string[] }): Promise<string[]>;
  /** Adds an inbound message from the contact of `messageUuid`, received at `at`. */
  inboundFrom(messageUuid: string, at: Date): Promise<void>;
  waitForSends(count: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function createLimiterEnv(spec: { rate: number; type?: string; config?: Record<string, unknown>; sendDelayMs?: number; postgresUrl?: string }): Promise<LimiterEnv> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kiunga-limiter-'));
  const file = path.join(dir, 'kiunga.sqlite');
  // SQLite by default; a migrated PostgreSQL database when `postgresUrl` is given (each runtime gets its own pool).
  const open = (migrate: boolean) => (spec.postgresUrl ? openDatabase({ url: spec.postgresUrl, migrate, pool: { max: 4 } }) : openDatabase({ file, migrate }));
  const db = await open(!spec.postgresUrl);
  invalidateChannels();
  invalidateWorkspaceSettings();
  const workspaceId = await seedWorkspace(db);
  const channelId = uuidv7();
  const now = new Date().toISOString();
  const type = spec.type ?? 'recorder';
  await run(db, `INSERT INTO channels (id, workspace_id, uuid, name, type, address, schemes, config, role, rate_limit_segments_per_s, active, created_at, updated_at)
    VALUES (?, ?, ?, 'Limited', ?, '+254700000000', '["tel","whatsapp"]', ?, 'send,receive', ?, 1, ?, ?)`, [channelId, workspaceId, uuidv7(), type, JSON.stringify(spec.config ?? {}), spec.rate, now, now]);
  const sends: RecordedSend[] = [];
  const recorder = (by: number): ChannelType => ({
    type: 'recorder',
    schemes: ['tel', 'whatsapp'],
    secretConfigKeys: [],
    idempotentSends: false,
    async send(msg: OutgoingMessage & { template?: unknown }) {
      sends.push({ uuid: msg.uuid, text: msg.text, priority: msg.priority, at: Date.now(), template: msg.template, attachments: msg.attachments, by });
      if (spec.sendDelayMs) await new Promise((resolve) => setTimeout(resolve, spec.sendDelayMs));
      return { status: 'wired', providerId: `rec-${sends.length}` };
    },
  });
  const opened: Kysely<Database>[] = [];
  let contactSeq = 0;

  return {
    file,
    db,
    workspaceId,
    channelId,
    sends,
    async runtime(options = {}) {
      const own = await open(false);
      opened.push(own);
      const channelTypes = new ChannelTypeRegistry();
      channelTypes.register(recorder(opened.length));
      return new MessagingRuntime({ db: own, assets: new AssetCache(0), channelTypes, clock: options.clock });
    },
    async queue(count, options = {}) {
      const uuids: string[] = [];
      const text = options.text ?? 'Habari, kliniki itafunguliwa saa tatu.';
      const scheme = options.scheme ?? 'tel';
      const at = new Date(Date.now() - 1000).toISOString();
      await inTransaction(db, async (trx) => {
        for (let i = 0; i < count; i++) {
          const n = ++contactSeq;
          const contactId = uuidv7();
          const urnId = uuidv7();
          const identity = `${scheme}:${scheme === 'tel' ? '+' : ''}2547${String(n).padStart(8, '0')}`;
          const uuid = uuidv7();
          uuids.push(uuid);
          await run(trx, `INSERT INTO contacts (id, workspace_id, uuid, name, language, timezone, status, fields, last_seen_at, fhir_ref, created_at, updated_at) VALUES (?, ?, ?, NULL, NULL, NULL, 'active', '{}', NULL, NULL, ?, ?)`, [contactId, workspaceId, uuidv7(), now, now]);
          await run(trx, `INSERT INTO contact_urns (id, workspace_id, contact_id, scheme, path, identity, priority, channel_id, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?)`, [urnId, workspaceId, contactId, scheme, identity.slice(scheme.length + 1), identity, channelId, now]);
          await run(trx, `INSERT INTO messages (id, workspace_id, uuid, contact_id, contact_urn_id, channel_id, direction, text, attachments, quick_replies, status, priority, segments, attempts, next_attempt_at, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, 'out', ?, ?, '[]', 'queued', ?, ?, 0, ?, ?, ?)`, [uuidv7(), workspaceId, uuid, contactId, urnId, channelId, text, JSON.stringify(options.attachments ?? []), options.priority ?? 0, countSegments(text), at, now, now]);
        }
      });
      return uuids;
    },
    async inboundFrom(messageUuid, at) {
      const iso = at.toISOString();
      await run(db, `INSERT INTO messages (id, workspace_id, uuid, contact_id, contact_urn_id, channel_id, direction, text, attachments, quick_replies, status, priority, segments, attempts, created_at, updated_at)
        SELECT ?, workspace_id, ?, contact_id, contact_urn_id, channel_id, 'in', 'Habari', '[]', '[]', 'handled', 1, 1, 0, ?, ? FROM messages WHERE uuid = ?`, [uuidv7(), uuidv7(), iso, iso, messageUuid]);
    },
    async waitForSends(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (sends.length < count) {
        if (Date.now() > deadline) throw new Error(`only ${sends.length} of ${count} messages were sent within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async close() {
      for (const own of opened) await own.destroy();
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
