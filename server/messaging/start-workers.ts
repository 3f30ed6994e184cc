/**
 * Starts the messaging loop's background workers for one database: the outbox sender, the timers,
 * the schedules, the broadcast/start batches, the pending-inbound sweep and the FHIR write-back retries; mounts the loopback
 * webhooks; and drops cached assets when a flow is published. `stop()` stops claiming new work and
 * resolves once the work in flight (sends, sprints, batches) has been recorded.
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
import { InboundSweep } from '../jobs/inbound-sweep.js';
import { OutboxSender, type OutboxSenderOptions } from '../jobs/outbox-sender.js';
import { ScheduleLoop } from '../jobs/schedule-loop.js';
import { TimerLoop } from '../jobs/timer-loop.js';
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
}

/** Running workers. */
export interface Workers {
  runtime: MessagingRuntime;
  sender: OutboxSender;
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

  const sender = new OutboxSender(rt, options.sender);
  const timers = new TimerLoop(rt, { pollMs: options.timersPollMs });
  const bulk = new BulkLoop(rt, { pollMs: options.bulkPollMs, batchSize: options.bulkBatchSize, onQueued: () => sender.poke() });
  const schedules = new ScheduleLoop(rt, { pollMs: options.schedulesPollMs, onCreated: () => bulk.poke() });
  const sweep = new InboundSweep(rt, { pollMs: options.inboundSweepMs });
  const fhirRetries = new FhirWritebackLoop(rt, { pollMs: options.fhirRetryMs });
  const unsubscribe = [rt.onWork('outbox', () => sender.poke()), rt.onWork('bulk', () => bulk.poke())];
  const registry = options.webhooks === undefined ? defaultWebhooks : options.webhooks;
  if (registry) unsubscribe.push(registerLoopbackWebhooks(registry, rt));
  if (registry && options.providers !== false) void mountProviders(registry, rt, options, unsubscribe);
  if (options.flowEvents) unsubscribe.push(options.flowEvents.onPublished(({ workspaceId }) => rt.assets.invalidate(workspaceId)));

  // Messages accepted before a crash but not yet handled are picked up first.
  void resumePendingInbound(rt).catch((err: unknown) => rt.logger.error('resuming pending inbound messages failed', { error: String(err) }));
  for (const worker of [sender, timers, bulk, schedules, sweep, fhirRetries]) worker.start();
  rt.logger.info('messaging workers started');

  let stopping: Promise<void> | null = null;
  return {
    runtime: rt,
    sender,
    stop() {
      stopping ??= (async () => {
        for (const off of unsubscribe) off();
        rt.stopping = true;
        await Promise.all([schedules.stop(), bulk.stop(), timers.stop(), sweep.stop(), fhirRetries.stop()]);
        await rt.locks.idle(); // sprints in flight commit (or roll back), and their write-backs finish, before we return
        await sender.stop();
        await rt.commits.idle();
        rt.logger.info('messaging workers stopped');
      })();
      return stopping;
    },
  };
}

/**
 * Registers the provider adapters (Africa's Talking, Twilio, …) written alongside the loop, when their
 * module is present; a missing or broken module only costs a log line, never the loop.
 */
async function mountProviders(registry: WebhookRegistry, rt: MessagingRuntime, options: StartWorkersOptions, unsubscribe: (() => void)[]): Promise<void> {
  try {
    const providers = (await import('../channels/registry-providers.js' as string)) as {
      PROVIDER_CHANNEL_TYPES?: ChannelType[];
      registerProviderWebhooks?: (registry: WebhookRegistry, rt: MessagingRuntime, opts: { publicUrl?: string | null; mediaDir?: string }) => () => void;
    };
    for (const type of providers.PROVIDER_CHANNEL_TYPES ?? []) rt.channelTypes.register(type);
    if (providers.registerProviderWebhooks) {
      const mediaDir = options.config?.dataDir ? path.join(options.config.dataDir, 'media') : undefined;
      unsubscribe.push(providers.registerProviderWebhooks(registry, rt, { publicUrl: options.config?.publicUrl ?? null, mediaDir }));
    }
  } catch (err) {
    rt.logger.warn('provider channels not mounted', { error: String((err as Error).message ?? err) });
  }
}
