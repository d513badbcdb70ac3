import { and, desc, eq, inArray, like, or, sql, type SQL } from "drizzle-orm";
import type { TenantDb } from "../../db/tenants";
import { mediaAssets } from "../../db/schema/tenant/media";

export type MediaRow = typeof mediaAssets.$inferSelect;

export const insertAsset = (db: TenantDb, row: typeof mediaAssets.$inferInsert) => db.insert(mediaAssets).values(row).run();
export const findAsset = (db: TenantDb, id: string) => db.select().from(mediaAssets).where(eq(mediaAssets.id, id)).get();
export const updateAsset = (db: TenantDb, id: string, patch: Partial<typeof mediaAssets.$inferInsert>) => db.update(mediaAssets).set(patch).where(eq(mediaAssets.id, id)).run();
export const deleteAssets = (db: TenantDb, ids: string[]) => db.delete(mediaAssets).where(inArray(mediaAssets.id, ids)).run();

export function searchAssets(db: TenantDb, f: { q?: string; tag?: string; kind?: string; limit: number }): MediaRow[] {
  const where: SQL[] = [];
  if (f.q) {
    const p = `%${f.q.replace(/[%_\\]/g, (c) => "\\" + c)}%`;
    where.push(or(sql`${mediaAssets.fileName} LIKE ${p} ESCAPE '\\'`, sql`${mediaAssets.alt} LIKE ${p} ESCAPE '\\'`, sql`${mediaAssets.tags} LIKE ${p} ESCAPE '\\'`)!);
  }
  if (f.tag) where.push(sql`EXISTS (SELECT 1 FROM json_each(${mediaAssets.tags}) WHERE value = ${f.tag})`);
  if (f.kind === "image") where.push(like(mediaAssets.mime, "image/%"));
  return db.select().from(mediaAssets).where(where.length ? and(...where) : undefined).orderBy(desc(mediaAssets.createdAt)).limit(f.limit).all();
}

export const usageSummary = (db: TenantDb) =>
  db.select({ files: sql<number>`count(*)`, bytes: sql<number>`coalesce(sum(${mediaAssets.bytes}), 0)` }).from(mediaAssets).get()!;

export const allTags = (db: TenantDb) =>
  (db.$client.query("SELECT DISTINCT j.value AS tag FROM media_assets, json_each(media_assets.tags) j ORDER BY 1").all() as { tag: string }[]).map((r) => r.tag);
