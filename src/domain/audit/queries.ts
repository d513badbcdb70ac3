import { and, desc, eq, gte, isNull, lt, or, sql, type SQL } from "drizzle-orm";
import { changes } from "../../db/open";
import type { SystemDb } from "../../db/system";
import { auditLog } from "../../db/schema/system";
import type { AuditEntry, AuditFilter } from "./model";

export const insertAudit = (db: SystemDb, row: typeof auditLog.$inferInsert) => db.insert(auditLog).values(row).run();

export function selectAudit(db: SystemDb, f: AuditFilter, since: number | null, limit: number): AuditEntry[] {
  const where: SQL[] = [f.orgId === null ? isNull(auditLog.orgId) : eq(auditLog.orgId, f.orgId)];
  if (f.resource) where.push(eq(auditLog.resource, f.resource));
  if (f.actorId) where.push(eq(auditLog.actorId, f.actorId));
  if (since !== null) where.push(gte(auditLog.createdAt, since));
  if (f.beforeId) where.push(lt(auditLog.id, f.beforeId));
  if (f.search) {
    const pattern = `%${f.search.replace(/[%_\\]/g, (c) => "\\" + c)}%`;
    where.push(
      or(
        sql`${auditLog.action} LIKE ${pattern} ESCAPE '\\'`,
        sql`${auditLog.actorLabel} LIKE ${pattern} ESCAPE '\\'`,
        sql`${auditLog.details} LIKE ${pattern} ESCAPE '\\'`,
      )!,
    );
  }
  return db.select().from(auditLog).where(and(...where)).orderBy(desc(auditLog.id)).limit(limit).all() as AuditEntry[];
}

export const deleteAuditBefore = (db: SystemDb, cutoff: number) => changes(db.delete(auditLog).where(lt(auditLog.createdAt, cutoff)).run());

export const distinctResources = (db: SystemDb, orgId: string) =>
  db.selectDistinct({ resource: auditLog.resource }).from(auditLog).where(eq(auditLog.orgId, orgId)).all().map((r) => r.resource);

