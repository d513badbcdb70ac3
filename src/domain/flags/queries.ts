import { and, eq } from "drizzle-orm";
import type { SystemDb } from "../../db/system";
import { featureFlags } from "../../db/schema/system";

export const INSTANCE_SCOPE = "instance";

export function storedFlags(db: SystemDb, scope: string): Record<string, boolean> {
  const rows = db.select().from(featureFlags).where(eq(featureFlags.scope, scope)).all();
  return Object.fromEntries(rows.map((r) => [r.key, r.enabled]));
}

export function storeFlags(db: SystemDb, scope: string, values: { key: string; enabled: boolean }[], now: number): void {
  db.transaction((tx) => {
    for (const v of values) {
      tx.insert(featureFlags)
        .values({ scope, key: v.key, enabled: v.enabled, updatedAt: now })
        .onConflictDoUpdate({ target: [featureFlags.scope, featureFlags.key], set: { enabled: v.enabled, updatedAt: now } })
        .run();
    }
  });
}

export function clearScope(db: SystemDb, scope: string): void {
  db.delete(featureFlags).where(eq(featureFlags.scope, scope)).run();
}

export function clearFlag(db: SystemDb, scope: string, key: string): void {
  db.delete(featureFlags).where(and(eq(featureFlags.scope, scope), eq(featureFlags.key, key))).run();
}

/** Changes whenever another connection (e.g. the CLI) commits to the system database. */
export function dataVersion(db: SystemDb): number {
  return (db.$client.query("PRAGMA data_version").get() as { data_version: number }).data_version;
}
