import { and, asc, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { TenantDb } from "../../db/tenants";
import { blocklist, contactActivities, contactProperties, contacts, topicMembers } from "../../db/schema/tenant";
import { changes } from "../../db/open";
import { contactDoc, nameTerms, type PropertyMeta } from "./contact-index";
import type { ActivityType, BlocklistEntry, BlockReason, Contact, Property } from "./model";

export type ContactRow = typeof contacts.$inferSelect;

/** Runs `fn` in one transaction of the organization's database (a savepoint when already inside one). */
export const inTx = <T>(db: TenantDb, fn: () => T): T => db.$client.transaction(fn)();

export function toContact(r: ContactRow): Contact {
  return {
    id: r.id, email: r.email, firstName: r.firstName, lastName: r.lastName, language: r.language, timezone: r.timezone,
    source: r.source, notes: r.notes, properties: r.properties ?? {}, doiStatus: r.doiStatus, doiConfirmedAt: r.doiConfirmedAt,
    unsubscribedAt: r.unsubscribedAt, lastOpenedAt: r.lastOpenedAt, lastClickedAt: r.lastClickedAt, lastEngagedAt: r.lastEngagedAt,
    softBounceStreak: r.softBounceStreak, createdAt: r.createdAt, updatedAt: r.updatedAt,
  };
}

const live = isNull(contacts.deletedAt);

export const contactById = (db: TenantDb, id: number) => db.select().from(contacts).where(and(eq(contacts.id, id), live)).get();
export const contactByEmail = (db: TenantDb, email: string) => db.select().from(contacts).where(and(eq(contacts.email, email), live)).get();
export const contactsByIds = (db: TenantDb, ids: number[]) => (ids.length ? db.select().from(contacts).where(and(inArray(contacts.id, ids), live)).all() : []);
export const contactByDoiHash = (db: TenantDb, hash: string) => db.select().from(contacts).where(and(eq(contacts.doiTokenHash, hash), live)).get();

export function insertContact(db: TenantDb, values: typeof contacts.$inferInsert): number {
  const id = db.insert(contacts).values(values).returning({ id: contacts.id }).get().id;
  bumpLiveCount(db, 1);
  return id;
}

/** Writers keep contact_stats.live exact inside their transactions (see migration 0003). */
export function bumpLiveCount(db: TenantDb, delta: number): void {
  if (delta) db.$client.query("UPDATE contact_stats SET live = live + ? WHERE id = 1").run(delta);
}

/** Recounts live contacts (the daily reconciliation). */
export function recountLive(db: TenantDb): number {
  return changes(db.$client.run("UPDATE contact_stats SET live = (SELECT count(*) FROM contacts WHERE deleted_at IS NULL) WHERE id = 1 AND live != (SELECT count(*) FROM contacts WHERE deleted_at IS NULL)"));
}

export function updateContact(db: TenantDb, id: number, values: Partial<typeof contacts.$inferInsert>): void {
  db.update(contacts).set(values).where(eq(contacts.id, id)).run();
}

/** Soft delete (the caller removes memberships first): property values and the index document go at once, the email is freed for reuse (CT-20). */
export function softDeleteContacts(db: TenantDb, ids: number[], now: number): number {
  if (!ids.length) return 0;
  deleteIndexDocs(db, ids);
  const n = changes(db.update(contacts).set({ deletedAt: now, updatedAt: now, doiTokenHash: null, properties: {} }).where(and(inArray(contacts.id, ids), live)).run());
  bumpLiveCount(db, -n);
  return n;
}

/** Hard-deletes contacts soft-deleted before `before` (the retention job), in batches. */
export function purgeDeletedContacts(db: TenantDb, before: number, limit = 5000): number {
  const ids = db.$client.query("SELECT id FROM contacts WHERE deleted_at IS NOT NULL AND deleted_at < ? LIMIT ?").all(before, limit) as { id: number }[];
  if (!ids.length) return 0;
  const list = ids.map((r) => r.id);
  inTx(db, () => {
    db.delete(contactActivities).where(inArray(contactActivities.contactId, list)).run();
    db.$client.query(`DELETE FROM email_events WHERE contact_id IN (${list.join(",")})`).run();
    db.delete(contacts).where(inArray(contacts.id, list)).run();
  });
  return list.length;
}

// ---------------------------------------------------------------- the contact index

export function propertyMeta(db: TenantDb): PropertyMeta[] {
  return db.select({ id: contactProperties.id, key: contactProperties.key, type: contactProperties.type }).from(contactProperties).all();
}

export function clearIndex(db: TenantDb): void {
  db.$client.run("INSERT INTO contact_index(contact_index) VALUES ('delete-all')");
}

export function deleteIndexDocs(db: TenantDb, ids: number[]): void {
  for (let i = 0; i < ids.length; i += 500) {
    db.$client.run(`DELETE FROM contact_index WHERE rowid IN (${ids.slice(i, i + 500).map(Number).join(",")})`);
  }
}

/** Rewrites the index documents of these contacts from their rows (deleted ones are dropped). */
export function reindexContacts(db: TenantDb, ids: number[], props = propertyMeta(db)): void {
  const insert = db.$client.query("INSERT INTO contact_index(rowid, doc) VALUES (?, ?)");
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = [...new Set(ids.slice(i, i + 500))];
    deleteIndexDocs(db, chunk);
    const rows = contactsByIds(db, chunk);
    if (!rows.length) continue;
    const topicsOf = new Map<number, number[]>();
    for (const m of db.select({ c: topicMembers.contactId, t: topicMembers.topicId }).from(topicMembers).where(inArray(topicMembers.contactId, chunk)).all()) {
      (topicsOf.get(m.c) ?? topicsOf.set(m.c, []).get(m.c)!).push(m.t);
    }
    const emails = rows.map((r) => r.email).filter((e): e is string => !!e);
    const blocked = new Set(emails.length ? db.select({ e: blocklist.email }).from(blocklist).where(inArray(blocklist.email, emails)).all().map((b) => b.e) : []);
    for (const r of rows) {
      insert.run(r.id, contactDoc(r, topicsOf.get(r.id) ?? [], !!r.email && blocked.has(r.email), props));
      addTerms(db, nameTerms(r));
    }
  }
}

/** Records name words for prefix search (never removed: a stale word just matches nobody). */
export function addTerms(db: TenantDb, terms: Iterable<string>): void {
  const add = db.$client.query("INSERT OR IGNORE INTO contact_terms (term) VALUES (?)");
  for (const t of terms) add.run(t);
}

/** Every live contact id, ascending, in pages (index rebuilds, property deletion). */
export function liveContactIdsAfter(db: TenantDb, afterId: number, limit: number): number[] {
  return (db.$client.query("SELECT id FROM contacts WHERE id > ? AND deleted_at IS NULL ORDER BY id LIMIT ?").all(afterId, limit) as { id: number }[]).map((r) => r.id);
}

export function matchIds(db: TenantDb, match: string, afterId: number, limit: number): number[] {
  return (db.$client.query("SELECT rowid AS id FROM contact_index WHERE contact_index MATCH ? AND rowid > ? ORDER BY rowid LIMIT ?").all(match, afterId, limit) as { id: number }[]).map((r) => r.id);
}

export function matchCount(db: TenantDb, match: string): number {
  return (db.$client.query("SELECT count(*) AS n FROM contact_index WHERE contact_index MATCH ?").get(match) as { n: number }).n;
}

/** Live contacts, from the counter the contact_stats triggers keep exact. */
export function liveContactCount(db: TenantDb): number {
  return (db.$client.query("SELECT live AS n FROM contact_stats WHERE id = 1").get() as { n: number } | null)?.n ?? 0;
}

export function hasAnyContact(db: TenantDb): boolean {
  return db.$client.query("SELECT 1 FROM contacts WHERE deleted_at IS NULL LIMIT 1").get() !== null;
}

// ---------------------------------------------------------------- properties

export const toProperty = (r: typeof contactProperties.$inferSelect): Property => ({ id: r.id, key: r.key, label: r.label, type: r.type, source: r.source, createdAt: r.createdAt });
export const listProperties = (db: TenantDb) => db.select().from(contactProperties).orderBy(asc(contactProperties.label)).all().map(toProperty);
export const propertyById = (db: TenantDb, id: number) => db.select().from(contactProperties).where(eq(contactProperties.id, id)).get();
export const propertyByKey = (db: TenantDb, key: string) => db.select().from(contactProperties).where(eq(contactProperties.key, key)).get();

export function insertProperty(db: TenantDb, values: typeof contactProperties.$inferInsert): number {
  return db.insert(contactProperties).values(values).returning({ id: contactProperties.id }).get().id;
}

export function renameProperty(db: TenantDb, id: number, label: string, now: number): void {
  db.update(contactProperties).set({ label, updatedAt: now }).where(eq(contactProperties.id, id)).run();
}

export function countWithProperty(db: TenantDb, propertyId: number): number {
  return matchCount(db, `"fp${propertyId}"`);
}

/** Removes the value from up to `limit` contacts that have it; returns their ids (to reindex). */
export function stripPropertyValues(db: TenantDb, key: string, propertyId: number, limit: number): number[] {
  const ids = matchIds(db, `"fp${propertyId}"`, 0, limit);
  if (ids.length) db.$client.run(`UPDATE contacts SET properties = json_remove(properties, '$.${key}') WHERE id IN (${ids.join(",")})`);
  return ids;
}

export function deleteProperty(db: TenantDb, id: number): void {
  db.delete(contactProperties).where(eq(contactProperties.id, id)).run();
}

// ---------------------------------------------------------------- blocklist

export const blockedEntry = (db: TenantDb, email: string) => db.select().from(blocklist).where(eq(blocklist.email, email)).get() as BlocklistEntry | undefined;

export function blockedAmong(db: TenantDb, emails: string[]): Set<string> {
  if (!emails.length || db.$client.query("SELECT 1 FROM blocklist LIMIT 1").get() === null) return new Set();
  return new Set(db.select({ e: blocklist.email }).from(blocklist).where(inArray(blocklist.email, emails)).all().map((r) => r.e));
}

export function listBlocklist(db: TenantDb, opts: { search?: string; reason?: BlockReason; after?: string; limit: number }): BlocklistEntry[] {
  const where = [
    opts.search ? sql`${blocklist.email} >= ${opts.search} AND ${blocklist.email} < ${opts.search + "\uffff"}` : undefined,
    opts.reason ? eq(blocklist.reason, opts.reason) : undefined,
    opts.after ? sql`${blocklist.email} > ${opts.after}` : undefined,
  ].filter(Boolean);
  return db.select().from(blocklist).where(where.length ? and(...where) : undefined).orderBy(asc(blocklist.email)).limit(opts.limit).all() as BlocklistEntry[];
}

/** Idempotent: an existing entry keeps its first reason. Returns whether a row was added. */
export function insertBlocked(db: TenantDb, e: BlocklistEntry): boolean {
  return changes(db.insert(blocklist).values(e).onConflictDoNothing().run()) > 0;
}

export function deleteBlocked(db: TenantDb, email: string): boolean {
  return changes(db.delete(blocklist).where(eq(blocklist.email, email)).run()) > 0;
}

export function blocklistCount(db: TenantDb): number {
  return (db.$client.query("SELECT count(*) AS n FROM blocklist").get() as { n: number }).n;
}

// ---------------------------------------------------------------- activities

export function insertActivities(db: TenantDb, rows: { contactId: number; type: ActivityType; source: string; details?: Record<string, unknown>; actor?: string | null; occurredAt: number }[]): void {
  for (let i = 0; i < rows.length; i += 500) {
    db.insert(contactActivities).values(rows.slice(i, i + 500).map((r) => ({ ...r, details: r.details ?? null, actor: r.actor ?? null }))).run();
  }
}

export function activitiesOf(db: TenantDb, contactId: number, before: number, limit: number) {
  return db.select().from(contactActivities)
    .where(and(eq(contactActivities.contactId, contactId), sql`${contactActivities.occurredAt} < ${before}`))
    .orderBy(desc(contactActivities.occurredAt), desc(contactActivities.id)).limit(limit).all();
}
