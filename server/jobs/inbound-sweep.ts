/**
 * Finds inbound messages still "pending" (after a restart, or after a handling error) and queues
 * their contacts on the per-contact lock. Normal traffic never needs it: `receiveInbound` queues the
 * contact itself.
 *
 * Example: `new InboundSweep(rt, { pollMs: 5000 }).start()`.
 */
import { resumePendingInbound } from '../messaging/inbound.js';
import type { MessagingRuntime } from '../messaging/runtime.js';
import { Loop } from './loop.js';

export class InboundSweep {
  private readonly loop: Loop;

  constructor(private readonly rt: MessagingRuntime, options: { pollMs?: number } = {}) {
    // It reports 0 so the loop sleeps between sweeps: the queued work runs on the contact locks.
    this.loop = new Loop('inbound-sweep', options.pollMs ?? 5_000, async () => {
      await resumePendingInbound(this.rt);
      return 0;
    }, rt.logger);
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }
}
