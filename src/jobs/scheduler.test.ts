import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openSystemDb, type SystemDb } from "../db/system";
import { silentLogger } from "../lib/logger";
import { manualClock } from "../testing/test-app";
import { Scheduler } from "./scheduler";
import { JobQueue } from "./queue";
import { MINUTE } from "../lib/time";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function db(): { db: SystemDb; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), "owlat-jobs-"));
  dirs.push(dir);
  return { db: openSystemDb(dir), dir };
}

describe("Scheduler", () => {
  test("persists the next run; a run missed while down happens once at start, never twice", async () => {
    const { db: sys, dir } = db();
    const clock = { now: () => Date.now() };
    let runs = 0;
    const job = { name: "test.hourly", schedule: "0 * * * *", description: "t", run: () => ++runs };
    const s1 = new Scheduler(sys, clock, silentLogger);
    s1.register(job);
    s1.sync();
    const row = s1.status()[0]!;
    expect(row.nextRunAt).toBeGreaterThan(Date.now());
    expect(new Date(row.nextRunAt).getUTCMinutes()).toBe(0);
    await s1.runDue();
    expect(runs).toBe(0);
    // Pretend the process was down over the scheduled instant.
    sys.$client.query("UPDATE scheduled_jobs SET next_run_at = ? WHERE name = ?").run(Date.now() - 5 * MINUTE, job.name);
    const s2 = new Scheduler(openSystemDb(dir), clock, silentLogger);
    s2.register(job);
    await s2.runDue();
    await s2.runDue();
    expect(runs).toBe(1);
    const after = s2.status()[0]!;
    expect(after.lastStatus).toBe("ok");
    expect(after.runCount).toBe(1);
    expect(after.nextRunAt).toBeGreaterThan(Date.now());
    await s1.stop();
    await s2.stop();
  });

  test("two schedulers on one database run a due job once", async () => {
    const { db: sys, dir } = db();
    let runs = 0;
    const job = { name: "test.once", schedule: "*/5 * * * *", description: "t", run: async () => { runs++; await Bun.sleep(20); } };
    const a = new Scheduler(sys, { now: () => Date.now() }, silentLogger);
    const b = new Scheduler(openSystemDb(dir), { now: () => Date.now() }, silentLogger);
    a.register(job);
    b.register(job);
    a.sync();
    sys.$client.query("UPDATE scheduled_jobs SET next_run_at = ?").run(Date.now() - 1000);
    await Promise.all([a.runDue(), b.runDue()]);
    expect(runs).toBe(1);
  });

  test("a failing job records its error and is scheduled again", async () => {
    const { db: sys } = db();
    const s = new Scheduler(sys, { now: () => Date.now() }, silentLogger);
    s.register({ name: "test.fail", schedule: "* * * * *", description: "t", run: () => { throw new Error("disk on fire"); } });
    s.sync();
    await s.runNow("test.fail");
    const row = s.status()[0]!;
    expect(row.lastStatus).toBe("error");
    expect(row.lastError).toBe("disk on fire");
    expect(row.nextRunAt).toBeGreaterThan(Date.now() - 1000);
    await expect(s.runNow("nope")).rejects.toThrow(/No job named/);
  });

  test("an invalid cron expression is refused at registration", () => {
    const { db: sys } = db();
    const s = new Scheduler(sys, { now: () => Date.now() }, silentLogger);
    expect(() => s.register({ name: "x", schedule: "every day", description: "", run: () => {} })).toThrow(/invalid cron/);
  });
});

describe("JobQueue", () => {
  test("runs jobs, records results and progress", async () => {
    const { db: sys } = db();
    const q = new JobQueue(sys, { now: () => Date.now() }, silentLogger);
    q.register<{ n: number }>({ kind: "double", run: async (p, ctx) => { ctx.progress({ done: 1 }); return p.n * 2; } });
    const id = q.enqueue("double", { n: 21 });
    await q.drain();
    const job = q.get(id)!;
    expect(job.status).toBe("succeeded");
    expect(job.result).toBe(42);
    expect(job.progress).toEqual({ done: 1 });
  });

  test("failures retry with back-off, then fail for good", async () => {
    const { db: sys } = db();
    const clock = manualClock();
    const q = new JobQueue(sys, clock, silentLogger);
    let attempts = 0;
    q.register({ kind: "flaky", maxAttempts: 3, backoffMs: (n) => n * 1000, run: async () => { attempts++; throw new Error(`try ${attempts}`); } });
    const id = q.enqueue("flaky", {});
    await q.drain();
    expect(q.get(id)!.status).toBe("queued");
    expect(q.get(id)!.runAt).toBe(clock.now() + 1000);
    clock.advance(1000);
    await q.drain();
    clock.advance(2000);
    await q.drain();
    const job = q.get(id)!;
    expect(job.status).toBe("failed");
    expect(job.attempts).toBe(3);
    expect(job.lastError).toBe("try 3");
  });

  test("a job whose runner died is taken up again after its lease, resuming from saved progress", async () => {
    const { db: sys, dir } = db();
    const clock = manualClock();
    const first = new JobQueue(sys, clock, silentLogger);
    const seen: unknown[] = [];
    const handler = {
      kind: "resumable",
      run: async (_p: unknown, ctx: { savedProgress: unknown; progress: (v: unknown) => void; attempt: number }) => {
        seen.push(ctx.savedProgress);
        if (ctx.attempt === 1) {
          ctx.progress({ offset: 500 });
          await new Promise(() => {}); // the process "dies" here
        }
        return "done";
      },
    };
    first.register(handler);
    const id = first.enqueue("resumable", {});
    void first.drain();
    await Bun.sleep(20);
    expect(first.get(id)!.status).toBe("running");
    const second = new JobQueue(openSystemDb(dir), clock, silentLogger);
    second.register(handler);
    await second.drain();
    expect(second.get(id)!.status).toBe("running");
    clock.advance(3 * MINUTE);
    second.start();
    await second.stop();
    await second.drain();
    expect(second.get(id)!.status).toBe("succeeded");
    expect(seen).toEqual([null, { offset: 500 }]);
  });

  test("unknown kinds are refused; queued jobs can be cancelled", async () => {
    const { db: sys } = db();
    const q = new JobQueue(sys, { now: () => Date.now() }, silentLogger);
    expect(() => q.enqueue("nope", {})).toThrow(/no handler/);
    q.register({ kind: "later", run: async () => 1 });
    const id = q.enqueue("later", {}, { runAt: Date.now() + 60_000 });
    expect(q.cancel(id)).toBe(true);
    expect(q.get(id)!.status).toBe("cancelled");
  });
});

describe("nextCronRun", () => {
  const { nextCronRun } = require("./scheduler") as typeof import("./scheduler");
  const { parse } = require("node-cron") as typeof import("node-cron");
  const at = (iso: string) => Date.parse(iso);
  test("matches node-cron's own matcher for the schedules the appliance uses", () => {
    const cases: [string, string, string][] = [
      ["17 3 * * *", "2026-03-10T03:17:00Z", "2026-03-11T03:17:00Z"],
      ["*/5 * * * *", "2026-03-10T03:17:30Z", "2026-03-10T03:20:00Z"],
      ["0 9 * * 1", "2026-03-10T12:00:00Z", "2026-03-16T09:00:00Z"],
      ["0 0 1 * *", "2026-12-31T23:59:00Z", "2027-01-01T00:00:00Z"],
      ["30 2 29 2 *", "2026-03-01T00:00:00Z", "2028-02-29T02:30:00Z"],
    ];
    for (const [expr, after, expected] of cases) expect(new Date(nextCronRun(parse(expr), at(after))!).toISOString()).toBe(new Date(at(expected)).toISOString());
  });
});
