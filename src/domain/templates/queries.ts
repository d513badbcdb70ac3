import { and, desc, eq, or, sql, type SQL } from "drizzle-orm";
import type { TenantDb } from "../../db/tenants";
import { emailTemplates, templateTranslations, templateVersions } from "../../db/schema/tenant/templates";

export type TemplateRow = typeof emailTemplates.$inferSelect;

export const insertTemplate = (db: TenantDb, row: typeof emailTemplates.$inferInsert) => db.insert(emailTemplates).values(row).run();
export const findTemplate = (db: TenantDb, id: string) => db.select().from(emailTemplates).where(eq(emailTemplates.id, id)).get();
export const findBySlug = (db: TenantDb, slug: string) => db.select().from(emailTemplates).where(eq(emailTemplates.slug, slug)).get();
export const updateTemplate = (db: TenantDb, id: string, patch: Partial<typeof emailTemplates.$inferInsert>) =>
  db.update(emailTemplates).set(patch).where(eq(emailTemplates.id, id)).run();
export const deleteTemplate = (db: TenantDb, id: string) => db.delete(emailTemplates).where(eq(emailTemplates.id, id)).run();

export function listTemplates(db: TenantDb, f: { kind?: string; search?: string }) {
  const where: SQL[] = [];
  if (f.kind) where.push(eq(emailTemplates.kind, f.kind as TemplateRow["kind"]));
  if (f.search) {
    const p = `%${f.search.replace(/[%_\\]/g, (c) => "\\" + c)}%`;
    where.push(or(sql`${emailTemplates.name} LIKE ${p} ESCAPE '\\'`, sql`${emailTemplates.subject} LIKE ${p} ESCAPE '\\'`)!);
  }
  return db.select({ id: emailTemplates.id, kind: emailTemplates.kind, name: emailTemplates.name, slug: emailTemplates.slug, subject: emailTemplates.subject, status: emailTemplates.status, updatedAt: emailTemplates.updatedAt })
    .from(emailTemplates).where(where.length ? and(...where) : undefined).orderBy(desc(emailTemplates.updatedAt)).all();
}

export const countTemplates = (db: TenantDb) => db.select({ n: sql<number>`count(*)` }).from(emailTemplates).get()!.n;

export const insertVersion = (db: TenantDb, row: typeof templateVersions.$inferInsert) => db.insert(templateVersions).values(row).run();
export const versionsOf = (db: TenantDb, templateId: string, limit: number) =>
  db.select({ id: templateVersions.id, reason: templateVersions.reason, subject: templateVersions.subject, createdAt: templateVersions.createdAt, createdBy: templateVersions.createdBy })
    .from(templateVersions).where(eq(templateVersions.templateId, templateId)).orderBy(desc(templateVersions.createdAt)).limit(limit).all();
export const findVersion = (db: TenantDb, id: string) => db.select().from(templateVersions).where(eq(templateVersions.id, id)).get();

export const translationsOf = (db: TenantDb, templateId: string) =>
  db.select().from(templateTranslations).where(eq(templateTranslations.templateId, templateId)).all();
export const findTranslation = (db: TenantDb, templateId: string, language: string) =>
  db.select().from(templateTranslations).where(and(eq(templateTranslations.templateId, templateId), eq(templateTranslations.language, language))).get();
export const putTranslation = (db: TenantDb, templateId: string, language: string, values: Record<string, string>, now: number) =>
  db.insert(templateTranslations).values({ templateId, language, values, updatedAt: now })
    .onConflictDoUpdate({ target: [templateTranslations.templateId, templateTranslations.language], set: { values, updatedAt: now } }).run();
export const deleteTranslation = (db: TenantDb, templateId: string, language: string) =>
  db.delete(templateTranslations).where(and(eq(templateTranslations.templateId, templateId), eq(templateTranslations.language, language))).run();


/** Templates whose document mentions a URL (media usage counts). */
export const countUsingUrl = (db: TenantDb, url: string) =>
  db.select({ n: sql<number>`count(*)` }).from(emailTemplates).where(sql`instr(${emailTemplates.document}, ${url}) > 0`).get()!.n;
