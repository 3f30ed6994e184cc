/**
 * Scenario set-up for the library flow tests: the real messaging loop (test/messaging/harness.ts: SQLite
 * file, loopback channel over HTTP, the real engine), the FHIR dev server over HTTP as the workspace's
 * connection, and a library flow loaded from flows-library/<id>/flow.json and published.
 *
 * Example:
 *   const s = await createScenario('important-update');
 *   const nurse = await s.addContact({ name: 'Amina', language: 'eng', fields: { fhir_ref: 'Practitioner/hw-1' } });
 *   await s.start([nurse]);
 *   expect(await s.lastTexts(nurse)).toEqual(['Ministry of Health update: …']);
 *   await s.reply(nurse, '1');
 *   await s.close();
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Resource } from '@medplum/fhirtypes';
import { startFhirDevServer, type FhirDevServer } from '../../server/dev/fhir-dev-server.js';
import { FhirClient } from '../../server/fhir/client.js';
import { findOrCreateConnection } from '../../server/fhir/connections.js';
import { OutboxSender } from '../../server/jobs/outbox-sender.js';
import { TimerLoop } from '../../server/jobs/timer-loop.js';
import { processBroadcastBatch } from '../../server/messaging/broadcasts.js';
import { createFlowStart, processFlowStartBatch } from '../../server/messaging/flow-starts.js';
import { all, first } from '../../server/messaging/sql.js';
import { createMessagingEnv, type MessagingEnv } from '../messaging/harness.js';
import { phoneOf, seedContacts, seedFlow } from '../messaging/seed.js';

export const LIBRARY_DIR = path.resolve(import.meta.dirname, '../../flows-library');

/** A library flow definition as stored in flows-library/<id>/flow.json. */
export function libraryFlow(id: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(LIBRARY_DIR, id, 'flow.json'), 'utf8')) as Record<string, unknown>;
}

/** A seeded contact. */
export interface ScenarioContact {
  index: number;
  id: string;
  uuid: string;
  phone: string;
}

/** One saved result of a run (the last value saved under that key). */
export interface RunResult {
  value: string;
  category: string | null;
}

export interface Scenario {
  env: MessagingEnv;
  fhirServer: FhirDevServer;
  fhir: FhirClient;
  flowId: string;
  addContact(options: { name?: string; language: 'eng' | 'fra'; fields?: Record<string, string> }): Promise<ScenarioContact>;
  /** Starts the flow for these contacts (a flow start, as the program officer does), with optional trigger params. */
  start(contacts: ScenarioContact[], params?: Record<string, unknown>): Promise<void>;
  /** An inbound SMS from the contact, handled and answered (replies sent). */
  reply(contact: ScenarioContact, text: string): Promise<void>;
  /** Moves the clock by `ms` and fires the timers now due (wait timeouts, expirations); sends what they queued. */
  elapse(ms: number): Promise<number>;
  /** Sends queued messages, including broadcasts the flows created. */
  deliver(): Promise<void>;
  /** Outgoing texts to the contact, oldest first (as the provider received them). */
  texts(contact: ScenarioContact): Promise<string[]>;
  /** Texts sent to the contact since the last call of `newTexts` for it. */
  newTexts(contact: ScenarioContact): Promise<string[]>;
  /** The latest run of the flow for the contact: status and results by key. */
  run(contact: ScenarioContact): Promise<{ status: string; results: Record<string, RunResult> }>;
  /** Every resource of a type on the FHIR server. */
  search<T extends Resource>(resourceType: T['resourceType'], params?: Record<string, string>): Promise<T[]>;
  close(): Promise<void>;
}

export async function createScenario(flowId: string): Promise<Scenario> {
  const fhirServer = await startFhirDevServer({ port: 0, seed: false });
  const fhir = new FhirClient({ baseUrl: fhirServer.url, retries: 0 });
  const env = await createMessagingEnv();
  await findOrCreateConnection(env.db, env.workspaceId, fhirServer.url);
  const dbFlowId = await seedFlow(env.db, env.workspaceId, libraryFlow(flowId));
  const sender = new OutboxSender(env.rt);
  const timers = new TimerLoop(env.rt);
  let next = 0;
  let inbound = 0;
  const seen = new Map<string, number>();

  const deliver = async () => {
    await env.rt.locks.idle();
    for (const b of await all<{ id: string }>(env.db, `SELECT id FROM broadcasts WHERE status IN ('pending', 'sending') ORDER BY created_at`)) {
      while (await processBroadcastBatch(env.rt, b.id)) {
        /* next page */
      }
    }
    while ((await sender.tick()) > 0) {
      /* until the outbox is empty */
    }
    await env.rt.locks.idle();
  };

  const texts = async (contact: ScenarioContact) => env.provider.log.filter((m) => m.to === contact.phone || m.to === `tel:${contact.phone}`).map((m) => m.text);

  const scenario: Scenario = {
    env,
    fhirServer,
    fhir,
    flowId: dbFlowId,
    async addContact(options) {
      const index = next++;
      const [id] = await seedContacts(env.db, env.workspaceId, 1, { start: index, language: options.language, fields: options.fields ?? {} });
      if (options.name) await env.db.updateTable('contacts').set({ name: options.name }).where('id', '=', id!).execute();
      const row = await first<{ uuid: string }>(env.db, 'SELECT uuid FROM contacts WHERE id = ?', [id]);
      return { index, id: id!, uuid: row!.uuid, phone: phoneOf(index) };
    },
    async start(contacts, params) {
      const startId = await createFlowStart(env.db, {
        workspaceId: env.workspaceId, flowId: dbFlowId, targets: { contacts: contacts.map((c) => c.uuid) },
        params: { restart_participants: true, ...(params ? { params } : {}) },
      });
      while (await processFlowStartBatch(env.rt, startId)) {
        /* next batch */
      }
      await deliver();
    },
    async reply(contact, text) {
      const answer = await env.postInbound({ id: `lib-${++inbound}`, from: `tel:${contact.phone}`, text });
      if (answer.status !== 200) throw new Error(`inbound "${text}" answered HTTP ${answer.status}`);
      await env.until(async () => (await env.count(`SELECT COUNT(*) AS n FROM messages WHERE direction = 'in' AND status = 'pending'`)) === 0, 10_000, `"${text}" handled`);
      await deliver();
    },
    async elapse(ms) {
      env.clock.advance(ms);
      const fired = await timers.tick();
      await deliver();
      return fired;
    },
    deliver,
    texts,
    async newTexts(contact) {
      const all = await texts(contact);
      const from = seen.get(contact.uuid) ?? 0;
      seen.set(contact.uuid, all.length);
      return all.slice(from);
    },
    async run(contact) {
      const row = await first<{ id: string; status: string }>(env.db, 'SELECT id, status FROM runs WHERE contact_id = ? AND flow_id = ? ORDER BY created_at DESC, id DESC', [contact.id, dbFlowId]);
      if (!row) throw new Error(`contact ${contact.index} has no run of the flow`);
      const rows = await all<{ key: string; value: string; category: string | null }>(env.db, 'SELECT key, value, category FROM run_results WHERE run_id = ? ORDER BY created_at, id', [row.id]);
      const results: Record<string, RunResult> = {};
      for (const r of rows) results[r.key] = { value: r.value, category: r.category };
      return { status: row.status, results };
    },
    search: (resourceType, params = {}) => fhir.searchAll(resourceType, params),
    async close() {
      await env.close();
      await fhirServer.close();
    },
  };
  return scenario;
}
