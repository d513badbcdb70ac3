import { asc, eq } from "drizzle-orm";
import type { TenantDb } from "../../db/tenants";
import { segments } from "../../db/schema/tenant";
import type { CompiledSegment } from "./segment-sql";

export const listSegmentRows = (db: TenantDb) => db.select().from(segments).orderBy(asc(segments.name)).all();
export const segmentRow = (db: TenantDb, id: number) => db.select().from(segments).where(eq(segments.id, id)).get();

export function insertSegment(db: TenantDb, values: typeof segments.$inferInsert): number {
  return db.insert(segments).values(values).returning({ id: segments.id }).get().id;
}
export function updateSegment(db: TenantDb, id: number, values: Partial<typeof segments.$inferInsert>): void {
  db.update(segments).set(values).where(eq(segments.id, id)).run();
}
export function deleteSegment(db: TenantDb, id: number): void {
  db.delete(segments).where(eq(segments.id, id)).run();
}

/** Extra SQL every audience row must pass (eligibility), ANDed after the segment's own predicate. */
export interface Restriction {
  match?: string;
  where?: string;
}

function whereOf(plan: CompiledSegment, r: Restriction): { sql: string; args: (string | number)[] } {
  const fts = "c.id IN (SELECT rowid FROM contact_index WHERE contact_index MATCH ?)";
  const parts: string[] = [];
  const args: (string | number)[] = [];
  if (plan.match && plan.where) {
    parts.push(`(${fts} ${plan.combine} (${plan.where.sql}))`);
    args.push(plan.match, ...plan.where.args);
  } else if (plan.match) {
    parts.push(fts);
    args.push(plan.match);
  } else if (plan.where) {
    parts.push(`(${plan.where.sql})`);
    args.push(...plan.where.args);
  }
  if (r.match) parts.push(fts), args.push(r.match);
  if (r.where) parts.push(r.where);
  return { sql: parts.length ? parts.join(" AND ") : "1", args };
}

/** Only the index is needed: the plan is a MATCH alone (the fast path). */
const ftsOnly = (plan: CompiledSegment) => !!plan.match && !plan.where;

export function countPlan(db: TenantDb, plan: CompiledSegment, r: Restriction = {}): number {
  if (plan.empty) return 0;
  if (ftsOnly(plan) && !r.where) {
    const match = r.match ? `(${plan.match}) AND (${r.match})` : plan.match!;
    return (db.$client.query("SELECT count(*) AS n FROM contact_index WHERE contact_index MATCH ?").get(match) as { n: number }).n;
  }
  const w = whereOf(plan, r);
  return (db.$client.query(`SELECT count(*) AS n FROM contacts c WHERE c.deleted_at IS NULL AND ${w.sql}`).get(...w.args) as { n: number }).n;
}

/** Matching contact ids after `afterId`, ascending (keyset pages for exports and sends). */
export function idsPlan(db: TenantDb, plan: CompiledSegment, afterId: number, limit: number, r: Restriction = {}): number[] {
  if (plan.empty) return [];
  if (ftsOnly(plan) && !r.where) {
    const match = r.match ? `(${plan.match}) AND (${r.match})` : plan.match!;
    return (db.$client.query("SELECT rowid AS id FROM contact_index WHERE contact_index MATCH ? AND rowid > ? ORDER BY rowid LIMIT ?").all(match, afterId, limit) as { id: number }[]).map((x) => x.id);
  }
  const w = whereOf(plan, r);
  return (db.$client.query(`SELECT c.id FROM contacts c WHERE c.deleted_at IS NULL AND c.id > ? AND ${w.sql} ORDER BY c.id LIMIT ?`).all(afterId, ...w.args, limit) as { id: number }[]).map((x) => x.id);
}

/** Reference count through plain SQL (tests compare it with the index path). */
export function countReference(db: TenantDb, where: { sql: string; args: (string | number)[] }): number {
  return (db.$client.query(`SELECT count(*) AS n FROM contacts c WHERE c.deleted_at IS NULL AND (${where.sql})`).get(...where.args) as { n: number }).n;
}
