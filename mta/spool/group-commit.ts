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
  private durableWanted = false;
  private committedHooks: (() => void)[] = [];
  private syncFull = false;
  commits = 0;

  /**
   * fsyncFor: "run" = commits that hold a run() write (enqueue: must survive power loss) are
   * fsynced (synchronous=FULL); other commits (outcomes, events) use NORMAL, which survives a
   * process crash. "none": NORMAL always.
   */
  constructor(
    private readonly db: Database,
    private readonly intervalMs: number,
    private readonly onError: (err: unknown) => void,
    private readonly fsyncFor: "run" | "none" = "run",
  ) {}

  private setSync(full: boolean): void {
    if (full === this.syncFull) return;
    this.db.exec(`PRAGMA synchronous = ${full ? "FULL" : "NORMAL"}`);
    this.syncFull = full;
  }

  run<T>(op: () => T): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiters.push({ index: this.ops.length, resolve: resolve as (v: unknown) => void, reject });
      this.durableWanted = true;
      this.ops.push(op);
      this.schedule();
    });
  }

  push(op: () => void): void {
    this.ops.push(op);
    this.schedule();
  }

  /** Run fn once the transaction holding the current writes has committed (dropped if it fails). */
  afterCommit(fn: () => void): void {
    this.committedHooks.push(fn);
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
    const full = this.durableWanted && this.fsyncFor === "run";
    this.durableWanted = false;
    try {
      this.setSync(full);
      this.db.transaction(() => {
        for (let i = 0; i < ops.length; i++) results[i] = ops[i]!();
      })();
      this.commits++;
    } catch (err) {
      this.committedHooks = [];
      for (const w of waiters) w.reject(err);
      this.onError(err);
      return;
    }
    const hooks = this.committedHooks;
    this.committedHooks = [];
    for (const h of hooks) h();
    for (const w of waiters) w.resolve(results[w.index]);
  }

  private schedule(): void {
    if (!this.timer) this.timer = setTimeout(() => this.flush(), this.intervalMs);
  }
}
