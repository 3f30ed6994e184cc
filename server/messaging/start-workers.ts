/**
 * Starts the messaging loop's background workers for one database: the outbox sender, the timers,
 * the schedules, the broadcast/start batches, the pending-inbound sweep and the FHIR write-back retries; mounts the loopback
 * webhooks; and drops cached assets when a flow is published. `stop()` stops claiming new work and
 * resolves once the work in flight (sends, sprints, batches) has been recorded.
 *
 * Roles (server/jobs/pg/process-role.ts): `role: 'web'` only mounts the webhooks (no background loop);
 * 'worker' and 'all' run the loops. On PostgreSQL, broadcasts and flow starts are spread over the worker
 * processes through the job queue (server/jobs/pg/bulk-jobs.ts) instead of the in-process BulkLoop;
 * sending, timers and schedules run in every worker and are kept apart by their database claims, and
 * per-contact order by the advisory locks of ContactLocks.
 *
 * Example:
 *   const workers = startWorkers({ db, logger: console });
 *   process.on('SIGTERM', async () => { await workers.stop(); await db.destroy(); });
 */
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { ChannelType } from '../channels/types.js';
import type { Database } from '../db/schema.js';
import { defaultWebhooks, type WebhookRegistry } from '../http/webhooks.js';
import type { FlowEvents } from '../flows/flow-events.js';
import { registerLoopbackWebhooks } from '../channels/loopback/webhook.js';
import { BulkLoop } from '../jobs/bulk-loop.js';
import { FhirWritebackLoop } from '../jobs/fhir-writeback-loop.js';
import { FhirSyncLoop, FhirWatchLoop } from '../fhir/fhir-loops.js';
import { InboundSweep } from '../jobs/inbound-sweep.js';
import { OutboxSender, type OutboxSenderOptions } from '../jobs/outbox-sender.js';
import { ScheduleLoop } from '../jobs/schedule-loop.js';
import { TimerLoop } from '../jobs/timer-loop.js';
import { CourseReminderLoop } from '../courses/course-reminder-loop.js';
import { DistributedBulk } from '../jobs/pg/bulk-jobs.js';
import { PgJobQueue } from '../jobs/pg/job-queue.js';
import type { ProcessRole } from '../jobs/pg/process-role.js';
import { isPostgres, postgresUrlOf } from '../db/dialect.js';
import { resumePendingInbound } from './inbound.js';
import type { Logger } from './logger.js';
import { MessagingRuntime, runtimeFor, setRuntimeFor, type MessagingRuntimeOptions } from './runtime.js';

/** Options of `startWorkers`. Only `db` is required. */
export interface StartWorkersOptions {
  db: Kysely<Database>;
  logger?: Logger;
  /** Where to mount /webhooks/loopback/ (default: the server's registry); `null` to skip. */
  webhooks?: WebhookRegistry | null;
  /** Subscribe to flow publishes to drop cached assets (the server passes services.flowEvents). */
  flowEvents?: FlowEvents;
  /** Runtime options (engine, services, clock) when this call creates the runtime. */
  runtime?: Omit<MessagingRuntimeOptions, 'db' | 'logger'>;
  sender?: OutboxSenderOptions;
  timersPollMs?: number;
  schedulesPollMs?: number;
  bulkPollMs?: number;
  bulkBatchSize?: number;
  inboundSweepMs?: number;
  /** How often queued FHIR writes that are due are sent again (default 30 s). */
  fhirRetryMs?: number;
  /** The server's config (main.ts passes it): public URL and data dir for the provider webhooks. */
  config?: { publicUrl?: string | null; dataDir?: string };
  /** Register the provider channel types and webhooks of server/channels/registry-providers.ts (default true). */
  providers?: boolean;
  /** This process's role (default 'all'): 'web' mounts the webhooks but runs no background loop. */
  role?: ProcessRole;
  /**
   * PostgreSQL: spread broadcasts and flow starts over the workers with the job queue (default true);
   * false keeps the in-process BulkLoop (still safe across processes, only less spread out).
   */
  jobQueue?: boolean;
}

/** Running workers. */
export interface Workers {
  runtime: MessagingRuntime;
  sender: OutboxSender;
  /** The PostgreSQL job queue, once started (null on SQLite, in a web process, or while starting). */
  jobs(): PgJobQueue | null;
  /** Resolves once the background parts are running (the job queue connects asynchronously). */
  ready: Promise<void>;
  /** This process's work counters since it started (for /metrics). */
  counters(): { outboxClaimed: number; bulkBatches: number; lockContention: number };
  stop(): Promise<void>;
}

export function startWorkers(options: StartWorkersOptions): Workers {
  const { db } = options;
  let rt: MessagingRuntime;
  if (options.runtime) {
    // An explicit configuration (engine, clock, services) replaces any runtime made earlier for this db.
    rt = new MessagingRuntime({ db, ...options.runtime, logger: options.logger });
    setRuntimeFor(db, rt);
  } else {
    rt = runtimeFor(db, { logger: options.logger });
    if (options.logger) rt.logger = options.logger;
  }
  rt.stopping = false;

  const role = options.role ?? 'all';
  const loops = role !== 'web';
  const sender = new CountingOutboxSender(rt, options.sender);
  const timers = new TimerLoop(rt, { pollMs: options.timersPollMs });
  const pgUrl = isPostgres(db) ? postgresUrlOf(db) : null;
  const distribute = loops && pgUrl !== null && options.jobQueue !== false;
  // Bulk work: the in-process loop, or (PostgreSQL) the job queue once it is connected.
  let bulkLoop: BulkLoop | null = distribute ? null : new BulkLoop(rt, { pollMs: options.bulkPollMs, batchSize: options.bulkBatchSize, onQueued: () => sender.poke() });
  let distributed: DistributedBulk | null = null;
  let jobs: PgJobQueue | null = null;
  const pokeBulk = () => (distributed ?? bulkLoop)?.poke();
  const schedules = new ScheduleLoop(rt, { pollMs: options.schedulesPollMs, onCreated: pokeBulk });
  const sweep = new InboundSweep(rt, { pollMs: options.inboundSweepMs });
  const fhirRetries = new FhirWritebackLoop(rt, { pollMs: options.fhirRetryMs });
  const courseReminders = new CourseReminderLoop(rt);
  const fhirSyncs = new FhirSyncLoop(rt), fhirWatchers = new FhirWatchLoop(rt);
  const unsubscribe = [rt.onWork('outbox', () => sender.poke()), rt.onWork('bulk', pokeBulk)];
  const registry = options.webhooks === undefined ? defaultWebhooks : options.webhooks;
  if (registry) unsubscribe.push(registerLoopbackWebhooks(registry, rt));
  if (registry && options.providers !== false) void mountProviders(registry, rt, options, unsubscribe);
  if (options.flowEvents) unsubscribe.push(options.flowEvents.onPublished(({ workspaceId }) => rt.assets.invalidate(workspaceId)));

  const background = [sender, timers, schedules, sweep, fhirRetries, courseReminders, fhirSyncs, fhirWatchers];
  let ready: Promise<void> = Promise.resolve();
  if (loops) {
    // Messages accepted before a crash but not yet handled are picked up first.
    void resumePendingInbound(rt).catch((err: unknown) => rt.logger.error('resuming pending inbound messages failed', { error: String(err) }));
    for (const worker of background) worker.start();
    bulkLoop?.start();
    if (distribute) {
      ready = (async () => {
        try {
          jobs = await PgJobQueue.start({ url: pgUrl, logger: rt.logger, pollMs: options.bulkPollMs });
          const candidate = new DistributedBulk(rt, jobs, { sweepMs: options.bulkPollMs, batchSize: options.bulkBatchSize, onQueued: () => sender.poke() });
          await candidate.start();
          distributed = candidate;
        } catch (err) {
          // Without the queue the in-process loop still does the work (safe across processes, less spread out).
          rt.logger.error('job queue unavailable: broadcasts and flow starts fall back to the in-process loop', { error: String(err) });
          await jobs?.stop().catch(() => undefined);
          jobs = null;
          if (!rt.stopping) {
            bulkLoop = new BulkLoop(rt, { pollMs: options.bulkPollMs, batchSize: options.bulkBatchSize, onQueued: () => sender.poke() });
            bulkLoop.start();
          }
        }
      })();
    }
    rt.logger.info('messaging workers started', { role, bulk: distribute ? 'job queue' : 'in-process loop' });
  } else {
    rt.logger.info('messaging webhooks mounted (web role: no background workers)');
  }

  let stopping: Promise<void> | null = null;
  return {
    runtime: rt,
    sender,
    jobs: () => jobs,
    ready,
    counters: () => ({ outboxClaimed: sender.claimedTotal, bulkBatches: distributed?.batches ?? 0, lockContention: rt.locks.distributed?.contended ?? 0 }),
    stop() {
      stopping ??= (async () => {
        for (const off of unsubscribe) off();
        rt.stopping = true;
        await ready;
        // Running bulk jobs stop after their batch and hand the rest back to the queue (another worker takes it).
        await Promise.all([schedules.stop(), bulkLoop?.stop(), distributed?.stop(), jobs?.stop(), timers.stop(), sweep.stop(), fhirRetries.stop(), courseReminders.stop(), fhirSyncs.stop(), fhirWatchers.stop()]);
        await rt.locks.idle(); // sprints in flight commit (or roll back), and their write-backs finish, before we return
        await sender.stop();
        await rt.commits.idle();
        await rt.locks.close();
        rt.logger.info('messaging workers stopped');
      })();
      return stopping;
    },
  };
}

/** The outbox sender, counting the messages it claimed (kiunga_outbox_claimed_total). */
class CountingOutboxSender extends OutboxSender {
  claimedTotal = 0;

  override async claim(): ReturnType<OutboxSender['claim']> {
    const rows = await super.claim();
    this.claimedTotal += rows.length;
    return rows;
  }
}

/**
 * Registers the provider adapters (Africa's Talking, Twilio, …) written alongside the loop, when their
 * module is present; a missing or broken module only costs a log line, never the loop.
 */
async function mountProviders(registry: WebhookRegistry, rt: MessagingRuntime, options: StartWorkersOptions, unsubscribe: (() => void)[]): Promise<void> {
  try {
    const providers = (await import('../channels/registry-providers.js' as string)) as {
      PROVIDER_CHANNEL_TYPES?: ChannelType[];
      registerProviderWebhooks?: (registry: WebhookRegistry, rt: MessagingRuntime, opts: { publicUrl?: string | null; mediaDir?: string; stateDir?: string }) => () => void;
    };
    for (const type of providers.PROVIDER_CHANNEL_TYPES ?? []) rt.channelTypes.register(type);
    if (providers.registerProviderWebhooks) {
      const dataDir = options.config?.dataDir;
      const mediaDir = dataDir ? path.join(dataDir, 'media') : undefined;
      // Vonage long-SMS parts waiting for their siblings: in the data folder, not wherever the process started.
      const stateDir = dataDir ? path.join(dataDir, 'channel-state') : undefined;
      unsubscribe.push(providers.registerProviderWebhooks(registry, rt, { publicUrl: options.config?.publicUrl ?? null, mediaDir, stateDir }));
    }
  } catch (err) {
    rt.logger.warn('provider channels not mounted', { error: String((err as Error).message ?? err) });
  }
}
