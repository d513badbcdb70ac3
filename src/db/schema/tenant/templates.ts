import { sqliteTable, text, integer, index, uniqueIndex, primaryKey } from "drizzle-orm/sqlite-core";

/** Marketing and transactional email templates: a block document plus subject and preheader. */
export const emailTemplates = sqliteTable(
  "email_templates",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: ["marketing", "transactional"] }).notNull(),
    name: text("name").notNull(),
    /** Transactional templates are addressed by slug from the API. */
    slug: text("slug"),
    subject: text("subject").notNull().default(""),
    preheader: text("preheader").notNull().default(""),
    document: text("document", { mode: "json" }).$type<unknown>().notNull(),
    plainTextOverride: text("plain_text_override"),
    status: text("status", { enum: ["draft", "published"] }).notNull().default("draft"),
    defaultLanguage: text("default_language").notNull().default("en"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    createdBy: text("created_by"),
    updatedBy: text("updated_by"),
    publishedAt: integer("published_at"),
  },
  (t) => [index("email_templates_kind").on(t.kind, t.updatedAt), uniqueIndex("email_templates_slug").on(t.slug)],
);

/** A copy of the template captured on save, publish and send (TE-05). */
export const templateVersions = sqliteTable(
  "template_versions",
  {
    id: text("id").primaryKey(),
    templateId: text("template_id").notNull().references(() => emailTemplates.id, { onDelete: "cascade" }),
    reason: text("reason", { enum: ["save", "publish", "send"] }).notNull(),
    subject: text("subject").notNull(),
    preheader: text("preheader").notNull(),
    document: text("document", { mode: "json" }).$type<unknown>().notNull(),
    createdAt: integer("created_at").notNull(),
    createdBy: text("created_by"),
  },
  (t) => [index("template_versions_template").on(t.templateId, t.createdAt)],
);

/** Per-language texts of a template: keys are "subject", "preheader" and the renderer's "<blockId>:<field>". */
export const templateTranslations = sqliteTable(
  "template_translations",
  {
    templateId: text("template_id").notNull().references(() => emailTemplates.id, { onDelete: "cascade" }),
    language: text("language").notNull(),
    values: text("values", { mode: "json" }).$type<Record<string, string>>().notNull(),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.templateId, t.language] })],
);
