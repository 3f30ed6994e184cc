/**
 * A polling loop for background jobs: runs `tick` again at once while it finds work, otherwise
 * sleeps `idleMs` (or until `poke()`); `stop()` lets the current tick finish (graceful stop).
 * A tick that throws is logged and retried after the idle delay.
 *
 * Example:
 *   const loop = new Loop('timers', 1000, async () => fireDueTimers(rt), logger);
 *   loop.start(); … await loop.stop();
 */
import type { Logger } from '../messaging/logger.js';

export class Loop {
  private running = false;
  private current: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    readonly name: string,
    private readonly idleMs: number,
    private readonly tick: () => Promise<number>,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.current = this.runLoop();
  }

  poke(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.poke();
    await this.current;
    this.current = null;
  }

  private async runLoop(): Promise<void> {
    while (this.running) {
      let found = 0;
      try {
        found = await this.tick();
      } catch (err) {
        this.logger.error(`${this.name}: tick failed`, { error: String(err) });
      }
      if (!this.running) break;
      if (found > 0) {
        await new Promise((resolve) => setImmediate(resolve)); // let HTTP handlers in between batches
        continue;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        this.timer = setTimeout(resolve, this.idleMs);
      });
      if (this.timer) clearTimeout(this.timer);
      this.wake = null;
      this.timer = null;
    }
  }
}
