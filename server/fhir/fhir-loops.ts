/**
 * The FHIR background work of the messaging workers (server/messaging/start-workers.ts):
 * - `FhirSyncLoop`: scheduled syncs and the retries of failed ones (server/fhir/sync-runs.ts);
 * - `FhirWatchLoop`: lab results, appointment reminders and the communications export (server/fhir/watch/).
 * Both check every `pollMs` (30 s by default) and do nothing when nothing is due.
 *
 * Example: `const syncs = new FhirSyncLoop(rt); syncs.start(); … await syncs.stop();`
 */
import { Loop } from '../jobs/loop.js';
import type { MessagingRuntime } from '../messaging/runtime.js';
import { runDueSyncs } from './sync-runs.js';
import { runDueWatchers } from './watch/run-watchers.js';

export class FhirSyncLoop {
  private readonly loop: Loop;

  constructor(rt: MessagingRuntime, options: { pollMs?: number } = {}) {
    this.loop = new Loop('fhir-sync', options.pollMs ?? 30_000, async () => (rt.stopping ? 0 : runDueSyncs({ db: rt.db, now: () => rt.now() })), rt.logger);
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }
}

export class FhirWatchLoop {
  private readonly loop: Loop;

  constructor(rt: MessagingRuntime, options: { pollMs?: number } = {}) {
    this.loop = new Loop(
      'fhir-watch',
      options.pollMs ?? 30_000,
      async () => (rt.stopping ? 0 : runDueWatchers({ db: rt.db, now: () => rt.now(), effectsFor: (ws) => rt.fhirFor(ws), onFlowStarts: () => rt.notify('bulk') })),
      rt.logger,
    );
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }
}
