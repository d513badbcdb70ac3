import type { Database } from "bun:sqlite";

type Op = () => unknown;
interface Waiter {
  index: number;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

/**
 * Group commit: writes queued within `intervalMs` share one transaction (one fsync).
 * `run()` resolves only after the transaction holding its write has committed.
 */
export class GroupCommit {
  private ops: Op[] = [];
  private waiters: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  commits = 0;

  constructor(
    private readonly db: Database,
    private readonly intervalMs: number,
    private readonly onError: (err: unknown) => void,
  ) {}

  run<T>(op: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiters.push({ index: this.ops.length, resolve: resolve as (v: unknown) => void, reject });
      this.ops.push(op);
      this.schedule();
    });
  }

  push(op: () => void): void {
    this.ops.push(op);
    this.schedule();
  }

  get pending(): number {
    return this.ops.length;
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.ops.length === 0) return;
    const ops = this.ops;
    const waiters = this.waiters;
    this.ops = [];
    this.waiters = [];
    const results = new Array<unknown>(ops.length);
    try {
      this.db.transaction(() => {
        for (let i = 0; i < ops.length; i++) results[i] = ops[i]!();
      })();
      this.commits++;
    } catch (err) {
      for (const w of waiters) w.reject(err);
      this.onError(err);
      return;
    }
    for (const w of waiters) w.resolve(results[w.index]);
  }

  private schedule(): void {
    if (!this.timer) this.timer = setTimeout(() => this.flush(), this.intervalMs);
  }
}
