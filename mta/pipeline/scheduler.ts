import type { EngineContext } from "./context.ts";
import { deliver } from "./deliver.ts";

/**
 * Pulls due deliveries from the spool in batches (one claim transaction per batch, never
 * per message) and runs them with at most maxInFlight attempts at once.
 */
export class Scheduler {
  inflight = 0;
  private running = false;
  private timer: ReturnType<typeof setInterval> | null = null;
  private pending = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly ctx: EngineContext) {}

  start(): void {
    this.running = true;
    this.timer = setInterval(() => this.tick(true), 200);
    this.wake();
  }

  wake(): void {
    if (this.pending || !this.running) return;
    this.pending = true;
    setImmediate(() => {
      this.pending = false;
      this.tick();
    });
  }

  /** Wake-ups claim only a worthwhile batch; the periodic tick (force) takes whatever room there is. */
  private tick(force = false): void {
    if (!this.running) return;
    const max = this.ctx.settings.maxInFlight;
    const room = max - this.inflight;
    const batch = Math.max(1, Math.min(256, Math.floor(max / 4)));
    if (room <= 0 || (room < batch && this.inflight > 0 && !force)) return;
    const due = this.ctx.spool.claimDue(this.ctx.now(), Math.min(room, 1000));
    for (const d of due) {
      this.inflight++;
      deliver(this.ctx, d).finally(() => this.done());
    }
  }

  private done(): void {
    this.inflight--;
    if (this.inflight === 0) for (const w of this.idleWaiters.splice(0)) w();
    this.wake();
  }

  /** Stop claiming; resolve when in-flight attempts finished or the timeout passed. */
  async stop(timeoutMs: number): Promise<boolean> {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    if (this.inflight === 0) return true;
    const idle = new Promise<boolean>((resolve) => this.idleWaiters.push(() => resolve(true)));
    return Promise.race([idle, Bun.sleep(timeoutMs).then(() => false)]);
  }
}
