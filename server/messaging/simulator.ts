/**
 * The simulator: runs the real engine on a flow's draft (or a given revision or definition) for a
 * made-up contact. Simulated sessions are stored with sessions.simulated = 1 and their messages as
 * "wired" with no channel: nothing reaches a real channel. Side effects are recorded and returned
 * instead of performed where they would change the world:
 *   - FHIR writes are recorded by RecordingFhir (a `sim-N` id is returned to the flow), never sent,
 *     including the per-flow write-back of runs that end (`_kiunga.fhir_writeback`), see ./simulator-fhir.ts;
 *   - webhooks ARE called (like RapidPro's simulator, so the flow can route on the answer) and recorded;
 *   - FHIR reads go to the server's FHIR service when there is one, and are recorded.
 * The simulated contact is a contacts row with status "archived" and fhir_ref "kiunga:simulator"
 * (sessions need one); no URN row is written, so it never collides with a real contact.
 *
 * Example:
 *   const answer = await simulateStart(rt, { workspaceId, flowId, contact: { name: 'Amina', language: 'swa' } });
 *   const next = await simulateResume(rt, { workspaceId, sessionUuid: answer.sessionUuid, resume: { type: 'msg', text: 'yes' } });
 */
import { v7 as uuidv7 } from 'uuid';
import type { Contact, SessionState } from '../../runtime/engine/api.js';
import type { FlowEvent } from '../../runtime/events/types.js';
import type { Services } from '../../runtime/services.js';
import { applySprint } from './apply-sprint.js';
import type { WorkspaceAssets } from './assets.js';
import { getContactRow } from './contact-json.js';
import type { MessagingRuntime, PreparedSprint } from './runtime.js';
import { first, inTransaction, run } from './sql.js';
import { SimulatorFhir, type SimulatedEffect } from './simulator-fhir.js';

export type { SimulatedEffect } from './simulator-fhir.js';

/** What every simulator call answers (the web simulator and the CLI read this). */
export interface SimulatorAnswer {
  sessionUuid: string;
  status: string;
  events: FlowEvent[];
  segments: unknown[];
  /** Results of every run of the session by key, the latest run's last. */
  results: Record<string, unknown>;
  contact: Contact | null;
  effects: SimulatedEffect[];
  messages: { uuid: string; text: string; urn: string | null; attachments: string[]; quickReplies: string[] }[];
}

export const SIMULATOR_FHIR_REF = 'kiunga:simulator';

/** The workspace's live services (classifiers included) with webhooks and FHIR recorded into `effects`. */
function recordingServices(rt: MessagingRuntime, workspaceId: string, effects: SimulatedEffect[]): Services & { fhir: SimulatorFhir } {
  const base = rt.services(workspaceId);
  return {
    ...base,
    http: base.http && {
      async fetch(request) {
        try {
          const response = await base.http!.fetch(request);
          effects.push({ type: 'webhook', request: { method: request.method, url: request.url }, status: response.status });
          return response;
        } catch (err) {
          effects.push({ type: 'webhook', request: { method: request.method, url: request.url }, error: String((err as Error).message ?? err) });
          throw err;
        }
      },
    },
    // Writes are recorded (RecordingFhir), never sent; reads use the workspace's connection.
    fhir: new SimulatorFhir(effects, base.fhir),
  };
}

function runsResults(session: SessionState): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const r of (session.runs ?? []) as { results?: Record<string, unknown> }[]) Object.assign(out, r.results ?? {});
  return out;
}

/** Assets for simulation: every flow's draft, with `flowUuid` replaced by `definition` when given. */
async function simulationAssets(rt: MessagingRuntime, workspaceId: string, flowUuid: string, definition: Record<string, unknown> | null): Promise<WorkspaceAssets> {
  const drafts = await rt.assets.get(rt.db, workspaceId, 'draft');
  if (!definition) return drafts;
  const flows = (drafts.session.flows as { uuid: string }[]).filter((f) => f.uuid !== flowUuid);
  return { ...drafts, session: { ...drafts.session, flows: [...flows, { ...definition, uuid: flowUuid }] } };
}

async function answerFrom(rt: MessagingRuntime, prepared: PreparedSprint, sessionId: string | null, services: { fhir: SimulatorFhir }, effects: SimulatedEffect[], inboundMessageId: string | null): Promise<SimulatorAnswer> {
  await services.fhir.recordWriteBack(prepared);
  const now = rt.nowIso();
  const applied = await inTransaction(rt.db, (trx) =>
    applySprint(trx, {
      workspaceId: prepared.contact.workspace_id,
      contact: prepared.contact,
      assets: prepared.assets,
      sprint: prepared.sprint,
      sessionId,
      simulated: true,
      priority: 1,
      inboundMessageId,
      now,
    }),
  );
  const session = prepared.sprint.session;
  return {
    sessionUuid: applied.sessionUuid,
    status: session.status,
    events: prepared.sprint.events,
    segments: prepared.sprint.segments,
    results: runsResults(session),
    contact: session.contact ?? null,
    effects,
    messages: applied.messages.map((m) => ({ uuid: m.uuid, text: m.text, urn: m.urn, attachments: m.attachments, quickReplies: m.quickReplies })),
  };
}

/** Input of `simulateStart`. Give `revision` to run a saved revision, `definition` to run unsaved JSON; default: the latest revision. */
export interface SimulateStartInput {
  workspaceId: string;
  flowId: string;
  revision?: number;
  definition?: Record<string, unknown>;
  contact: { name: string; language?: string | null; urn?: string | null };
}

export async function simulateStart(rt: MessagingRuntime, input: SimulateStartInput): Promise<SimulatorAnswer> {
  const flow = await first<{ uuid: string; name: string }>(rt.db, 'SELECT uuid, name FROM flows WHERE id = ? AND workspace_id = ?', [input.flowId, input.workspaceId]);
  if (!flow) throw new Error(`flowId ${input.flowId}: no such flow in this workspace`);
  let definition = input.definition ?? null;
  if (input.revision !== undefined) {
    const rev = await first<{ definition: string }>(rt.db, 'SELECT definition FROM flow_revisions WHERE flow_id = ? AND revision = ?', [input.flowId, input.revision]);
    if (!rev) throw new Error(`revision ${input.revision} of flow ${input.flowId} does not exist`);
    definition = JSON.parse(rev.definition) as Record<string, unknown>;
  }
  if (definition && (typeof definition !== 'object' || !Array.isArray(definition.nodes))) throw new Error('definition must be a flow definition with a "nodes" array');
  const assets = await simulationAssets(rt, input.workspaceId, flow.uuid, definition);
  if (!(assets.session.flows as { uuid: string }[]).some((f) => f.uuid === flow.uuid)) throw new Error(`flow ${flow.name} has no saved revision to simulate; save it or pass a definition`);
  if (!assets.flowIdByUuid.has(flow.uuid)) assets.flowIdByUuid.set(flow.uuid, input.flowId);

  const now = rt.nowIso();
  const contactId = uuidv7();
  const contactUuid = uuidv7();
  const language = input.contact.language ?? null;
  await run(rt.db, `INSERT INTO contacts (id, workspace_id, uuid, name, language, timezone, status, fields, last_seen_at, fhir_ref, created_at, updated_at) VALUES (?, ?, ?, ?, ?, NULL, 'archived', '{}', NULL, ?, ?, ?)`, [
    contactId, input.workspaceId, contactUuid, input.contact.name, language, SIMULATOR_FHIR_REF, now, now,
  ]);
  const contactRow = (await getContactRow(rt.db, contactId))!;
  const contactJson: Contact = {
    uuid: contactUuid,
    name: input.contact.name,
    language,
    status: 'active',
    created_on: now,
    urns: [input.contact.urn ?? 'tel:+12065550100'],
    groups: [],
    fields: {},
  };
  const effects: SimulatedEffect[] = [];
  const services = recordingServices(rt, input.workspaceId, effects);
  const prepared = await rt.startSprint({ contact: contactRow, flowUuid: flow.uuid, trigger: { type: 'manual' }, contactJson, assets, services });
  return answerFrom(rt, prepared, null, services, effects, null);
}

/** How a simulated session continues. */
export type SimulatedResume = { type: 'msg'; text: string; attachments?: string[] } | { type: 'wait_timeout' | 'wait_expiration' | 'run_expiration' };

export async function simulateResume(rt: MessagingRuntime, input: { workspaceId: string; sessionUuid: string; resume: SimulatedResume; definition?: Record<string, unknown> }): Promise<SimulatorAnswer> {
  const session = await first<{ id: string; contact_id: string; status: string; state: string; simulated: number }>(
    rt.db,
    'SELECT id, contact_id, status, state, simulated FROM sessions WHERE uuid = ? AND workspace_id = ?',
    [input.sessionUuid, input.workspaceId],
  );
  if (!session || session.simulated !== 1) throw new Error(`sessionUuid ${input.sessionUuid}: no simulated session with this uuid`);
  if (session.status !== 'waiting') throw new Error(`sessionUuid ${input.sessionUuid}: the session is ${session.status}, not waiting; start a new one`);
  const state = JSON.parse(session.state) as SessionState;
  const contactRow = (await getContactRow(rt.db, session.contact_id))!;
  const flowUuid = (state.trigger?.flow?.uuid ?? '') as string;
  const assets = await simulationAssets(rt, input.workspaceId, flowUuid, input.definition ?? null);
  const effects: SimulatedEffect[] = [];
  const services = recordingServices(rt, input.workspaceId, effects);
  return rt.locks.run([session.contact_id], async () => {
    let inboundId: string | null = null;
    let prepared: PreparedSprint;
    if (input.resume.type === 'msg') {
      const now = rt.nowIso();
      inboundId = uuidv7();
      const msgUuid = uuidv7();
      await run(rt.db, `INSERT INTO messages (id, workspace_id, uuid, contact_id, direction, text, attachments, quick_replies, status, priority, segments, attempts, created_at, updated_at)
        VALUES (?, ?, ?, ?, 'in', ?, ?, '[]', 'pending', 1, 1, 0, ?, ?)`, [inboundId, input.workspaceId, msgUuid, session.contact_id, input.resume.text, JSON.stringify(input.resume.attachments ?? []), now, now]);
      prepared = await rt.resumeSprint({
        contact: contactRow,
        state,
        resume: { type: 'msg', msg: { uuid: msgUuid, text: input.resume.text, urn: state.contact?.urns?.[0], attachments: input.resume.attachments ?? [] } },
        contactJson: state.contact,
        assets,
        services,
      });
    } else {
      prepared = await rt.resumeSprint({ contact: contactRow, state, resume: { type: input.resume.type }, contactJson: state.contact, assets, services });
    }
    return answerFrom(rt, prepared, session.id, services, effects, inboundId);
  });
}
