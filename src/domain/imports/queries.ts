import { desc, eq } from "drizzle-orm";
import type { TenantDb } from "../../db/tenants";
import { contactImports } from "../../db/schema/tenant";
import type { ImportRecord, ImportSettings } from "./model";

type Row = typeof contactImports.$inferSelect;
export const toRecord = (r: Row): ImportRecord => ({ ...r, settings: (r.settings as unknown as ImportSettings | null) ?? null });

export const importById = (db: TenantDb, id: string) => {
  const r = db.select().from(contactImports).where(eq(contactImports.id, id)).get();
  return r ? toRecord(r) : undefined;
};
export const listImports = (db: TenantDb, limit = 20) => db.select().from(contactImports).orderBy(desc(contactImports.createdAt)).limit(limit).all().map(toRecord);
export const insertImport = (db: TenantDb, values: typeof contactImports.$inferInsert) => void db.insert(contactImports).values(values).run();
export const updateImport = (db: TenantDb, id: string, values: Partial<typeof contactImports.$inferInsert>) =>
  void db.update(contactImports).set(values).where(eq(contactImports.id, id)).run();
export const statusOf = (db: TenantDb, id: string) =>
  (db.$client.query("SELECT status FROM contact_imports WHERE id = ?").get(id) as { status: string } | null)?.status;

/** The prepared statements of the bulk writer (bun:sqlite caches them per connection). */
export function importStatements(db: TenantDb) {
  const c = db.$client;
  return {
    byEmail: c.query("SELECT id, properties, first_name AS firstName, last_name AS lastName, language, timezone, doi_status AS doiStatus FROM contacts WHERE email = ? AND deleted_at IS NULL"),
    insertContact: c.query("INSERT INTO contacts (email, first_name, last_name, language, timezone, source, properties, doi_status, import_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'import', ?, ?, ?, ?, ?)"),
    updateContact: c.query("UPDATE contacts SET first_name = ?, last_name = ?, language = ?, timezone = ?, properties = ?, doi_status = ?, updated_at = ? WHERE id = ?"),
    addMember: c.query("INSERT OR IGNORE INTO topic_members (topic_id, contact_id, source, created_at) VALUES (?, ?, 'import', ?)"),
    blocked: c.query("SELECT 1 AS b FROM blocklist WHERE email = ?"),
    indexDoc: c.query("INSERT INTO contact_index(rowid, doc) VALUES (?, ?)"),
    addTerm: c.query("INSERT OR IGNORE INTO contact_terms (term) VALUES (?)"),
    bumpTopic: c.query("UPDATE topics SET member_count = member_count + ? WHERE id = ?"),
    bumpLive: c.query("UPDATE contact_stats SET live = live + ? WHERE id = 1"),
    progress: c.query("UPDATE contact_imports SET rows_done = ?, bytes_done = ?, imported = ?, updated = ?, skipped = ?, failed = ?, added_to_topics = ?, errors = ? WHERE id = ?"),
  };
}
