/**
 * Writes what one engine sprint did, all in the caller's single transaction: the session row (state
 * and status), the runs and run_results rows, contact changes (name, language, status, fields, groups,
 * URNs), outgoing messages (status "queued", or "wired" for the simulator), the inbound message that
 * caused the sprint (marked "handled"), and the wait's timers.
 *
 * Because the outgoing messages and the session state commit together, a crash either loses the whole
 * sprint (the inbound message stays "pending" and is handled again after restart) or keeps all of it.
 *
 * Simulated sessions get no timers: the simulator fires timeouts and expirations on request.
 * Wait timeouts: when the sprint queued messages, the timeout timer is created by the outbox sender
 * once the last of them is actually sent (server/jobs/outbox-sender.ts); otherwise it starts now.
 *
 * Example:
 *   await inTransaction(db, (trx) => applySprint(trx, { workspaceId, contact, assets, sprint, priority: 1, now }));
 */
import { v7 as uuidv7 } from 'uuid';
import type { SessionState, SprintResult } from '../../runtime/engine/api.js';
import type { FlowEvent } from '../../runtime/events/types.js';
import type { WorkspaceAssets } from './assets.js';
import { fieldsFromEngine, type ContactRow } from './contact-json.js';
import { countSegments } from './segments.js';
import { writeFlowBroadcast, type FlowBroadcastOutcome } from './flow-broadcasts.js';
import { all, first, run, type Db } from './sql.js';

/**
 * Thrown (rolling the sprint's transaction back) when the inbound message that caused a sprint is no longer
 * "pending": another server process handled it first. Example: `catch (e) { if (e instanceof InboundAlreadyHandledError) continue; }`.
 */
export class InboundAlreadyHandledError extends Error {
  constructor(readonly messageId: string) {
    super(`inbound message ${messageId} was already handled (by another server process)`);
    this.name = 'InboundAlreadyHandledError';
  }
}

/** Everything `applySprint` needs besides the sprint itself. */
export interface SprintTarget {
  workspaceId: string;
  contact: ContactRow;
  assets: WorkspaceAssets;
  sprint: SprintResult;
  /** The existing sessions row, when resuming. */
  sessionId?: string | null;
  simulated?: boolean;
  /** 1 for replies to a contact's message, 0 for bulk (starts, schedules). */
  priority: 0 | 1;
  flowStartId?: string | null;
  /** The inbound message that resumed or triggered this sprint: marked handled in the same transaction. */
  inboundMessageId?: string | null;
  /** ISO time of the sprint; bulk messages are not sent before `holdUntil` (quiet hours). */
  now: string;
  holdUntil?: string | null;
}

/** What was written. `messages` lists the outgoing messages in order (the simulator returns them). */
export interface AppliedSprint {
  sessionId: string;
  sessionUuid: string;
  status: string;
  messages: { id: string; uuid: string; urn: string | null; text: string; attachments: string[]; quickReplies: string[]; status: string; channelUuid: string | null }[];
  /** Broadcasts the flow's send_broadcast actions created (live sessions only), or why one was refused. */
  broadcasts?: FlowBroadcastOutcome[];
}

interface GoflowRun {
  uuid: string;
  flow?: { uuid: string; name?: string };
  flow_uuid?: string;
  status?: string;
  results?: Record<string, unknown>;
  path?: { uuid?: string; node_uuid?: string }[];
  created_on?: string;
  modified_on?: string;
  exited_on?: string | null;
}

/** goflow's result key: lower case, runs of anything but letters/digits become "_". Example: "Favorite Color" → "favorite_color". */
export function resultKey(name: string): string {
  return name.trim().toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '_').replace(/^_+|_+$/g, '');
}

function runFlowUuid(r: GoflowRun): string | undefined {
  return r.flow?.uuid ?? r.flow_uuid;
}

function quickReplyText(q: unknown): string {
  if (typeof q === 'string') return q;
  if (q && typeof q === 'object' && 'text' in q) return String((q as { text: unknown }).text);
  return String(q);
}

const ENDED = new Set(['completed', 'interrupted', 'failed', 'expired']);

export async function applySprint(trx: Db, t: SprintTarget): Promise<AppliedSprint> {
  const { sprint, contact, assets, now, workspaceId } = t;
  const session = sprint.session as SessionState;
  const simulated = t.simulated ? 1 : 0;
  const events = sprint.events as FlowEvent[];
  const runs = (session.runs ?? []) as GoflowRun[];

  // The flow of the run that is waiting (or the last run) is the session's current flow.
  const waitingRun = [...runs].reverse().find((r) => r.status === 'waiting' || r.status === 'active') ?? runs[runs.length - 1];
  const currentFlowUuid = waitingRun ? runFlowUuid(waitingRun) : undefined;
  const currentFlowId = currentFlowUuid ? (assets.flowIdByUuid.get(currentFlowUuid) ?? null) : null;
  const status = session.status;
  const endedAt = ENDED.has(status) ? now : null;

  // 1. The session row.
  let sessionId = t.sessionId ?? null;
  if (sessionId) {
    await run(trx, 'UPDATE sessions SET state = ?, status = ?, current_flow_id = ?, updated_at = ?, ended_at = ? WHERE id = ?', [
      JSON.stringify(session), status, currentFlowId, now, endedAt, sessionId,
    ]);
  } else {
    sessionId = uuidv7();
    await run(
      trx,
      `INSERT INTO sessions (id, workspace_id, uuid, contact_id, status, state, current_flow_id, simulated, created_at, updated_at, ended_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [sessionId, workspaceId, session.uuid, contact.id, status, JSON.stringify(session), currentFlowId, simulated, now, now, endedAt],
    );
  }

  // 2. Runs: upsert every run of the session; results go to run_results from the events below.
  const runIdByUuid = new Map<string, { id: string; flowId: string }>();
  const existingRuns = t.sessionId ? await all<{ id: string; uuid: string; flow_id: string }>(trx, 'SELECT id, uuid, flow_id FROM runs WHERE session_id = ?', [sessionId]) : [];
  for (const r of existingRuns) runIdByUuid.set(r.uuid, { id: r.id, flowId: r.flow_id });
  const stepToRun = new Map<string, string>();
  for (const r of runs) {
    for (const step of r.path ?? []) if (step.uuid) stepToRun.set(step.uuid, r.uuid);
    const flowUuid = runFlowUuid(r);
    const flowId = flowUuid ? assets.flowIdByUuid.get(flowUuid) : undefined;
    if (!flowId) continue; // a flow missing from assets: the engine has logged an error event
    const runStatus = r.status ?? status;
    const exited = ENDED.has(runStatus) ? (r.exited_on ?? now) : null;
    const known = runIdByUuid.get(r.uuid);
    if (known) {
      await run(trx, 'UPDATE runs SET status = ?, results = ?, path = ?, updated_at = ?, exited_at = ? WHERE id = ?', [
        runStatus, JSON.stringify(r.results ?? {}), JSON.stringify(r.path ?? []), now, exited, known.id,
      ]);
    } else {
      const id = uuidv7();
      await run(
        trx,
        `INSERT INTO runs (id, workspace_id, uuid, session_id, flow_id, contact_id, status, results, path, created_at, updated_at, exited_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [id, workspaceId, r.uuid, sessionId, flowId, contact.id, runStatus, JSON.stringify(r.results ?? {}), JSON.stringify(r.path ?? []), now, now, exited],
      );
      runIdByUuid.set(r.uuid, { id, flowId });
    }
  }
  const fallbackRun = waitingRun ? runIdByUuid.get(waitingRun.uuid) : undefined;

  // 3. Events: results, messages, groups, URNs, waits.
  const messages: AppliedSprint['messages'] = [];
  const broadcasts: FlowBroadcastOutcome[] = [];
  let wait: { timeout_seconds?: number; expires_on?: string } | null = null;
  const contactActive = contact.status === 'active';
  for (const event of events) {
    switch (event.type) {
      case 'run_result_changed': {
        const owner = (event.step_uuid && stepToRun.get(event.step_uuid)) || undefined;
        const target = (owner && runIdByUuid.get(owner)) || fallbackRun;
        if (!target) break;
        const name = String(event.name ?? '');
        await run(
          trx,
          `INSERT INTO run_results (id, workspace_id, run_id, flow_id, contact_id, key, name, value, category, input, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [uuidv7(), workspaceId, target.id, target.flowId, contact.id, resultKey(name), name, String(event.value ?? ''),
            event.category == null ? null : String(event.category), event.input == null ? null : String(event.input), now],
        );
        break;
      }
      case 'msg_created': {
        const msg = (event.msg ?? {}) as { uuid?: string; urn?: string; channel?: { uuid: string } | null; text?: string; attachments?: string[]; quick_replies?: unknown[] };
        const urn = msg.urn ? msg.urn.split('?')[0]! : null;
        const text = msg.text ?? '';
        const attachments = msg.attachments ?? [];
        const quickReplies = (msg.quick_replies ?? []).map(quickReplyText);
        let channelId: string | null = null;
        let channelUuid: string | null = msg.channel?.uuid ?? null;
        if (!simulated) {
          if (channelUuid) channelId = assets.channelIdByUuid.get(channelUuid) ?? null;
          if (!channelId && urn) {
            const scheme = urn.slice(0, urn.indexOf(':'));
            const channel = assets.session.channels?.find((c) => c.schemes.includes(scheme) && c.roles.includes('send'));
            if (channel) {
              channelId = assets.channelIdByUuid.get(channel.uuid) ?? null;
              channelUuid = channel.uuid;
            }
          }
        }
        let msgStatus: string;
        let error: string | null = null;
        if (simulated) msgStatus = 'wired';
        else if (!contactActive) [msgStatus, error] = ['failed', `contact is ${contact.status}`];
        else if (!urn) [msgStatus, error] = ['failed', 'contact has no URN to send to'];
        else if (!channelId) [msgStatus, error] = ['failed', `no active channel can send to ${urn.slice(0, urn.indexOf(':'))} URNs`];
        else msgStatus = 'queued';
        const urnRow = urn ? await first<{ id: string }>(trx, 'SELECT id FROM contact_urns WHERE workspace_id = ? AND identity = ?', [workspaceId, urn]) : undefined;
        const id = uuidv7();
        const uuid = msg.uuid ?? uuidv7();
        const nextAttempt = t.priority === 0 && t.holdUntil ? t.holdUntil : now;
        await run(
          trx,
          `INSERT INTO messages (id, workspace_id, uuid, contact_id, contact_urn_id, channel_id, direction, text, attachments, quick_replies,
             status, session_id, flow_start_id, priority, segments, error, attempts, next_attempt_at, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, 'out', ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
          [id, workspaceId, uuid, contact.id, urnRow?.id ?? null, channelId, text, JSON.stringify(attachments), JSON.stringify(quickReplies),
            msgStatus, sessionId, t.flowStartId ?? null, t.priority, countSegments(text), error, msgStatus === 'queued' ? nextAttempt : null, now, now],
        );
        messages.push({ id, uuid, urn, text, attachments, quickReplies, status: msgStatus, channelUuid: simulated ? null : channelUuid });
        break;
      }
      case 'broadcast_created':
        if (!simulated) broadcasts.push(await writeFlowBroadcast(trx, workspaceId, event, now));
        break;
      case 'msg_wait':
        wait = { timeout_seconds: event.timeout_seconds as number | undefined, expires_on: event.expires_on as string | undefined };
        break;
      case 'contact_groups_changed': {
        for (const g of (event.groups_added ?? []) as { uuid: string }[]) {
          const groupId = assets.groupIdByUuid.get(g.uuid);
          if (groupId) await run(trx, 'INSERT INTO group_members (group_id, contact_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING', [groupId, contact.id, now]);
        }
        for (const g of (event.groups_removed ?? []) as { uuid: string }[]) {
          const groupId = assets.groupIdByUuid.get(g.uuid);
          if (groupId) await run(trx, 'DELETE FROM group_members WHERE group_id = ? AND contact_id = ?', [groupId, contact.id]);
        }
        break;
      }
      case 'contact_urns_changed': {
        const urns = (event.urns ?? []) as string[];
        for (const [index, full] of urns.entries()) {
          const identity = full.split('?')[0]!;
          const colon = identity.indexOf(':');
          if (colon <= 0) continue;
          await run(
            trx,
            `INSERT INTO contact_urns (id, workspace_id, contact_id, scheme, path, identity, priority, channel_id, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?) ON CONFLICT DO NOTHING`,
            [uuidv7(), workspaceId, contact.id, identity.slice(0, colon), identity.slice(colon + 1), identity, index, now],
          );
        }
        break;
      }
      default:
        break;
    }
  }
  wait ??= status === 'waiting' ? (session.wait ?? null) : null;

  // 4. Contact attributes: the session's contact is the engine's view after the sprint.
  if (!simulated && session.contact) {
    const c = session.contact;
    const fields = JSON.stringify(fieldsFromEngine(c.fields));
    if (c.name !== (contact.name ?? undefined) || (c.language ?? null) !== contact.language || (c.timezone ?? null) !== contact.timezone || fields !== contact.fields) {
      await run(trx, 'UPDATE contacts SET name = ?, language = ?, timezone = ?, fields = ?, updated_at = ? WHERE id = ?', [
        c.name ?? null, c.language ?? null, c.timezone ?? null, fields, now, contact.id,
      ]);
    }
    // Only a status the flow itself changed is written: a provider may have stopped the contact meanwhile.
    if (c.status && c.status !== contact.status) {
      await run(trx, 'UPDATE contacts SET status = ?, updated_at = ? WHERE id = ?', [c.status, now, contact.id]);
    }
  }

  // 5. Timers: the previous wait's timers are void; the new wait gets an expiration and maybe a timeout.
  if (t.sessionId) await run(trx, `UPDATE timers SET status = 'cancelled', updated_at = ? WHERE session_id = ? AND status = 'pending'`, [now, sessionId]);
  if (status === 'waiting' && wait && !simulated) {
    if (wait.expires_on) {
      await run(trx, `INSERT INTO timers (id, workspace_id, kind, session_id, schedule_id, fire_at, status, created_at, updated_at) VALUES (?, ?, 'wait_expiration', ?, NULL, ?, 'pending', ?, ?)`, [
        uuidv7(), workspaceId, sessionId, new Date(wait.expires_on).toISOString(), now, now,
      ]);
    }
    const queued = messages.some((m) => m.status === 'queued');
    if (wait.timeout_seconds && !queued) {
      const fireAt = new Date(Date.parse(now) + wait.timeout_seconds * 1000).toISOString();
      await run(trx, `INSERT INTO timers (id, workspace_id, kind, session_id, schedule_id, fire_at, status, created_at, updated_at) VALUES (?, ?, 'wait_timeout', ?, NULL, ?, 'pending', ?, ?)`, [
        uuidv7(), workspaceId, sessionId, fireAt, now, now,
      ]);
    }
  }

  // 6. The inbound message that caused this sprint is now handled, exactly once.
  if (t.inboundMessageId) {
    const changed = await run(trx, `UPDATE messages SET status = 'handled', session_id = ?, updated_at = ? WHERE id = ? AND status = 'pending'`, [sessionId, now, t.inboundMessageId]);
    if (changed === 0) throw new InboundAlreadyHandledError(t.inboundMessageId);
  }
  return { sessionId, sessionUuid: session.uuid, status, messages, ...(broadcasts.length ? { broadcasts } : {}) };
}

/** Ends a contact's other waiting sessions before a new one starts (one waiting session per contact). */
export async function interruptWaitingSessions(trx: Db, contactId: string, simulated: boolean, now: string): Promise<number> {
  const rows = await all<{ id: string }>(trx, `SELECT id FROM sessions WHERE contact_id = ? AND simulated = ? AND status IN ('waiting', 'active')`, [contactId, simulated ? 1 : 0]);
  for (const row of rows) {
    await run(trx, `UPDATE sessions SET status = 'interrupted', ended_at = ?, updated_at = ? WHERE id = ?`, [now, now, row.id]);
    await run(trx, `UPDATE runs SET status = 'interrupted', exited_at = ?, updated_at = ? WHERE session_id = ? AND status IN ('waiting', 'active')`, [now, now, row.id]);
    await run(trx, `UPDATE timers SET status = 'cancelled', updated_at = ? WHERE session_id = ? AND status = 'pending'`, [now, row.id]);
  }
  return rows.length;
}
