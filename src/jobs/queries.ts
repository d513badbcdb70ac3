import { and, asc, desc, eq, inArray, lte, sql } from "drizzle-orm";
import type { SystemConn } from "../db/system";
import { changes } from "../db/open";
import { jobs, scheduledJobs } from "../db/schema/system";

export type ScheduledJobRow = typeof scheduledJobs.$inferSelect;
export type JobRow = typeof jobs.$inferSelect;

export const allScheduled = (db: SystemConn) => db.select().from(scheduledJobs).orderBy(asc(scheduledJobs.name)).all();
export const findScheduled = (db: SystemConn, name: string) => db.select().from(scheduledJobs).where(eq(scheduledJobs.name, name)).get();
export const insertScheduled = (db: SystemConn, row: typeof scheduledJobs.$inferInsert) =>
  db.insert(scheduledJobs).values(row).onConflictDoNothing().run();
export const updateScheduled = (db: SystemConn, name: string, patch: Partial<typeof scheduledJobs.$inferInsert>) =>
  db.update(scheduledJobs).set(patch).where(eq(scheduledJobs.name, name)).run();

/** Claim a recurring run: only one caller wins, and a run left "running" by a crash is taken over after the lease. */
export const claimScheduled = (db: SystemConn, name: string, now: number, staleBefore: number) =>
  changes(
    db.update(scheduledJobs)
      .set({ lastStatus: "running", lastStartedAt: now })
      .where(and(
        eq(scheduledJobs.name, name),
        lte(scheduledJobs.nextRunAt, now),
        sql`(${scheduledJobs.lastStatus} IS NULL OR ${scheduledJobs.lastStatus} != 'running' OR ${scheduledJobs.lastStartedAt} < ${staleBefore})`,
      ))
      .run(),
  ) === 1;

export const insertJob = (db: SystemConn, row: typeof jobs.$inferInsert) => db.insert(jobs).values(row).run();
export const findJob = (db: SystemConn, id: string) => db.select().from(jobs).where(eq(jobs.id, id)).get();
export const updateJob = (db: SystemConn, id: string, patch: Partial<typeof jobs.$inferInsert>) =>
  db.update(jobs).set(patch).where(eq(jobs.id, id)).run();

/** Atomically take the next due job of the given kinds. */
export function claimNextJob(db: SystemConn, kinds: string[], now: number, leaseUntil: number): JobRow | undefined {
  if (kinds.length === 0) return undefined;
  const due = db.select({ id: jobs.id }).from(jobs)
    .where(and(eq(jobs.status, "queued"), lte(jobs.runAt, now), inArray(jobs.kind, kinds)))
    .orderBy(asc(jobs.runAt)).limit(1).get();
  if (!due) return undefined;
  const won = changes(
    db.update(jobs)
      .set({ status: "running", lockedUntil: leaseUntil, attempts: sql`${jobs.attempts} + 1`, updatedAt: now })
      .where(and(eq(jobs.id, due.id), eq(jobs.status, "queued")))
      .run(),
  );
  return won === 1 ? findJob(db, due.id) : undefined;
}

/** Jobs whose runner died (lease expired) go back to the queue. */
export const requeueExpired = (db: SystemConn, now: number) =>
  changes(db.update(jobs).set({ status: "queued", lockedUntil: null, updatedAt: now })
    .where(and(eq(jobs.status, "running"), lte(jobs.lockedUntil, now))).run());

export const recentJobs = (db: SystemConn, limit: number, orgId?: string) =>
  db.select().from(jobs).where(orgId ? eq(jobs.orgId, orgId) : undefined).orderBy(desc(jobs.createdAt)).limit(limit).all();

export const nextDueAt = (db: SystemConn, kinds: string[]) =>
  kinds.length
    ? db.select({ runAt: jobs.runAt }).from(jobs).where(and(eq(jobs.status, "queued"), inArray(jobs.kind, kinds))).orderBy(asc(jobs.runAt)).limit(1).get()?.runAt
    : undefined;

export const countByStatus = (db: SystemConn) =>
  db.select({ status: jobs.status, n: sql<number>`count(*)` }).from(jobs).groupBy(jobs.status).all();
