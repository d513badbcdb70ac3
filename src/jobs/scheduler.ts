import { parse, validate, type ParsedFields } from "node-cron";
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
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = true;
  private running = new Map<string, Promise<void>>();
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

  /**
   * One timer for all jobs, armed for the earliest persisted next run (node-cron parses and validates the
   * expressions; a task object per job cost ~4 ms of start-up each). Re-armed at least every minute so a
   * change made by another process or a clock jump is picked up.
   */
  start(): void {
    this.sync();
    this.stopped = false;
    this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await Promise.allSettled(this.running.values());
  }

  private tick(): void {
    if (this.stopped) return;
    void this.runDue().finally(() => {
      if (this.stopped) return;
      const next = Math.min(...q.allScheduled(this.db).filter((r) => this.jobs.has(r.name)).map((r) => r.nextRunAt), this.clock.now() + MINUTE);
      this.timer = setTimeout(() => this.tick(), Math.max(50, next - this.clock.now()));
      this.timer.unref?.();
    });
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
    return nextCronRun(parse(job.schedule), this.clock.now()) ?? this.clock.now() + HOUR;
  }


}

/**
 * Next UTC minute after `after` matching parsed cron fields, skipping whole days and hours that cannot
 * match (a per-minute scan over a year was ~0.2 s at every start). Day of month and day of week follow
 * cron: when both are restricted, either may match.
 */
export function nextCronRun(f: ParsedFields, after: number): number | null {
  const set = (xs: (number | string)[]) => new Set(xs.filter((x): x is number => typeof x === "number"));
  const minutes = set(f.minute), hours = set(f.hour), months = set(f.month), dom = set(f.dayOfMonth);
  const dow = new Set([...set(f.dayOfWeek)].map((d) => d % 7));
  const domAll = dom.size >= 31, dowAll = dow.size >= 7;
  const limit = after + 5 * 366 * 24 * HOUR; // Feb 29 can be four years away
  for (let t = Math.floor(after / MINUTE) * MINUTE + MINUTE; t < limit; ) {
    const d = new Date(t);
    const [y, mo, date, h] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours()];
    const dayMatches = domAll && dowAll ? true : domAll ? dow.has(d.getUTCDay()) : dowAll ? dom.has(date) : dom.has(date) || dow.has(d.getUTCDay());
    if (!months.has(mo + 1) || !dayMatches) t = Date.UTC(y, mo, date + 1);
    else if (!hours.has(h)) t = Date.UTC(y, mo, date, h + 1);
    else if (!minutes.has(d.getUTCMinutes())) t += MINUTE;
    else return t;
  }
  return null;
}
