/**
 * The communications export: what Kiunga did, written to the FHIR server through the durable write-back
 * queue (server/fhir/writeback: retried, visible, never lost), each thing once (`fhir_watch_items`):
 *
 * - `CommunicationRequest` per broadcast (once all its messages are made) and completed flow start (item "broadcast:<id>" / "start:<id>"),
 *   recipients = the Practitioner/Patient of every contact it messaged; a QuestionnaireResponse of a run
 *   started by a flow start has `basedOn` this request (`communicationRequestForSession`);
 * - `Communication` per message sent (status sent/delivered/read) or received (handled) by a contact
 *   synced from FHIR ("msg:<uuid>"), `basedOn` its broadcast's/start's request;
 * - the `Questionnaire` generated from each published revision of a flow whose write-back writes
 *   QuestionnaireResponses ("questionnaire:<flow uuid>@<revision>"), so responses point at a real definition;
 * - opt-outs ("optout:<contact uuid>"): a `Communication` received from the contact, category opt-out
 *   (see OPT_OUT_CATEGORY); written again if the contact opts in and later out again.
 *
 * Only what happened after the export was turned on is written (no replay of history).
 * References to a request not yet on the server use its identifier (`urn:uuid:<id>`), valid once it arrives.
 */
import type { Communication, CommunicationRequest, Reference } from '@medplum/fhirtypes';
import type { Kysely } from 'kysely';
import { readFlow } from '../../../runtime/definition/index.js';
import type { Flow } from '../../../runtime/definition/types.js';
import { buildCommunication, buildCommunicationRequest } from '../../../runtime/fhir/communication.js';
import { buildQuestionnaire } from '../../../runtime/fhir/questionnaire.js';
import { parseReference, uuidIdentifier, type FhirReference } from '../../../runtime/fhir/references.js';
import { readWritebackConfig } from '../../../runtime/fhir/writeback-config.js';
import type { Database } from '../../db/schema.js';
import type { FhirWatchersTable } from '../../db/schema-fhir-watch.js';
import { all, first } from '../../messaging/sql.js';
import type { FhirEffects, WriteOutcome } from '../effects.js';
import { asWritebackDb } from '../writeback/queue-schema.js';
import { itemExists, recordItem } from './items.js';
import { getWatcher, watcherSettings } from './watchers.js';

/** The category of an opt-out Communication. */
export const OPT_OUT_CATEGORY = { system: 'https://kiunga.org/fhir/CodeSystem/communication-category', code: 'opt-out', display: 'Opted out of messages' };
/** Identifier system of a flow revision's Questionnaire (value "<flow uuid>@<revision>"). */
export const QUESTIONNAIRE_REVISION_SYSTEM = 'https://kiunga.org/fhir/NamingSystem/flow-revision';

/** Example: `{ requests: 1, messages: 4, questionnaires: 1, optOuts: 0, queued: 0, failed: 0 }`. */
export interface CommunicationsSummary {
  requests: number;
  messages: number;
  questionnaires: number;
  optOuts: number;
  queued: number;
  failed: number;
}

export interface ExportInput {
  db: Kysely<Database>;
  workspaceId: string;
  watcher: FhirWatchersTable;
  effects: FhirEffects;
  now: Date;
  /** Rows per kind per pass. */
  limit?: number;
}

function tally(summary: CommunicationsSummary, outcome: WriteOutcome): void {
  if (outcome.status === 'queued') summary.queued++;
  if (outcome.status === 'failed') summary.failed++;
}

async function submitOnce(input: ExportInput, key: string, resource: object, connection: string, summary: CommunicationsSummary): Promise<WriteOutcome> {
  const outcome = await input.effects.withSource(`export:${key}`).submit(connection, resource as Record<string, unknown>);
  await recordItem(input.db, { workspaceId: input.workspaceId, kind: 'communications', key, detail: { resourceType: outcome.resourceType }, status: outcome.status, queueId: outcome.queueId }, input.now);
  tally(summary, outcome);
  return outcome;
}

/** The reference to an exported resource: by id once written, else by the identifier it carries. */
async function referenceOf(db: Kysely<Database>, queueId: string | null, type: string, uuid: string): Promise<FhirReference> {
  if (queueId) {
    const row = await asWritebackDb(db).selectFrom('fhir_writeback_queue').select(['status', 'result_id']).where('id', '=', queueId).executeTakeFirst();
    if (row?.status === 'written' && row.result_id) return { reference: `${type}/${row.result_id}` };
  }
  return { type: type as never, identifier: uuidIdentifier(uuid) };
}

/**
 * The CommunicationRequest of a broadcast or flow start, written now if it was not yet; its reference.
 * `kind` "start" or "broadcast".
 */
export async function ensureRequestExported(input: ExportInput, kind: 'start' | 'broadcast', id: string, summary?: CommunicationsSummary): Promise<FhirReference> {
  const key = `${kind}:${id}`;
  const existing = await itemExists(input.db, input.workspaceId, 'communications', key);
  if (existing) return referenceOf(input.db, existing.queue_id, 'CommunicationRequest', id);
  const column = kind === 'start' ? 'flow_start_id' : 'broadcast_id';
  const recipients = (
    await all<{ fhir_ref: string }>(input.db, `SELECT DISTINCT c.fhir_ref FROM messages m JOIN contacts c ON c.id = m.contact_id WHERE m.${column} = ? AND c.fhir_ref IS NOT NULL ORDER BY c.fhir_ref`, [id])
  )
    .map((r) => r.fhir_ref)
    .filter((r) => parseReference(r, ['Practitioner', 'Patient']));
  let text: string;
  let authoredOn: string;
  let status: CommunicationRequest['status'] = 'active';
  if (kind === 'start') {
    const row = await first<{ name: string; created_at: string; status: string }>(input.db, 'SELECT f.name, s.created_at, s.status FROM flow_starts s JOIN flows f ON f.id = s.flow_id WHERE s.id = ?', [id]);
    if (!row) throw new Error(`flow start ${id} not found`);
    text = row.name;
    authoredOn = row.created_at;
    status = row.status === 'completed' ? 'completed' : row.status === 'cancelled' ? 'revoked' : 'active';
  } else {
    const row = await first<{ translations: string; base_language: string; created_at: string; status: string }>(input.db, 'SELECT translations, base_language, created_at, status FROM broadcasts WHERE id = ?', [id]);
    if (!row) throw new Error(`broadcast ${id} not found`);
    const translations = JSON.parse(row.translations) as Record<string, { text?: string }>;
    text = translations[row.base_language]?.text ?? Object.values(translations)[0]?.text ?? '';
    authoredOn = row.created_at;
    status = row.status === 'completed' ? 'completed' : row.status === 'cancelled' ? 'revoked' : 'active';
  }
  const request = buildCommunicationRequest({ uuid: id, kind: kind === 'start' ? 'flow_start' : 'broadcast', text, recipients, authoredOn, status });
  const s = summary ?? { requests: 0, messages: 0, questionnaires: 0, optOuts: 0, queued: 0, failed: 0 };
  const outcome = await submitOnce(input, key, request, input.watcher.connection_id, s);
  s.requests++;
  return outcome.status === 'written' && outcome.id ? { reference: `CommunicationRequest/${outcome.id}` } : { type: 'CommunicationRequest' as never, identifier: uuidIdentifier(id) };
}

async function exportRequests(input: ExportInput, summary: CommunicationsSummary): Promise<void> {
  const since = input.watcher.created_at;
  const limit = input.limit ?? 200;
  for (const kind of ['start', 'broadcast'] as const) {
    const table = kind === 'start' ? 'flow_starts' : 'broadcasts';
    const rows = await all<{ id: string }>(
      input.db,
      // recipients are final once a start is completed, or a broadcast queued (all its messages made)
      `SELECT t.id FROM ${table} t WHERE t.workspace_id = ? AND t.status IN (${kind === 'start' ? "'completed'" : "'queued', 'completed'"}) AND t.created_at >= ?
         AND NOT EXISTS (SELECT 1 FROM fhir_watch_items i WHERE i.workspace_id = t.workspace_id AND i.kind = 'communications' AND i.item_key = ? || t.id)
       ORDER BY t.created_at LIMIT ${limit}`,
      [input.workspaceId, since, `${kind}:`],
    );
    for (const row of rows) await ensureRequestExported(input, kind, row.id, summary);
  }
}

async function exportMessages(input: ExportInput, summary: CommunicationsSummary): Promise<void> {
  const rows = await all<{ uuid: string; direction: 'in' | 'out'; text: string; created_at: string; sent_at: string | null; broadcast_id: string | null; flow_start_id: string | null; name: string | null; fhir_ref: string }>(
    input.db,
    // a reply carries no start id itself: it belongs to the start that began its session
    `SELECT m.uuid, m.direction, m.text, m.created_at, m.sent_at, m.broadcast_id, c.name, c.fhir_ref,
            COALESCE(m.flow_start_id, (SELECT m2.flow_start_id FROM messages m2 WHERE m.session_id IS NOT NULL AND m2.session_id = m.session_id AND m2.flow_start_id IS NOT NULL LIMIT 1)) AS flow_start_id
       FROM messages m JOIN contacts c ON c.id = m.contact_id
      WHERE m.workspace_id = ? AND c.fhir_ref IS NOT NULL AND m.created_at >= ?
        AND ((m.direction = 'out' AND m.status IN ('sent', 'delivered', 'read')) OR (m.direction = 'in' AND m.status = 'handled'))
        AND NOT EXISTS (SELECT 1 FROM fhir_watch_items i WHERE i.workspace_id = m.workspace_id AND i.kind = 'communications' AND i.item_key = 'msg:' || m.uuid)
      ORDER BY m.created_at, m.id LIMIT ${input.limit ?? 200}`,
    [input.workspaceId, input.watcher.created_at],
  );
  for (const m of rows) {
    const contact = { name: m.name ?? undefined, fields: { fhir_ref: { text: m.fhir_ref } } } as Parameters<typeof buildCommunication>[0]['contact'];
    const communication: Communication = buildCommunication({ msgUuid: m.uuid, direction: m.direction, text: m.text, at: m.sent_at ?? m.created_at, contact });
    const origin = m.flow_start_id ? (['start', m.flow_start_id] as const) : m.broadcast_id ? (['broadcast', m.broadcast_id] as const) : null;
    if (origin) communication.basedOn = [(await ensureRequestExported(input, origin[0], origin[1], summary)) as Reference<CommunicationRequest>];
    await submitOnce(input, `msg:${m.uuid}`, communication, input.watcher.connection_id, summary);
    summary.messages++;
  }
}

async function exportQuestionnaires(input: ExportInput, summary: CommunicationsSummary): Promise<void> {
  const rows = await all<{ uuid: string; revision: number; definition: string }>(
    input.db,
    `SELECT f.uuid, r.revision, r.definition FROM flows f JOIN flow_revisions r ON r.flow_id = f.id
      WHERE f.workspace_id = ? AND f.archived = 0 AND r.status = 'published'
        AND r.revision = (SELECT MAX(r2.revision) FROM flow_revisions r2 WHERE r2.flow_id = f.id AND r2.status = 'published')
        AND NOT EXISTS (SELECT 1 FROM fhir_watch_items i WHERE i.workspace_id = f.workspace_id AND i.kind = 'communications' AND i.item_key = 'questionnaire:' || f.uuid || '@' || CAST(r.revision AS TEXT))`,
    [input.workspaceId],
  );
  for (const row of rows) {
    const key = `questionnaire:${row.uuid}@${row.revision}`;
    let flow: Flow | null = null;
    let connection: string | null | undefined;
    try {
      flow = readFlow(JSON.parse(row.definition)).flow;
      const config = flow ? readWritebackConfig(flow) : null;
      if (!config?.questionnaire_response) flow = null;
      connection = config?.connection;
    } catch {
      flow = null;
    }
    if (!flow) {
      // no QuestionnaireResponses for this revision: remember it so it is not read again
      await recordItem(input.db, { workspaceId: input.workspaceId, kind: 'communications', key, detail: { skipped: 'no questionnaire_response write-back' }, status: 'skipped' }, input.now);
      continue;
    }
    const questionnaire = buildQuestionnaire({ ...flow, revision: row.revision });
    questionnaire.identifier = [{ system: QUESTIONNAIRE_REVISION_SYSTEM, value: `${row.uuid}@${row.revision}` }, ...(questionnaire.identifier ?? [])];
    await submitOnce(input, key, questionnaire, connection ?? input.watcher.connection_id, summary);
    summary.questionnaires++;
  }
}

async function exportOptOuts(input: ExportInput, summary: CommunicationsSummary): Promise<void> {
  // opted back in: forget the old opt-out so a new one is written
  const back = await all<{ uuid: string }>(
    input.db,
    `SELECT c.uuid FROM contacts c WHERE c.workspace_id = ? AND c.status = 'active' AND EXISTS (SELECT 1 FROM fhir_watch_items i WHERE i.workspace_id = c.workspace_id AND i.kind = 'communications' AND i.item_key = 'optout:' || c.uuid)`,
    [input.workspaceId],
  );
  if (back.length) await input.db.deleteFrom('fhir_watch_items').where('workspace_id', '=', input.workspaceId).where('kind', '=', 'communications').where('item_key', 'in', back.map((b) => `optout:${b.uuid}`)).execute();
  const rows = await all<{ uuid: string; name: string | null; fhir_ref: string; updated_at: string }>(
    input.db,
    `SELECT c.uuid, c.name, c.fhir_ref, c.updated_at FROM contacts c WHERE c.workspace_id = ? AND c.status = 'stopped' AND c.fhir_ref IS NOT NULL AND c.updated_at >= ?
        AND NOT EXISTS (SELECT 1 FROM fhir_watch_items i WHERE i.workspace_id = c.workspace_id AND i.kind = 'communications' AND i.item_key = 'optout:' || c.uuid)
      LIMIT ${input.limit ?? 200}`,
    [input.workspaceId, input.watcher.created_at],
  );
  for (const c of rows) {
    const who = parseReference(c.fhir_ref, ['Practitioner', 'Patient']);
    if (!who) continue;
    const communication: Communication = {
      resourceType: 'Communication',
      identifier: [{ system: 'https://kiunga.org/fhir/NamingSystem/opt-out', value: `${c.uuid}@${c.updated_at}` }],
      status: 'completed',
      category: [{ coding: [OPT_OUT_CATEGORY], text: 'Opt-out' }],
      medium: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationMode', code: 'WRITTEN', display: 'written' }] }],
      sender: { reference: who.reference, ...(c.name ? { display: c.name } : {}) },
      received: new Date(c.updated_at).toISOString(),
      payload: [{ contentString: 'Opted out of messages from Kiunga' }],
    };
    await submitOnce(input, `optout:${c.uuid}`, communication, input.watcher.connection_id, summary);
    summary.optOuts++;
  }
}

/** One export pass. */
export async function exportCommunications(input: ExportInput): Promise<CommunicationsSummary> {
  const settings = watcherSettings('communications', input.watcher.settings);
  const summary: CommunicationsSummary = { requests: 0, messages: 0, questionnaires: 0, optOuts: 0, queued: 0, failed: 0 };
  if (settings.questionnaires) await exportQuestionnaires(input, summary);
  if (settings.requests) await exportRequests(input, summary);
  if (settings.messages) await exportMessages(input, summary);
  if (settings.opt_outs) await exportOptOuts(input, summary);
  return summary;
}

/**
 * The CommunicationRequest a run's QuestionnaireResponse is `basedOn`: the flow start whose messages
 * began the session, exported now if needed. Null when the session was not started by a flow start or the
 * workspace's communications export is off.
 */
export async function communicationRequestForSession(db: Kysely<Database>, workspaceId: string, effects: FhirEffects, sessionUuid: string, now = new Date()): Promise<FhirReference | null> {
  const watcher = await getWatcher(db, workspaceId, 'communications');
  if (!watcher || watcher.enabled !== 1 || !watcherSettings('communications', watcher.settings).requests) return null;
  const row = await first<{ flow_start_id: string | null; broadcast_id: string | null }>(
    db,
    `SELECT m.flow_start_id, m.broadcast_id FROM messages m JOIN sessions s ON s.id = m.session_id
      WHERE s.uuid = ? AND s.workspace_id = ? AND (m.flow_start_id IS NOT NULL OR m.broadcast_id IS NOT NULL) ORDER BY m.created_at LIMIT 1`,
    [sessionUuid, workspaceId],
  );
  if (!row?.flow_start_id) return null;
  return ensureRequestExported({ db, workspaceId, watcher, effects, now }, 'start', row.flow_start_id);
}
