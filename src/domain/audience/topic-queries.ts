import { and, asc, eq, inArray } from "drizzle-orm";
import type { TenantDb } from "../../db/tenants";
import { topicMembers, topics } from "../../db/schema/tenant";
import { changes } from "../../db/open";
import type { Membership, Topic } from "./model";

export const toTopic = (r: typeof topics.$inferSelect): Topic => ({
  id: r.id, name: r.name, description: r.description, requireDoubleOptIn: r.requireDoubleOptIn, memberCount: r.memberCount, createdAt: r.createdAt,
});

export const listTopics = (db: TenantDb) => db.select().from(topics).orderBy(asc(topics.name)).all().map(toTopic);
export const topicById = (db: TenantDb, id: number) => db.select().from(topics).where(eq(topics.id, id)).get();

export function insertTopic(db: TenantDb, values: typeof topics.$inferInsert): number {
  return db.insert(topics).values(values).returning({ id: topics.id }).get().id;
}

export function updateTopic(db: TenantDb, id: number, values: Partial<typeof topics.$inferInsert>): void {
  db.update(topics).set(values).where(eq(topics.id, id)).run();
}

export function deleteTopic(db: TenantDb, id: number): void {
  db.delete(topics).where(eq(topics.id, id)).run();
}

export function membershipsOf(db: TenantDb, contactId: number): Membership[] {
  return db
    .select({ topicId: topicMembers.topicId, topicName: topics.name, requireDoubleOptIn: topics.requireDoubleOptIn, source: topicMembers.source, createdAt: topicMembers.createdAt })
    .from(topicMembers).innerJoin(topics, eq(topics.id, topicMembers.topicId))
    .where(eq(topicMembers.contactId, contactId)).orderBy(asc(topics.name)).all();
}

export function isMember(db: TenantDb, topicId: number, contactId: number): boolean {
  return db.$client.query("SELECT 1 FROM topic_members WHERE topic_id = ? AND contact_id = ?").get(topicId, contactId) !== null;
}

/** Adds memberships that do not exist yet; returns how many were added per topic (and bumps the cached counts). */
export function addMembers(db: TenantDb, rows: { topicId: number; contactId: number; source: string; createdAt: number }[]): number {
  if (!rows.length) return 0;
  const insert = db.$client.query("INSERT OR IGNORE INTO topic_members (topic_id, contact_id, source, created_at) VALUES (?, ?, ?, ?)");
  const added = new Map<number, number>();
  let total = 0;
  for (const r of rows) {
    if (insert.run(r.topicId, r.contactId, r.source, r.createdAt).changes > 0) {
      added.set(r.topicId, (added.get(r.topicId) ?? 0) + 1);
      total++;
    }
  }
  bumpCounts(db, added, 1);
  return total;
}

/** Removes memberships; returns the removed rows (for consent records) and adjusts the cached counts. */
export function removeMembers(db: TenantDb, contactIds: number[], topicId?: number): { topicId: number; contactId: number; source: string; createdAt: number }[] {
  if (!contactIds.length) return [];
  const where = and(inArray(topicMembers.contactId, contactIds), topicId === undefined ? undefined : eq(topicMembers.topicId, topicId));
  const removed = db.select().from(topicMembers).where(where).all();
  if (!removed.length) return [];
  db.delete(topicMembers).where(where).run();
  const counts = new Map<number, number>();
  for (const r of removed) counts.set(r.topicId, (counts.get(r.topicId) ?? 0) + 1);
  bumpCounts(db, counts, -1);
  return removed;
}

function bumpCounts(db: TenantDb, counts: Map<number, number>, sign: 1 | -1): void {
  const update = db.$client.query("UPDATE topics SET member_count = max(0, member_count + ?) WHERE id = ?");
  for (const [topicId, n] of counts) update.run(sign * n, topicId);
}

/** Recounts every topic's members from the membership rows (TP-04); returns topics whose count was off. */
export function reconcileMemberCounts(db: TenantDb): number {
  return changes(db.$client.run(`UPDATE topics SET member_count = (SELECT count(*) FROM topic_members m WHERE m.topic_id = topics.id)
    WHERE member_count != (SELECT count(*) FROM topic_members m WHERE m.topic_id = topics.id)`));
}

export function topicIdsOf(db: TenantDb, contactId: number): number[] {
  return db.select({ t: topicMembers.topicId }).from(topicMembers).where(eq(topicMembers.contactId, contactId)).all().map((r) => r.t);
}

export function doiTopicIdsOf(db: TenantDb, contactId: number): number[] {
  return db.select({ t: topicMembers.topicId }).from(topicMembers).innerJoin(topics, eq(topics.id, topicMembers.topicId))
    .where(and(eq(topicMembers.contactId, contactId), eq(topics.requireDoubleOptIn, true))).all().map((r) => r.t);
}

export function topicsByName(db: TenantDb): Map<string, Topic> {
  return new Map(listTopics(db).map((t) => [t.name.trim().toLowerCase(), t]));
}

export const memberTotal = (db: TenantDb, topicId: number): number =>
  (db.$client.query("SELECT count(*) AS n FROM topic_members WHERE topic_id = ?").get(topicId) as { n: number }).n;


/** Member contact ids of a topic in id order (keyset pages). */
export function memberIdsAfter(db: TenantDb, topicId: number, afterId: number, limit: number): number[] {
  return (db.$client.query("SELECT contact_id AS id FROM topic_members WHERE topic_id = ? AND contact_id > ? ORDER BY contact_id LIMIT ?").all(topicId, afterId, limit) as { id: number }[]).map((r) => r.id);
}
