/**
 * Fires due schedules (see server/messaging/schedules.ts) and wakes the bulk loop when it created work.
 *
 * Example: `new ScheduleLoop(rt, { pollMs: 5000, onCreated: () => bulk.poke() }).start()`.
 */
import type { MessagingRuntime } from '../messaging/runtime.js';
import { fireDueSchedules } from '../messaging/schedules.js';
import { Loop } from './loop.js';

export class ScheduleLoop {
  private readonly loop: Loop;

  constructor(private readonly rt: MessagingRuntime, private readonly options: { pollMs?: number; onCreated?: () => void } = {}) {
    this.loop = new Loop('schedules', options.pollMs ?? 5_000, () => this.tick(), rt.logger);
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  async tick(): Promise<number> {
    const created = await fireDueSchedules(this.rt.db, this.rt.now());
    if (created > 0) this.options.onCreated?.();
    return created;
  }
}
