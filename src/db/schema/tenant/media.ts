import { sqliteTable, text, integer, index } from "drizzle-orm/sqlite-core";

/** Uploaded files (images, documents, video, audio). The bytes live in tenants/<org id>.media/. */
export const mediaAssets = sqliteTable(
  "media_assets",
  {
    id: text("id").primaryKey(),
    fileName: text("file_name").notNull(),
    mime: text("mime").notNull(),
    ext: text("ext").notNull(),
    bytes: integer("bytes").notNull(),
    sha256: text("sha256").notNull(),
    alt: text("alt").notNull().default(""),
    tags: text("tags", { mode: "json" }).$type<string[]>().notNull().default([]),
    createdBy: text("created_by"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("media_created").on(t.createdAt), index("media_sha").on(t.sha256)],
);
