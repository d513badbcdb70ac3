import { and, asc, eq, inArray, lte } from "drizzle-orm";
import type { TenantDb } from "../../db/tenants";
import { dkimKeys, sendingDomains } from "../../db/schema/tenant/domains";

export type DomainRow = typeof sendingDomains.$inferSelect;
export type KeyRow = typeof dkimKeys.$inferSelect;

export const anyVerified = (db: TenantDb) =>
  db.select({ id: sendingDomains.id }).from(sendingDomains).where(eq(sendingDomains.status, "verified")).limit(1).get() !== undefined;
export const listDomainRows = (db: TenantDb) => db.select().from(sendingDomains).orderBy(asc(sendingDomains.domain)).all();
export const findDomainRow = (db: TenantDb, id: string) => db.select().from(sendingDomains).where(eq(sendingDomains.id, id)).get();
export const findDomainByName = (db: TenantDb, domain: string) => db.select().from(sendingDomains).where(eq(sendingDomains.domain, domain)).get();
export const insertDomain = (db: TenantDb, row: typeof sendingDomains.$inferInsert) => db.insert(sendingDomains).values(row).run();
export const updateDomain = (db: TenantDb, id: string, patch: Partial<typeof sendingDomains.$inferInsert>) =>
  db.update(sendingDomains).set(patch).where(eq(sendingDomains.id, id)).run();
export const deleteDomain = (db: TenantDb, id: string) => db.delete(sendingDomains).where(eq(sendingDomains.id, id)).run();

export const keysOf = (db: TenantDb, domainId: string) => db.select().from(dkimKeys).where(eq(dkimKeys.domainId, domainId)).orderBy(asc(dkimKeys.createdAt)).all();
export const keysWithStatus = (db: TenantDb, domainId: string, statuses: KeyRow["status"][]) =>
  db.select().from(dkimKeys).where(and(eq(dkimKeys.domainId, domainId), inArray(dkimKeys.status, statuses))).orderBy(asc(dkimKeys.createdAt)).all();
export const insertKey = (db: TenantDb, row: typeof dkimKeys.$inferInsert) => db.insert(dkimKeys).values(row).run();
export const updateKey = (db: TenantDb, id: string, patch: Partial<typeof dkimKeys.$inferInsert>) => db.update(dkimKeys).set(patch).where(eq(dkimKeys.id, id)).run();
export const retireDue = (db: TenantDb, now: number) =>
  db.update(dkimKeys).set({ status: "retired" }).where(and(eq(dkimKeys.status, "retiring"), lte(dkimKeys.retireAt, now))).run();
