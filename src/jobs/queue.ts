import type { SystemDb } from "../db/system";
import { newId } from "../lib/ids";
import type { Logger } from "../lib/logger";
import { MINUTE, SECOND, type Clock } from "../lib/time";
import * as q from "./queries";

export interface JobContext {
  jobId: string;
  orgId: string | null;
  attempt: number;
  /** Persist progress (shown in pages; also a checkpoint a retried run can resume from). */
  progress(value: unknown): void;
  /** The progress saved by an earlier attempt, if any. */
  savedProgress: unknown;
}

export interface JobHandler<P = unknown> {
  kind: string;
  run(payload: P, ctx: JobContext): Promise<unknown>;
  maxAttempts?: number;
  /** Delay before attempt n+1 (n = attempts so far). Default: 30 s × 4^(n-1), capped at 1 h. */
  backoffMs?(attempt: number): number;
}

export interface EnqueueOptions {
  orgId?: string | null;
  runAt?: number;
  maxAttempts?: number;
}

export type JobStatus = q.JobRow["status"];
export type JobRecord = q.JobRow;

const LEASE_MS = 2 * MINUTE;
const defaultBackoff = (attempt: number) => Math.min(30 * SECOND * 4 ** (attempt - 1), 60 * MINUTE);

/**
 * Durable one-off work: jobs are rows; a runner claims one with a lease it keeps renewing; a job
 * whose runner died goes back to the queue when its lease runs out; failures retry with back-off.
 */
export class JobQueue {
  private handlers = new Map<string, JobHandler<any>>();
  private active = new Map<string, Promise<void>>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = true;
  onFinish?: (job: JobRecord) => void;

  constructor(
    private db: SystemDb,
    private clock: Clock,
    private logger: Logger,
    private concurrency = 2,
  ) {}

  register<P>(handler: JobHandler<P>): void {
    this.handlers.set(handler.kind, handler);
  }

  enqueue<P>(kind: string, payload: P, opts: EnqueueOptions = {}): string {
    if (!this.handlers.has(kind)) throw new Error(`no handler for job kind ${kind}`);
    const now = this.clock.now();
    const id = newId();
    q.insertJob(this.db, {
      id, kind, orgId: opts.orgId ?? null, payload: payload as unknown, status: "queued",
      maxAttempts: opts.maxAttempts ?? this.handlers.get(kind)!.maxAttempts ?? 5,
      runAt: opts.runAt ?? now, createdAt: now, updatedAt: now,
    });
    this.wake();
    return id;
  }

  get = (id: string): JobRecord | undefined => q.findJob(this.db, id);
  recent = (limit = 50, orgId?: string): JobRecord[] => q.recentJobs(this.db, limit, orgId);
  counts = () => q.countByStatus(this.db);

  cancel(id: string): boolean {
    const job = q.findJob(this.db, id);
    if (!job || job.status !== "queued") return false;
    q.updateJob(this.db, id, { status: "cancelled", finishedAt: this.clock.now(), updatedAt: this.clock.now() });
    return true;
  }

  start(): void {
    this.stopped = false;
    q.requeueExpired(this.db, this.clock.now());
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled(this.active.values());
  }

  /** Run queued jobs until none is due (tests and the CLI use this without starting the loop). */
  async drain(): Promise<void> {
    for (;;) {
      const job = q.claimNextJob(this.db, [...this.handlers.keys()], this.clock.now(), this.clock.now() + LEASE_MS);
      if (!job) {
        await Promise.allSettled(this.active.values());
        const more = q.nextDueAt(this.db, [...this.handlers.keys()]);
        if (more === undefined || more > this.clock.now()) return;
        continue;
      }
      await this.execute(job);
    }
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.pump(), 0);
  }

  private pump(): void {
    this.timer = null;
    if (this.stopped) return;
    q.requeueExpired(this.db, this.clock.now());
    while (this.active.size < this.concurrency) {
      const job = q.claimNextJob(this.db, [...this.handlers.keys()], this.clock.now(), this.clock.now() + LEASE_MS);
      if (!job) break;
      const p = this.execute(job).finally(() => {
        this.active.delete(job.id);
        this.wake();
      });
      this.active.set(job.id, p);
    }
    const next = q.nextDueAt(this.db, [...this.handlers.keys()]);
    const delay = next === undefined ? 5 * SECOND : Math.max(50, Math.min(next - this.clock.now(), 5 * SECOND));
    if (!this.stopped && !this.timer) this.timer = setTimeout(() => this.pump(), delay);
  }

  private async execute(job: JobRecord): Promise<void> {
    const handler = this.handlers.get(job.kind)!;
    const renew = setInterval(() => q.updateJob(this.db, job.id, { lockedUntil: this.clock.now() + LEASE_MS }), LEASE_MS / 3);
    const ctx: JobContext = {
      jobId: job.id,
      orgId: job.orgId,
      attempt: job.attempts,
      savedProgress: job.progress,
      progress: (value) => q.updateJob(this.db, job.id, { progress: value, updatedAt: this.clock.now() }),
    };
    try {
      const result = await handler.run(job.payload, ctx);
      const now = this.clock.now();
      q.updateJob(this.db, job.id, { status: "succeeded", result: result ?? null, lockedUntil: null, finishedAt: now, updatedAt: now, lastError: null });
    } catch (e) {
      const message = (e as Error).message || String(e);
      const now = this.clock.now();
      const retry = job.attempts < job.maxAttempts;
      this.logger.warn("job attempt failed", { jobId: job.id, kind: job.kind, attempt: job.attempts, retry, error: message });
      q.updateJob(this.db, job.id, retry
        ? { status: "queued", lockedUntil: null, lastError: message, runAt: now + (handler.backoffMs ?? defaultBackoff)(job.attempts), updatedAt: now }
        : { status: "failed", lockedUntil: null, lastError: message, finishedAt: now, updatedAt: now });
    } finally {
      clearInterval(renew);
    }
    const done = q.findJob(this.db, job.id);
    if (done) this.onFinish?.(done);
  }
}
