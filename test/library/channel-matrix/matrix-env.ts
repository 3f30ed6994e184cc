/**
 * One server for the channel matrix: a real SQLite file, a workspace connected to the (shared) FHIR dev
 * server, ONE provider channel, every library flow published, the real engine, the provider webhooks mounted
 * on a real HTTP server (as server/main.ts mounts them, with the public URL set so Twilio/Vonage/Kannel get
 * callback URLs), and the real outbox sender sending to the provider's emulator.
 *
 * Nothing is injected at the database level on the way in: the health worker's replies reach the server
 * only as the provider's signed webhooks (see providers.ts), and what the health worker "receives" is what
 * the emulator accepted on its send API.
 *
 * Example:
 *   const env = await createMatrixEnv(driver, fhirServer.url);
 *   const hw = await env.addContact({ name: 'Amina', language: 'eng', fields: {} });
 *   await env.start('important-update', [hw]);
 *   await env.reply(hw, '1');
 *   await env.close();
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Database } from '../../../server/db/schema.js';
import { openDatabase } from '../../../server/db/open.js';
import { WebhookRegistry } from '../../../server/http/webhooks.js';
import { AssetCache } from '../../../server/messaging/assets.js';
import { invalidateChannels } from '../../../server/messaging/channels-cache.js';
import { MessagingRuntime, setRuntimeFor } from '../../../server/messaging/runtime.js';
import { all, first, run } from '../../../server/messaging/sql.js';
import { invalidateWorkspaceSettings } from '../../../server/messaging/workspace-settings.js';
import { PROVIDER_CHANNEL_TYPES, registerProviderWebhooks } from '../../../server/channels/registry-providers.js';
import { ChannelTypeRegistry } from '../../../server/messaging/channel-types.js';
import { webhookPath } from '../../../server/channels/common/webhook.js';
import { serveOnLoopback, type WebhookAnswer } from '../../../server/dev/emulators/emulator-server.js';
import { OutboxSender } from '../../../server/jobs/outbox-sender.js';
import { processBroadcastBatch } from '../../../server/messaging/broadcasts.js';
import { createFlowStart, processFlowStartBatch } from '../../../server/messaging/flow-starts.js';
import { findOrCreateConnection } from '../../../server/fhir/connections.js';
import { seedFlow, seedWorkspace } from '../../messaging/seed.js';
import { libraryFlow } from '../scenario.js';
import type { MatrixContact, ProviderDriver } from './providers.js';

/** The last saved value of a result key. Example: `{ value: '1', category: 'Read' }`. */
export interface MatrixRunResult {
  value: string;
  category: string | null;
}

/** An outgoing message row of a contact, oldest first. */
export interface OutgoingRow {
  uuid: string;
  text: string;
  status: string;
  provider_id: string | null;
  quick_replies: string;
  error: string | null;
}

export interface MatrixEnv {
  db: Kysely<Database>;
  rt: MessagingRuntime;
  baseUrl: string;
  driver: ProviderDriver;
  /** The channel's webhook URL for an action ("receive", "status"). */
  webhookUrl(action: string): string;
  /** A health worker with one URN of the channel's scheme (as FHIR sync would have created it). */
  addContact(options: { name: string; language: 'eng' | 'fra'; fields?: Record<string, string> }): Promise<MatrixContact>;
  /** Starts a library flow for the contacts (a flow start, as the program officer or a FHIR watcher does), then sends what it queued. */
  start(flowId: string, contacts: MatrixContact[], params?: Record<string, unknown>): Promise<void>;
  /**
   * The health worker replies: the provider's webhook to our server (`via`, e.g. a button tap, or else the provider's
   * plain inbound text); waits until handled, then sends the answers.
   */
  reply(contact: MatrixContact, text: string, via?: () => Promise<WebhookAnswer>): Promise<void>;
  /** Texts the provider accepted for the contact since the last call for that contact. */
  newTexts(contact: MatrixContact): string[];
  /** The latest run of a library flow for the contact. */
  run(flowId: string, contact: MatrixContact): Promise<{ status: string; results: Record<string, MatrixRunResult> }>;
  outgoing(contact: MatrixContact): Promise<OutgoingRow[]>;
  /** Sends queued messages (broadcasts the flows created included) until the outbox is empty. */
  deliver(): Promise<void>;
  close(): Promise<void>;
}

const LIBRARY_FLOWS = ['important-update', 'surveillance-alert', 'facility-conditions', 'rapid-survey', 'stock-report', 'refresher-course', 'registry-validation', 'lab-results', 'appointment-reminder'];

export async function createMatrixEnv(driver: ProviderDriver, fhirBaseUrl: string): Promise<MatrixEnv> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kiunga-matrix-${driver.key}-`));
  const db = await openDatabase({ file: path.join(dir, 'kiunga.sqlite') });
  invalidateWorkspaceSettings();
  invalidateChannels();
  const workspaceId = await seedWorkspace(db);
  await findOrCreateConnection(db, workspaceId, fhirBaseUrl);
  const flowIds = new Map<string, string>();
  for (const id of LIBRARY_FLOWS) flowIds.set(id, await seedFlow(db, workspaceId, libraryFlow(id)));

  const channelId = uuidv7();
  const channelUuid = uuidv7();
  const now = new Date().toISOString();
  const spec = driver.channel;
  await run(db, `INSERT INTO channels (id, workspace_id, uuid, name, type, address, schemes, config, role, rate_limit_segments_per_s, active, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'send,receive', 0, 1, ?, ?)`, [channelId, workspaceId, channelUuid, driver.label, spec.type, spec.address, JSON.stringify([driver.scheme]), JSON.stringify(spec.config), now, now]);

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
  const unregister = registerProviderWebhooks(registry, rt, { publicUrl: server.url, mediaDir: path.join(dir, 'media'), stateDir: path.join(dir, 'state') });
  const sender = new OutboxSender(rt);
  const webhookUrl = (action: string) => `${server.url}${webhookPath(spec.provider, channelUuid, action)}`;
  const seen = new Map<string, number>();
  let next = 0;

  const deliver = async () => {
    await rt.locks.idle();
    for (const b of await all<{ id: string }>(db, `SELECT id FROM broadcasts WHERE status IN ('pending', 'sending') ORDER BY created_at`)) {
      while (await processBroadcastBatch(rt, b.id)) {
        /* next page */
      }
    }
    while ((await sender.tick()) > 0) {
      /* until the outbox is empty */
    }
    await rt.locks.idle();
  };

  const pendingInbound = async () => Number((await first<{ n: number }>(db, `SELECT COUNT(*) AS n FROM messages WHERE direction = 'in' AND status = 'pending'`))?.n ?? 0);

  const env: MatrixEnv = {
    db,
    rt,
    baseUrl: server.url,
    driver,
    webhookUrl,
    async addContact(options) {
      const contact = driver.contact(next++, options.name);
      const contactId = uuidv7();
      const stamp = new Date().toISOString();
      await run(db, `INSERT INTO contacts (id, workspace_id, uuid, name, language, timezone, status, fields, last_seen_at, fhir_ref, created_at, updated_at) VALUES (?, ?, ?, ?, ?, NULL, 'active', ?, NULL, NULL, ?, ?)`, [
        contactId, workspaceId, uuidv7(), options.name, options.language, JSON.stringify(options.fields ?? {}), stamp, stamp,
      ]);
      await run(db, `INSERT INTO contact_urns (id, workspace_id, contact_id, scheme, path, identity, priority, channel_id, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, NULL, ?)`, [
        uuidv7(), workspaceId, contactId, driver.scheme, contact.urnPath, `${driver.scheme}:${contact.urnPath}`, stamp,
      ]);
      contact.id = contactId;
      contact.uuid = (await first<{ uuid: string }>(db, 'SELECT uuid FROM contacts WHERE id = ?', [contactId]))!.uuid;
      return contact;
    },
    async start(flowId, contacts, params) {
      const startId = await createFlowStart(db, {
        workspaceId, flowId: flowIds.get(flowId)!, targets: { contacts: contacts.map((c) => c.uuid) },
        params: { restart_participants: true, ...(params ? { params } : {}) },
      });
      while (await processFlowStartBatch(rt, startId)) {
        /* next batch */
      }
      await deliver();
    },
    async reply(contact, text, via) {
      const answer = await (via ? via() : driver.sendInbound(webhookUrl, contact, text));
      if (answer.status < 200 || answer.status > 299) throw new Error(`${driver.label}: webhook for "${text}" answered HTTP ${answer.status} ${answer.text}`);
      const deadline = Date.now() + 10_000;
      while ((await pendingInbound()) > 0) {
        if (Date.now() > deadline) throw new Error(`${driver.label}: "${text}" was not handled within 10 s`);
        await new Promise((r) => setTimeout(r, 10));
      }
      await deliver();
    },
    newTexts(contact) {
      const texts = driver.received(contact).map((m) => m.text);
      const from = seen.get(contact.urnPath) ?? 0;
      seen.set(contact.urnPath, texts.length);
      return texts.slice(from);
    },
    async run(flowId, contact) {
      const row = await first<{ id: string; status: string }>(db, 'SELECT id, status FROM runs WHERE contact_id = ? AND flow_id = ? ORDER BY created_at DESC, id DESC', [contact.id, flowIds.get(flowId)]);
      if (!row) throw new Error(`${contact.name} has no run of ${flowId}`);
      const rows = await all<{ key: string; value: string; category: string | null }>(db, 'SELECT key, value, category FROM run_results WHERE run_id = ? ORDER BY created_at, id', [row.id]);
      const results: Record<string, MatrixRunResult> = {};
      for (const r of rows) results[r.key] = { value: r.value, category: r.category };
      return { status: row.status, results };
    },
    outgoing: (contact) => all<OutgoingRow>(db, `SELECT uuid, text, status, provider_id, quick_replies, error FROM messages WHERE direction = 'out' AND contact_id = ? ORDER BY id`, [contact.id]),
    deliver,
    async close() {
      unregister();
      await rt.locks.idle();
      await server.close();
      await db.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return env;
}
