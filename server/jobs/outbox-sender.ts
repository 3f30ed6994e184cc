/**
 * The outbox sender: sends queued messages through their channel type, replies (priority 1) before
 * bulk (priority 0), never sending a message the provider accepted twice.
 *
 * The rule, step by step:
 *  1. Claim: in one transaction, the due rows (`queued`/`errored`, `next_attempt_at <= now`) become
 *     `sending` with `attempts + 1`. This durable record of the attempt is written BEFORE any send.
 *  2. Send, passing the message uuid as the idempotency key (`OutgoingMessage.idempotencyKey`).
 *  3. Record the outcome: `wired`/`sent` (+ provider id, sent_at); a retryable error → `errored` with
 *     `next_attempt_at` = now + backoff (5, 10 min…), `failed` after `maxAttempts`; a final error → `failed`.
 *  4. After a crash, rows still `sending` are reconciled (`reconcileSending`), never blindly resent:
 *     the channel type's `lookup` decides (accepted → wired; unknown to the provider → queued again);
 *     without lookup, a provider that deduplicates on the idempotency key gets it again; any other
 *     provider's message is marked `failed` ("uncertain") so an operator decides.
 *
 * Also: bulk rows of a workspace in quiet hours are held until the window ends; one contact's
 * messages go out one at a time in order; each channel's `rate_limit_segments_per_s` is respected across
 * every process on the database (a token bucket per channel in `channel_rate_buckets`, replies first);
 * the wait timeout of a session starts when its last queued message is sent.
 *
 * Example:
 *   const sender = new OutboxSender(rt, { pollMs: 200 });
 *   sender.start(); … await sender.stop();
 */
import { v7 as uuidv7 } from 'uuid';
import { FinalError, RetryableError, type OutgoingMessage, type SendResult } from '../channels/types.js';
import { channelById, type CachedChannel } from '../messaging/channels-cache.js';
import { quietHoursEnd } from '../messaging/quiet-hours.js';
import type { MessagingRuntime } from '../messaging/runtime.js';
import { isPostgres } from '../db/dialect.js';
import { all, first, run, sqlFor, type Db } from '../messaging/sql.js';
import { sendCost } from '../messaging/segments.js';
import { whatsAppWindowGate, type WindowTemplate } from '../channels/common/whatsapp-window-gate.js';
import { bucketCapacity, returnSegments, takeSegments } from '../channels/rate-limit/segment-bucket.js';
import { workspaceSettings } from '../messaging/workspace-settings.js';
import { keepContactOrderAcrossProcesses } from './contact-send-order.js';
import { Loop } from './loop.js';
import { WorkerHeartbeat } from './worker-heartbeat.js';

/** Tuning of the sender. Example: `{ batchSize: 200, concurrency: 32, maxAttempts: 3, backoffSeconds: (n) => 300 * n }`. */
export interface OutboxSenderOptions {
  batchSize?: number;
  concurrency?: number;
  pollMs?: number;
  maxAttempts?: number;
  /** Delay before retry number `attempt` (1-based count of failed attempts so far). */
  backoffSeconds?: (attempt: number) => number;
  /** Pause after a small batch so replies trickling in are claimed together (default 10 ms). */
  smallBatchPauseMs?: number;
  /**
   * How long a row must have been "sending" before `reconcileSending` takes it for abandoned by a
   * crashed process. Default: 0 on SQLite (one server process per database file, so a "sending" row
   * that is not this process's own is a crash leftover); 5 minutes on PostgreSQL, where another server
   * process may be sending that row right now (keep it well above the channels' send timeouts).
   */
  reconcileAfterMs?: number;
}

/** A claimer silent for this long (at least) is taken for dead: 5 heartbeats missed. */
const MIN_DEAD_AFTER_MS = 5000;

/** Default `reconcileAfterMs` on PostgreSQL. */
const SHARED_DATABASE_RECONCILE_AFTER_MS = 5 * 60_000;

interface ClaimRow {
  id: string;
  uuid: string;
  workspace_id: string;
  contact_id: string;
  channel_id: string | null;
  session_id: string | null;
  text: string;
  attachments: string;
  quick_replies: string;
  priority: number;
  segments: number;
  attempts: number;
  urn: string | null;
}

/** Shortest pause before looking at an empty channel's bulk again. */
const MIN_THROTTLE_MS = 20;

/** What a claimed row costs against its channel's budget (segments + attachments; see segments.ts). */
function costOf(row: ClaimRow): number {
  return sendCost({ urn: row.urn, segments: row.segments, attachments: (JSON.parse(row.attachments) as unknown[]).length });
}

const CLAIM_COLUMNS = `m.id, m.uuid, m.workspace_id, m.contact_id, m.channel_id, m.session_id, m.text, m.attachments, m.quick_replies, m.priority, m.segments, m.attempts, u.identity AS urn`;

export class OutboxSender {
  private readonly loop: Loop;
  private readonly inflight = new Set<string>();
  private readonly inflightContacts = new Set<string>();
  /** Per channel: until when (epoch ms) its bucket was found empty for bulk; its bulk is not read until then. */
  private readonly bulkThrottledUntil = new Map<string, number>();
  private readonly batchSize: number;
  private readonly concurrency: number;
  private readonly maxAttempts: number;
  private readonly backoffSeconds: (attempt: number) => number;
  private lastReconcile = 0;
  private readonly smallBatchPauseMs: number;
  private readonly reconcileAfterMs: number;
  /** This sender's identity in messages.claimed_by and worker_heartbeats. */
  readonly processId = uuidv7();
  /** On PostgreSQL (several processes): tells the others this sender is alive, so they leave its rows alone. */
  private readonly heartbeat: WorkerHeartbeat | null;
  private stopped = false;

  constructor(private readonly rt: MessagingRuntime, options: OutboxSenderOptions = {}) {
    this.batchSize = options.batchSize ?? 200;
    this.concurrency = options.concurrency ?? 32;
    this.maxAttempts = options.maxAttempts ?? 3;
    this.backoffSeconds = options.backoffSeconds ?? ((attempt) => 300 * attempt);
    this.smallBatchPauseMs = options.smallBatchPauseMs ?? 10;
    this.reconcileAfterMs = options.reconcileAfterMs ?? (isPostgres(rt.db) ? SHARED_DATABASE_RECONCILE_AFTER_MS : 0);
    this.loop = new Loop('outbox-sender', options.pollMs ?? 250, () => this.tick(), rt.logger);
    this.heartbeat = isPostgres(rt.db) ? new WorkerHeartbeat(rt.db, this.processId, rt.logger) : null;
  }

  start(): void {
    this.loop.start();
  }

  /** Stops claiming; resolves once every in-flight send is recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop.stop();
    await this.heartbeat?.stop();
  }

  /** Wakes the loop now (after new messages were queued). */
  poke(): void {
    this.loop.poke();
  }

  /** One round: reconcile stale "sending" rows when due, claim a batch, send it. Returns the number of messages handled. */
  async tick(): Promise<number> {
    if (Date.now() - this.lastReconcile > 30_000) {
      this.lastReconcile = Date.now();
      await this.reconcileSending();
    }
    const claimed = await this.claim();
    if (claimed.length === 0) return 0;
    // One queue per contact keeps each contact's messages in order; contacts go in parallel.
    const byContact = new Map<string, ClaimRow[]>();
    for (const row of claimed) {
      const list = byContact.get(row.contact_id);
      if (list) list.push(row);
      else byContact.set(row.contact_id, [row]);
    }
    // Within one contact, the oldest first: priority orders contacts, not one contact's messages.
    const queues = [...byContact.values()].map((q) => q.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < queues.length) {
        const queue = queues[next++]!;
        try {
          for (const row of queue) await this.sendOne(row);
        } finally {
          this.inflightContacts.delete(queue[0]!.contact_id);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.concurrency, queues.length) }, worker));
    // A few replies at a time: wait a moment so the next claim (a query round and a commit) carries more.
    if (claimed.length < this.batchSize / 4 && this.smallBatchPauseMs > 0) await new Promise((resolve) => setTimeout(resolve, this.smallBatchPauseMs));
    return claimed.length;
  }

  /**
   * Marks due rows "sending" (attempts + 1) in one transaction and returns exactly the rows that
   * transaction changed. On PostgreSQL the candidate rows are locked (`FOR UPDATE … SKIP LOCKED`), so
   * another server process claiming at the same moment skips them instead of sending them too; on
   * SQLite the single writer gives the same guarantee. Either way the UPDATE re-checks the status and
   * only the rows it RETURNs are sent.
   *
   * Rate limits: in the same transaction, each rate-limited channel's segments are taken from its bucket
   * in the database (server/channels/rate-limit/segment-bucket.ts), replies first (they may borrow up to
   * one second of budget), then bulk with what is left; candidates the budget does not cover stay queued
   * for a later claim, and bulk of a channel found empty is not even looked at until a segment has refilled.
   */
  async claim(): Promise<ClaimRow[]> {
    const now = this.rt.now();
    const nowIso = now.toISOString();
    // Budgets run on the real clock (shared with other processes), not the runtime's test clock.
    const nowMs = Date.now();
    if (!this.stopped) this.heartbeat?.start(); // before the first claim: our rows are never orphans
    await this.holdQuietBulk(now);
    const emptyBulk = [...this.bulkThrottledUntil].filter(([, until]) => until > nowMs).map(([id]) => id);
    // Through the group committer: the claim shares its disk flush with webhooks and sprints, and still
    // commits before anything is sent.
    const claimed = await this.rt.commits.submit(async (trx) => {
      const dialect = sqlFor(trx);
      const channels = new Map<string, CachedChannel | null>();
      const channelOf = async (id: string | null): Promise<CachedChannel | null> => {
        if (!id) return null;
        if (!channels.has(id)) channels.set(id, await channelById(trx, id));
        return channels.get(id)!;
      };
      const picked: ClaimRow[] = [];
      const pickedContacts = new Set<string>();
      const bulkCost = new Map<string, number>();
      for (const priority of [1, 0]) {
        for (const status of ['queued', 'errored']) {
          if (picked.length >= this.batchSize) break;
          const skipChannels = priority === 0 && emptyBulk.length > 0;
          const rows = await all<ClaimRow>(
            trx,
            `SELECT ${CLAIM_COLUMNS} FROM messages m LEFT JOIN contact_urns u ON u.id = m.contact_urn_id
              WHERE m.status = ? AND m.priority = ? AND m.next_attempt_at <= ?${skipChannels ? ` AND (m.channel_id IS NULL OR m.channel_id NOT IN (${dialect.jsonArrayValues}))` : ''}
                AND NOT EXISTS (SELECT 1 FROM messages s WHERE s.contact_id = m.contact_id AND s.status = 'sending')
              ORDER BY m.next_attempt_at LIMIT ?${dialect.lockSkipLocked('m')}`,
            skipChannels ? [status, priority, nowIso, JSON.stringify(emptyBulk), (this.batchSize - picked.length) * 2] : [status, priority, nowIso, (this.batchSize - picked.length) * 2],
          );
          for (const row of rows) {
            if (picked.length >= this.batchSize) break;
            // A contact with a message in flight waits: its next message must not overtake it.
            if (this.inflightContacts.has(row.contact_id) && !pickedContacts.has(row.contact_id)) continue;
            if (priority === 0) {
              // Look at no more bulk of a limited channel than one full bucket could send.
              const channel = await channelOf(row.channel_id);
              if (channel && channel.rateLimitSegmentsPerS > 0) {
                const cost = bulkCost.get(channel.id) ?? 0;
                if (cost >= bucketCapacity(channel.rateLimitSegmentsPerS)) continue;
                bulkCost.set(channel.id, cost + costOf(row));
              }
            }
            picked.push(row);
            pickedContacts.add(row.contact_id);
          }
        }
      }
      if (picked.length === 0) return picked;
      const ordered = await keepContactOrderAcrossProcesses(trx, picked, nowIso);
      if (ordered.length === 0) return ordered;
      const allowed = await this.withinBudgets(trx, ordered, channelOf, nowMs);
      if (allowed.length === 0) return allowed;
      const changed = await all<{ id: string }>(
        trx,
        `UPDATE messages SET status = 'sending', attempts = attempts + 1, claimed_by = ?, updated_at = ? WHERE id IN (${dialect.jsonArrayValues}) AND status IN ('queued', 'errored') RETURNING id`,
        [this.processId, nowIso, JSON.stringify(allowed.map((r) => r.id))],
      );
      const claimedIds = new Set(changed.map((r) => r.id));
      // Rows another claimer changed first: their segments go back to the bucket.
      for (const row of allowed) {
        if (claimedIds.has(row.id)) continue;
        const channel = await channelOf(row.channel_id);
        if (channel && channel.rateLimitSegmentsPerS > 0) await returnSegments(trx, channel.id, costOf(row), nowMs);
      }
      return allowed.filter((r) => claimedIds.has(r.id));
    });
    // Only once the claim is committed do these rows and contacts count as in flight.
    for (const row of claimed) {
      row.attempts += 1;
      this.inflight.add(row.id);
      this.inflightContacts.add(row.contact_id);
    }
    return claimed;
  }

  /**
   * Keeps the candidates their channels' budgets cover, in order: per rate-limited channel, all its
   * replies if the bucket grants them, then the longest prefix of its bulk the grant covers (the first
   * bulk message goes as soon as one segment is available, even if it costs more: the bucket goes into
   * debt). Unused grant is returned. Channels without a limit (rate 0) and rows without a channel pass.
   */
  private async withinBudgets(trx: Db, picked: ClaimRow[], channelOf: (id: string | null) => Promise<CachedChannel | null>, nowMs: number): Promise<ClaimRow[]> {
    const byChannel = new Map<string, ClaimRow[]>();
    const keep = new Set<ClaimRow>();
    for (const row of picked) {
      const channel = await channelOf(row.channel_id);
      if (!channel || !channel.active || !(channel.rateLimitSegmentsPerS > 0)) {
        keep.add(row);
        continue;
      }
      const list = byChannel.get(channel.id);
      if (list) list.push(row);
      else byChannel.set(channel.id, [row]);
    }
    for (const [channelId, rows] of byChannel) {
      const rate = (await channelOf(channelId))!.rateLimitSegmentsPerS;
      const replies = rows.filter((r) => r.priority > 0);
      const bulk = rows.filter((r) => r.priority <= 0);
      if (replies.length > 0) {
        const want = replies.reduce((sum, r) => sum + costOf(r), 0);
        const granted = await takeSegments(trx, { channelId, ratePerSecond: rate, want, kind: 'reply', nowMs });
        if (granted > 0) for (const r of replies) keep.add(r);
      }
      if (bulk.length > 0) {
        const want = bulk.reduce((sum, r) => sum + costOf(r), 0);
        const granted = await takeSegments(trx, { channelId, ratePerSecond: rate, want, kind: 'bulk', nowMs });
        if (granted <= 0) {
          // Empty: skip this channel's bulk until about one segment has refilled.
          this.bulkThrottledUntil.set(channelId, nowMs + Math.max(MIN_THROTTLE_MS, 1000 / rate));
          continue;
        }
        this.bulkThrottledUntil.delete(channelId);
        let used = 0;
        for (const r of bulk) {
          const cost = costOf(r);
          if (used > 0 && used + cost > granted) break;
          used += cost;
          keep.add(r);
        }
        await returnSegments(trx, channelId, granted - used, nowMs);
      }
    }
    return picked.filter((r) => keep.has(r));
  }

  /** Pushes due bulk rows of workspaces now in quiet hours to the end of the window. */
  private async holdQuietBulk(now: Date): Promise<void> {
    const workspaces = await all<{ workspace_id: string }>(
      this.rt.db,
      `SELECT DISTINCT due.workspace_id FROM (SELECT workspace_id FROM messages WHERE status IN ('queued', 'errored') AND priority = 0 AND next_attempt_at <= ? LIMIT 1000) AS due`,
      [now.toISOString()],
    );
    for (const { workspace_id } of workspaces) {
      const settings = await workspaceSettings(this.rt.db, workspace_id);
      const until = quietHoursEnd(settings.quietHours, settings.timezone, now);
      if (!until) continue;
      await run(
        this.rt.db,
        `UPDATE messages SET next_attempt_at = ? WHERE workspace_id = ? AND status IN ('queued', 'errored') AND priority = 0 AND next_attempt_at < ?`,
        [until, workspace_id, until],
      );
    }
  }

  private async sendOne(row: ClaimRow): Promise<void> {
    try {
      const channel = row.channel_id ? await channelById(this.rt.db, row.channel_id) : null;
      if (!channel || !channel.active) return await this.fail(row, channel ? `channel ${channel.name} is inactive` : 'message has no channel');
      if (!row.urn) return await this.fail(row, 'message has no URN');
      const type = this.rt.channelTypes.has(channel.type) ? this.rt.channelTypes.get(channel.type) : null;
      if (!type) return await this.fail(row, `no sender for channel type "${channel.type}"`);
      const msg: OutgoingMessage & { template?: WindowTemplate } = {
        uuid: row.uuid,
        urn: row.urn,
        text: row.text,
        attachments: JSON.parse(row.attachments) as string[],
        quickReplies: JSON.parse(row.quick_replies) as string[],
        priority: row.priority,
        idempotencyKey: row.uuid,
        attempt: row.attempts,
      };
      // WhatsApp: outside the 24-hour window only an approved template may go (see whatsapp-window-gate.ts).
      const gate = await whatsAppWindowGate(this.rt.db, { channel, contactId: row.contact_id, urn: row.urn, text: row.text, now: this.rt.now() });
      if (gate.kind === 'fail') return await this.fail(row, gate.reason);
      if (gate.kind === 'template') msg.template = gate.template;
      let result: SendResult;
      try {
        result = await type.send(msg, channel);
      } catch (err) {
        if (err instanceof FinalError) return await this.fail(row, err.message, err.contactStopped);
        const retryAfter = err instanceof RetryableError ? err.retryAfterSeconds : null;
        return await this.retryLater(row, (err as Error).message ?? String(err), retryAfter);
      }
      await this.markSent(row, result);
    } catch (err) {
      // A database error while recording: the row stays "sending" and is reconciled later.
      this.rt.logger.error('outbox: could not record a send outcome', { messageUuid: row.uuid, error: String(err) });
    } finally {
      this.inflight.delete(row.id);
    }
  }

  /** Records an accepted message and, if it was the last of its session's sprint, starts the wait timeout. */
  async markSent(row: { id: string; session_id: string | null; workspace_id: string; contact_id: string }, result: { status: string; providerId?: string | null }): Promise<void> {
    const nowIso = this.rt.nowIso();
    await this.rt.commits.submit(async (trx) => {
      const changed = await run(trx, `UPDATE messages SET status = ?, provider_id = ?, sent_at = ?, error = NULL, updated_at = ? WHERE id = ? AND status = 'sending'`, [
        result.status, result.providerId ?? null, nowIso, nowIso, row.id,
      ]);
      if (changed === 0) {
        // A status callback got there first (delivered/failed): keep its status, fill in the rest.
        await run(trx, `UPDATE messages SET provider_id = COALESCE(provider_id, ?), sent_at = COALESCE(sent_at, ?) WHERE id = ?`, [result.providerId ?? null, nowIso, row.id]);
      }
      if (row.session_id) await startWaitTimeoutIfLast(trx, row.session_id, row.contact_id, row.workspace_id, nowIso);
    });
  }

  private async retryLater(row: ClaimRow, error: string, retryAfterSeconds: number | null): Promise<void> {
    const nowIso = this.rt.nowIso();
    if (row.attempts >= this.maxAttempts) return this.fail(row, `gave up after ${row.attempts} attempts: ${error}`);
    const delay = retryAfterSeconds ?? this.backoffSeconds(row.attempts);
    const next = new Date(this.rt.now().getTime() + delay * 1000).toISOString();
    await this.rt.commits.submit((trx) =>
      run(trx, `UPDATE messages SET status = 'errored', error = ?, next_attempt_at = ?, updated_at = ? WHERE id = ? AND status = 'sending'`, [error.slice(0, 1000), next, nowIso, row.id]),
    );
  }

  private async fail(row: ClaimRow, error: string, contactStopped = false): Promise<void> {
    const nowIso = this.rt.nowIso();
    await this.rt.commits.submit(async (trx) => {
      await run(trx, `UPDATE messages SET status = 'failed', error = ?, updated_at = ? WHERE id = ? AND status IN ('sending', 'queued', 'errored')`, [error.slice(0, 1000), nowIso, row.id]);
      if (contactStopped) await run(trx, `UPDATE contacts SET status = 'stopped', updated_at = ? WHERE id = ? AND status = 'active'`, [nowIso, row.contact_id]);
    });
  }

  /**
   * Decides the fate of rows left "sending" by a crash (see the module comment): rows claimed at least
   * `reconcileAfterMs` ago that this sender is not sending. Returns how many were settled.
   */
  async reconcileSending(): Promise<number> {
    const claimedBefore = new Date(this.rt.now().getTime() - this.reconcileAfterMs).toISOString();
    // On PostgreSQL, a row whose claimer still beats is being sent, however long that takes: leave it.
    const aliveSince = new Date(Date.now() - Math.max(this.reconcileAfterMs, MIN_DEAD_AFTER_MS)).toISOString();
    const rows = await all<ClaimRow>(
      this.rt.db,
      `SELECT ${CLAIM_COLUMNS} FROM messages m LEFT JOIN contact_urns u ON u.id = m.contact_urn_id WHERE m.status = 'sending' AND m.updated_at <= ?${
        this.heartbeat ? ' AND (m.claimed_by IS NULL OR NOT EXISTS (SELECT 1 FROM worker_heartbeats h WHERE h.id = m.claimed_by AND h.heartbeat_at > ?))' : ''
      } LIMIT 1000`,
      this.heartbeat ? [claimedBefore, aliveSince] : [claimedBefore],
    );
    let settled = 0;
    for (const row of rows) {
      if (this.inflight.has(row.id)) continue;
      const nowIso = this.rt.nowIso();
      const channel = row.channel_id ? await channelById(this.rt.db, row.channel_id) : null;
      const type = channel && this.rt.channelTypes.has(channel.type) ? this.rt.channelTypes.get(channel.type) : null;
      if (!channel || !type) {
        await this.fail(row, 'interrupted while sending and its channel is gone');
        settled++;
        continue;
      }
      if (type.lookup) {
        try {
          const found = await type.lookup(row.uuid, channel);
          if (found.found) {
            await this.markSent(row, { status: found.status === 'delivered' ? 'delivered' : found.status, providerId: found.providerId ?? null });
          } else {
            await run(this.rt.db, `UPDATE messages SET status = 'queued', next_attempt_at = ?, updated_at = ? WHERE id = ? AND status = 'sending'`, [nowIso, nowIso, row.id]);
          }
          settled++;
        } catch (err) {
          this.rt.logger.warn('outbox: cannot reconcile yet, provider lookup failed', { messageUuid: row.uuid, error: String(err) });
        }
      } else if (type.idempotentSends) {
        await run(this.rt.db, `UPDATE messages SET status = 'queued', next_attempt_at = ?, updated_at = ? WHERE id = ? AND status = 'sending'`, [nowIso, nowIso, row.id]);
        settled++;
      } else {
        await this.fail(row, 'uncertain: interrupted while sending and the provider cannot be asked; not resent to avoid a duplicate');
        settled++;
      }
    }
    return settled;
  }
}

/**
 * Creates the wait_timeout timer of a waiting session once none of its outgoing messages is still
 * unsent, counting from now (the moment the last one left). Idempotent.
 */
export async function startWaitTimeoutIfLast(trx: Db, sessionId: string, contactId: string, workspaceId: string, nowIso: string): Promise<void> {
  const session = await first<{ status: string; timeout: number | null }>(trx, `SELECT status, ${sqlFor(trx).jsonText('state', ['wait', 'timeout_seconds'])} AS timeout FROM sessions WHERE id = ?`, [sessionId]);
  if (!session || session.status !== 'waiting') return;
  const timeout = Number(session.timeout ?? 0);
  if (!(timeout > 0)) return;
  // Filtered through the contact's index (messages has none on session_id): a contact has few messages.
  const unsent = await first<{ n: number }>(
    trx,
    `SELECT COUNT(*) AS n FROM messages WHERE contact_id = ? AND session_id = ? AND direction = 'out' AND status IN ('queued', 'errored', 'sending')`,
    [contactId, sessionId],
  );
  if (unsent && unsent.n > 0) return;
  const existing = await first<{ id: string }>(trx, `SELECT id FROM timers WHERE session_id = ? AND kind = 'wait_timeout' AND status = 'pending'`, [sessionId]);
  if (existing) return;
  const fireAt = new Date(Date.parse(nowIso) + timeout * 1000).toISOString();
  await run(trx, `INSERT INTO timers (id, workspace_id, kind, session_id, schedule_id, fire_at, status, created_at, updated_at) VALUES (?, ?, 'wait_timeout', ?, NULL, ?, 'pending', ?, ?)`, [
    uuidv7(), workspaceId, sessionId, fireAt, nowIso, nowIso,
  ]);
}
