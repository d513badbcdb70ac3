import { sqliteTable, text, integer } from "drizzle-orm/sqlite-core";

/** Organization-level settings as key/value JSON (physical address, defaults, onboarding state). */
export const orgSettings = sqliteTable("org_settings", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).notNull(),
  updatedAt: integer("updated_at", { mode: "number" }).notNull(),
});
