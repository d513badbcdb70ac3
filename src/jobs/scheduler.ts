import { createTask, validate, type ScheduledTask } from "node-cron";
import type { SystemDb } from "../db/system";
import type { Logger } from "../lib/logger";
import { HOUR, MINUTE, type Clock } from "../lib/time";
import * as q from "./queries";
import { AppError } from "../lib/errors";

export interface RecurringJob {
  /** Stable id like `audit.retention`. */
  name: string;
  /** Cron expression, evaluated in UTC. */
  schedule: string;
  description: string;
  run(): Promise<unknown> | unknown;
}

const STALE_RUN_MS = HOUR;

/**
 * Recurring jobs over node-cron, with the next run persisted in the system database: a run missed
 * while the process was down happens once at start, a finished run is never repeated, and a run
 * interrupted by a crash is taken over after its lease.
 */
export class Scheduler {
  private jobs = new Map<string, RecurringJob>();
  private tasks = new Map<string, ScheduledTask>();
  private running = new Map<string, Promise<void>>();
  private probes = new Map<string, ScheduledTask>();
  onRun?: (name: string, ok: boolean, durationMs: number) => void;

  constructor(
    private db: SystemDb,
    private clock: Clock,
    private logger: Logger,
  ) {}

  register(job: RecurringJob): void {
    if (!validate(job.schedule)) throw new Error(`job ${job.name}: invalid cron expression "${job.schedule}"`);
    this.jobs.set(job.name, job);
  }

  list(): RecurringJob[] {
    return [...this.jobs.values()];
  }

  /** Persisted state of every job: next run, last run, duration, result. */
  status(): (q.ScheduledJobRow & { description: string })[] {
    this.sync();
    return q.allScheduled(this.db).map((r) => ({ ...r, description: this.jobs.get(r.name)?.description ?? "" }));
  }

  /** Persist every registered job (new ones get their first next run), without starting timers. */
  sync(): void {
    for (const job of this.jobs.values()) {
      const row = q.findScheduled(this.db, job.name);
      if (!row) q.insertScheduled(this.db, { name: job.name, schedule: job.schedule, nextRunAt: this.nextAfterNow(job) });
      else if (row.schedule !== job.schedule) q.updateScheduled(this.db, job.name, { schedule: job.schedule, nextRunAt: this.nextAfterNow(job) });
    }
  }

  start(): void {
    this.sync();
    for (const job of this.jobs.values()) {
      const task = createTask(job.schedule, () => void this.runIfDue(job.name), { timezone: "Etc/UTC", noOverlap: true, name: job.name });
      task.start();
      this.tasks.set(job.name, task);
    }
    void this.runDue();
  }

  async stop(): Promise<void> {
    for (const t of this.tasks.values()) await t.destroy();
    this.tasks.clear();
    await Promise.allSettled(this.running.values());
  }

  /** Run every job whose persisted next run has passed (catch-up after downtime; also used by tests). */
  async runDue(): Promise<void> {
    await Promise.all([...this.jobs.keys()].map((name) => this.runIfDue(name)));
  }

  /** Run a job now regardless of its schedule (System page "Run now"). */
  async runNow(name: string): Promise<void> {
    if (!this.jobs.has(name)) throw new AppError("NOT_FOUND", `No job named ${name}.`);
    this.sync();
    q.updateScheduled(this.db, name, { nextRunAt: this.clock.now() });
    await this.runIfDue(name);
  }

  async runIfDue(name: string): Promise<void> {
    const job = this.jobs.get(name);
    if (!job || this.running.has(name)) return;
    const now = this.clock.now();
    // A timer may fire a few milliseconds before the persisted instant.
    if (!q.claimScheduled(this.db, name, now + 1000, now - STALE_RUN_MS)) return;
    const p = this.execute(job).finally(() => this.running.delete(name));
    this.running.set(name, p);
    await p;
  }

  private async execute(job: RecurringJob): Promise<void> {
    const started = this.clock.now();
    let error: string | null = null;
    try {
      const result = await job.run();
      this.logger.info("job finished", { job: job.name, result: result ?? null, durationMs: this.clock.now() - started });
    } catch (e) {
      error = (e as Error).message || String(e);
      this.logger.error("job failed", { job: job.name, error });
    }
    const finished = this.clock.now();
    const row = q.findScheduled(this.db, job.name);
    q.updateScheduled(this.db, job.name, {
      lastStatus: error ? "error" : "ok",
      lastError: error,
      lastFinishedAt: finished,
      lastDurationMs: finished - started,
      runCount: (row?.runCount ?? 0) + 1,
      nextRunAt: this.nextAfterNow(job),
    });
    this.onRun?.(job.name, !error, finished - started);
  }

  /** The first whole minute after the clock's now that the expression matches (UTC). */
  private nextAfterNow(job: RecurringJob): number {
    const probe = this.probes.get(job.name) ?? createTask(job.schedule, () => {}, { timezone: "Etc/UTC" });
    this.probes.set(job.name, probe);
    let t = Math.floor(this.clock.now() / MINUTE) * MINUTE + MINUTE;
    for (let i = 0; i < 366 * 24 * 60; i++, t += MINUTE) if (probe.match(new Date(t))) return t;
    return this.clock.now() + HOUR;
  }

}
