import { sqliteTable, text, integer, primaryKey, index, uniqueIndex } from "drizzle-orm/sqlite-core";

/** Milliseconds since the epoch. */
const ms = (name: string) => integer(name, { mode: "number" });

export const users = sqliteTable("users", {
  id: text("id").primaryKey(),
  email: text("email").notNull().unique(),
  name: text("name").notNull().default(""),
  passwordHash: text("password_hash").notNull(),
  emailVerifiedAt: ms("email_verified_at"),
  isInstanceAdmin: integer("is_instance_admin", { mode: "boolean" }).notNull().default(false),
  totpKeySealed: text("totp_key_sealed"),
  totpEnabledAt: ms("totp_enabled_at"),
  lastOrgId: text("last_org_id"),
  createdAt: ms("created_at").notNull(),
  updatedAt: ms("updated_at").notNull(),
});

export const recoveryCodes = sqliteTable(
  "recovery_codes",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: ms("used_at"),
  },
  (t) => [index("recovery_codes_user").on(t.userId)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    secretHash: text("secret_hash").notNull(),
    /** Set once the second factor passed (or the user has none). */
    twoFactorVerified: integer("two_factor_verified", { mode: "boolean" }).notNull().default(false),
    createdAt: ms("created_at").notNull(),
    expiresAt: ms("expires_at").notNull(),
    lastSeenAt: ms("last_seen_at").notNull(),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (t) => [index("sessions_user").on(t.userId)],
);

export const organizations = sqliteTable("organizations", {
  id: text("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  name: text("name").notNull(),
  createdAt: ms("created_at").notNull(),
});

export const memberships = sqliteTable(
  "memberships",
  {
    orgId: text("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["owner", "admin", "editor"] }).notNull(),
    createdAt: ms("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.orgId, t.userId] }), index("memberships_user").on(t.userId)],
);

export const invitations = sqliteTable(
  "invitations",
  {
    id: text("id").primaryKey(),
    orgId: text("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    role: text("role", { enum: ["admin", "editor"] }).notNull(),
    tokenHash: text("token_hash").notNull(),
    invitedBy: text("invited_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: ms("created_at").notNull(),
    expiresAt: ms("expires_at").notNull(),
    lastSentAt: ms("last_sent_at").notNull(),
    acceptedAt: ms("accepted_at"),
    revokedAt: ms("revoked_at"),
  },
  (t) => [index("invitations_org").on(t.orgId), index("invitations_token").on(t.tokenHash)],
);

/** Single-use tokens sent by mail: password reset, email change. Only a hash is stored. */
export const authTokens = sqliteTable(
  "auth_tokens",
  {
    id: text("id").primaryKey(),
    purpose: text("purpose", { enum: ["password_reset", "email_change"] }).notNull(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    payload: text("payload", { mode: "json" }).$type<Record<string, string>>(),
    createdAt: ms("created_at").notNull(),
    expiresAt: ms("expires_at").notNull(),
    usedAt: ms("used_at"),
  },
  (t) => [uniqueIndex("auth_tokens_hash").on(t.tokenHash)],
);

export const instanceSettings = sqliteTable("instance_settings", {
  key: text("key").primaryKey(),
  value: text("value", { mode: "json" }).notNull(),
  updatedAt: ms("updated_at").notNull(),
});

/** Stored flag values; scope is "instance" or an organization id. Unset keys fall back to defaults. */
export const featureFlags = sqliteTable(
  "feature_flags",
  {
    scope: text("scope").notNull(),
    key: text("key").notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull(),
    updatedAt: ms("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.key] })],
);

/** Recurring jobs with their persisted next run (the scheduler's source of truth). */
export const scheduledJobs = sqliteTable("scheduled_jobs", {
  name: text("name").primaryKey(),
  schedule: text("schedule").notNull(),
  nextRunAt: ms("next_run_at").notNull(),
  lastStartedAt: ms("last_started_at"),
  lastFinishedAt: ms("last_finished_at"),
  lastDurationMs: integer("last_duration_ms"),
  lastStatus: text("last_status", { enum: ["ok", "error", "running"] }),
  lastError: text("last_error"),
  runCount: integer("run_count").notNull().default(0),
});

/** Durable queue of one-off work with retries and back-off. */
export const jobs = sqliteTable(
  "jobs",
  {
    id: text("id").primaryKey(),
    kind: text("kind").notNull(),
    orgId: text("org_id"),
    payload: text("payload", { mode: "json" }).$type<unknown>().notNull(),
    status: text("status", { enum: ["queued", "running", "succeeded", "failed", "cancelled"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    maxAttempts: integer("max_attempts").notNull().default(5),
    runAt: ms("run_at").notNull(),
    lockedUntil: ms("locked_until"),
    lastError: text("last_error"),
    progress: text("progress", { mode: "json" }).$type<unknown>(),
    result: text("result", { mode: "json" }).$type<unknown>(),
    createdAt: ms("created_at").notNull(),
    updatedAt: ms("updated_at").notNull(),
    finishedAt: ms("finished_at"),
  },
  (t) => [index("jobs_due").on(t.status, t.runAt), index("jobs_org_kind").on(t.orgId, t.kind)],
);

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    orgId: text("org_id"),
    actorId: text("actor_id"),
    actorLabel: text("actor_label").notNull(),
    action: text("action").notNull(),
    resource: text("resource").notNull(),
    resourceId: text("resource_id"),
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>(),
    ip: text("ip"),
    userAgent: text("user_agent"),
    createdAt: ms("created_at").notNull(),
  },
  (t) => [
    index("audit_org_time").on(t.orgId, t.createdAt),
    index("audit_org_resource").on(t.orgId, t.resource, t.createdAt),
    index("audit_org_actor").on(t.orgId, t.actorId, t.createdAt),
  ],
);

/** System mail captured in --dev mode when no transport is configured. */
export const devOutbox = sqliteTable("dev_outbox", {
  id: text("id").primaryKey(),
  to: text("to").notNull(),
  subject: text("subject").notNull(),
  text: text("text").notNull(),
  html: text("html"),
  createdAt: ms("created_at").notNull(),
});

/** Which organization owns each sending domain (a domain belongs to one organization on an appliance). */
export const sendingDomainIndex = sqliteTable("sending_domain_index", {
  domain: text("domain").primaryKey(),
  orgId: text("org_id").notNull().references(() => organizations.id, { onDelete: "cascade" }),
  createdAt: ms("created_at").notNull(),
});
