import { sql } from "drizzle-orm";
import { sqliteTable, text, integer, index, uniqueIndex, primaryKey } from "drizzle-orm/sqlite-core";

/**
 * The audience of an organization: contacts, their custom properties, topics and memberships,
 * per-contact activity (consent records) and email events, the blocklist, segments, forms and imports.
 * The full-text "contact index" (contact_index, FTS5) is created by a custom migration: drizzle has
 * no virtual tables. Times are ms since the epoch.
 */
const ms = (name: string) => integer(name, { mode: "number" });

export const contacts = sqliteTable(
  "contacts",
  {
    // AUTOINCREMENT: ids are never reused, so a signed link for a deleted contact never reaches a new one.
    id: integer("id").primaryKey({ autoIncrement: true }),
    email: text("email"),
    firstName: text("first_name").notNull().default(""),
    lastName: text("last_name").notNull().default(""),
    language: text("language").notNull().default(""),
    timezone: text("timezone").notNull().default(""),
    source: text("source", { enum: ["api", "import", "form", "transactional", "inbound"] }).notNull(),
    notes: text("notes").notNull().default(""),
    /** Custom property values keyed by property key (typed JSON: string, number, boolean, "YYYY-MM-DD"). */
    properties: text("properties", { mode: "json" }).$type<Record<string, unknown>>().notNull().default({}),
    doiStatus: text("doi_status", { enum: ["not_required", "pending", "confirmed"] }).notNull().default("not_required"),
    doiTokenHash: text("doi_token_hash"),
    doiTokenExpiresAt: ms("doi_token_expires_at"),
    doiConfirmedAt: ms("doi_confirmed_at"),
    /** Global opt-out stamp set by the public unsubscribe paths (CT-19). */
    unsubscribedAt: ms("unsubscribed_at"),
    /** Denormalised email activity (CT-04), kept by recordEmailEvents. */
    lastOpenedAt: ms("last_opened_at"),
    lastClickedAt: ms("last_clicked_at"),
    /** Last engagement (open, click, subscribe, confirm): the clock list sunsetting reads. */
    lastEngagedAt: ms("last_engaged_at"),
    /** Consecutive soft bounces; reset by a delivery; 5 blocklist the address (CT-16). */
    softBounceStreak: integer("soft_bounce_streak").notNull().default(0),
    importId: text("import_id"),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
    deletedAt: ms("deleted_at"),
  },
  (t) => [
    uniqueIndex("contacts_email_live").on(t.email).where(sql`deleted_at IS NULL`),
    index("contacts_deleted").on(t.deletedAt).where(sql`deleted_at IS NOT NULL`),
    index("contacts_doi_token").on(t.doiTokenHash).where(sql`doi_token_hash IS NOT NULL`),
  ],
);

export const contactProperties = sqliteTable("contact_properties", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  key: text("key").notNull().unique(),
  label: text("label").notNull(),
  type: text("type", { enum: ["text", "number", "date", "boolean"] }).notNull(),
  source: text("source").notNull().default("manual"),
  createdAt: ms("created_at").notNull(),
  updatedAt: ms("updated_at").notNull(),
});

export const topics = sqliteTable("topics", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  requireDoubleOptIn: integer("require_double_opt_in", { mode: "boolean" }).notNull().default(true),
  /** Cached; reconciled daily by topics.reconcile-counts (TP-04). */
  memberCount: integer("member_count").notNull().default(0),
  createdAt: ms("created_at").notNull(),
  updatedAt: ms("updated_at").notNull(),
});

export const topicMembers = sqliteTable(
  "topic_members",
  {
    topicId: integer("topic_id").notNull().references(() => topics.id, { onDelete: "cascade" }),
    contactId: integer("contact_id").notNull().references(() => contacts.id, { onDelete: "cascade" }),
    /** How the membership came to be: admin, import, form, preferences, api. */
    source: text("source").notNull(),
    createdAt: ms("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.topicId, t.contactId] }), index("topic_members_contact").on(t.contactId, t.topicId)],
);

/** Per-contact activity and consent records (AD-12): created, topic_subscribed, topic_unsubscribed, ... */
export const contactActivities = sqliteTable(
  "contact_activities",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    contactId: integer("contact_id").notNull(),
    type: text("type").notNull(),
    /** Where the change came from: admin, import, form, preferences, unsubscribe_link, one_click, doi_link, api, system. */
    source: text("source").notNull(),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>(),
    actor: text("actor"),
    occurredAt: ms("occurred_at").notNull(),
  },
  (t) => [index("contact_activities_contact").on(t.contactId, t.occurredAt)],
);

/**
 * Per-contact email events written by the campaign sender and the MTA in batches
 * (see docs/audience.md). Read by the timeline and by segment conditions.
 */
export const emailEvents = sqliteTable(
  "email_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    contactId: integer("contact_id").notNull(),
    type: text("type", { enum: ["sent", "delivered", "opened", "clicked", "bounced", "soft_bounced", "complained"] }).notNull(),
    campaignId: text("campaign_id"),
    sendId: text("send_id"),
    link: text("link"),
    detail: text("detail"),
    occurredAt: ms("occurred_at").notNull(),
  },
  (t) => [
    index("email_events_contact").on(t.contactId, t.occurredAt),
    index("email_events_type").on(t.type, t.occurredAt, t.contactId),
    index("email_events_campaign").on(t.campaignId, t.type, t.contactId),
  ],
);

export const blocklist = sqliteTable("blocklist", {
  email: text("email").primaryKey(),
  reason: text("reason", { enum: ["bounced", "complained", "manual"] }).notNull(),
  note: text("note").notNull().default(""),
  source: text("source").notNull(),
  createdAt: ms("created_at").notNull(),
});

export const segments = sqliteTable("segments", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  name: text("name").notNull(),
  description: text("description").notNull().default(""),
  /** { match: "all" | "any", conditions: [...] } validated at write time. */
  definition: text("definition", { mode: "json" }).$type<unknown>().notNull(),
  cachedCount: integer("cached_count"),
  countedAt: ms("counted_at"),
  createdAt: ms("created_at").notNull(),
  updatedAt: ms("updated_at").notNull(),
});

export const forms = sqliteTable("forms", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  topicId: integer("topic_id").references(() => topics.id, { onDelete: "set null" }),
  redirectUrl: text("redirect_url"),
  doubleOptIn: integer("double_opt_in", { mode: "boolean" }).notNull().default(false),
  honeypotField: text("honeypot_field").notNull().default("_hp_field"),
  fields: text("fields", { mode: "json" }).$type<{ key: string; label: string; type: "email" | "text" | "checkbox"; required: boolean }[]>().notNull(),
  active: integer("active", { mode: "boolean" }).notNull().default(true),
  submissionCount: integer("submission_count").notNull().default(0),
  successCount: integer("success_count").notNull().default(0),
  createdAt: ms("created_at").notNull(),
  updatedAt: ms("updated_at").notNull(),
});

export const formSubmissions = sqliteTable(
  "form_submissions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    formId: text("form_id").notNull().references(() => forms.id, { onDelete: "cascade" }),
    outcome: text("outcome", { enum: ["success", "pending_confirmation", "duplicate", "invalid", "spam"] }).notNull(),
    email: text("email"),
    contactId: integer("contact_id"),
    data: text("data", { mode: "json" }).$type<Record<string, string>>().notNull(),
    error: text("error"),
    ip: text("ip"),
    userAgent: text("user_agent"),
    createdAt: ms("created_at").notNull(),
  },
  (t) => [index("form_submissions_form").on(t.formId, t.id), index("form_submissions_meta").on(t.createdAt).where(sql`ip IS NOT NULL OR user_agent IS NOT NULL`)],
);

export const contactImports = sqliteTable("contact_imports", {
  id: text("id").primaryKey(),
  status: text("status", { enum: ["uploading", "mapping", "queued", "running", "succeeded", "failed", "cancelled"] }).notNull(),
  fileName: text("file_name").notNull(),
  fileSize: integer("file_size").notNull().default(0),
  /** Column mapping and options chosen in the mapping step. */
  settings: text("settings", { mode: "json" }).$type<Record<string, unknown>>(),
  jobId: text("job_id"),
  /** Data rows consumed so far (the resume point, written in the same transaction as each batch). */
  rowsDone: integer("rows_done").notNull().default(0),
  bytesDone: integer("bytes_done").notNull().default(0),
  imported: integer("imported").notNull().default(0),
  updated: integer("updated").notNull().default(0),
  skipped: integer("skipped").notNull().default(0),
  failed: integer("failed").notNull().default(0),
  addedToTopics: integer("added_to_topics").notNull().default(0),
  /** First errors: [{ row, reason, value? }]. */
  errors: text("errors", { mode: "json" }).$type<{ row: number; reason: string; value?: string }[]>().notNull().default([]),
  message: text("message"),
  createdBy: text("created_by"),
  createdAt: ms("created_at").notNull(),
  finishedAt: ms("finished_at"),
});
