import { eq, sql } from "drizzle-orm";
import { preparedPer } from "../../db/prepared";
import type { SystemConn } from "../../db/system";
import type { TenantDb } from "../../db/tenants";
import { instanceSettings } from "../../db/schema/system";
import { orgSettings } from "../../db/schema/tenant/settings";

export const getInstanceSetting = (db: SystemConn, key: string) =>
  db.select().from(instanceSettings).where(eq(instanceSettings.key, key)).get()?.value;

export const putInstanceSetting = (db: SystemConn, key: string, value: unknown, now: number) =>
  db.insert(instanceSettings).values({ key, value, updatedAt: now })
    .onConflictDoUpdate({ target: instanceSettings.key, set: { value, updatedAt: now } }).run();

const orgSetting = preparedPer((db: TenantDb) => db.select().from(orgSettings).where(eq(orgSettings.key, sql.placeholder("key"))).prepare());
export const getOrgSetting = (db: TenantDb, key: string) => orgSetting(db).get({ key })?.value;

export const allOrgSettings = (db: TenantDb) => Object.fromEntries(db.select().from(orgSettings).all().map((r) => [r.key, r.value]));

export const putOrgSetting = (db: TenantDb, key: string, value: unknown, now: number) =>
  db.insert(orgSettings).values({ key, value, updatedAt: now })
    .onConflictDoUpdate({ target: orgSettings.key, set: { value, updatedAt: now } }).run();
