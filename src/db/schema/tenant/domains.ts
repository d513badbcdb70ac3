import { sqliteTable, text, integer, index, uniqueIndex } from "drizzle-orm/sqlite-core";

/** Domains this organization sends from, with the DNS check results per record. */
export const sendingDomains = sqliteTable(
  "sending_domains",
  {
    id: text("id").primaryKey(),
    domain: text("domain").notNull(),
    status: text("status", { enum: ["pending", "verified", "failed"] }).notNull(),
    dmarcPolicy: text("dmarc_policy", { enum: ["none", "quarantine", "reject"] }).notNull().default("none"),
    checks: text("checks", { mode: "json" }).$type<Record<string, { ok: boolean; found: string | null; detail: string }>>(),
    createdAt: integer("created_at").notNull(),
    verifiedAt: integer("verified_at"),
    lastCheckedAt: integer("last_checked_at"),
  },
  (t) => [uniqueIndex("sending_domains_domain").on(t.domain)],
);

/** DKIM keys per domain. A new key is pending until its DNS record is live; the old one retires after an overlap. */
export const dkimKeys = sqliteTable(
  "dkim_keys",
  {
    id: text("id").primaryKey(),
    domainId: text("domain_id").notNull().references(() => sendingDomains.id, { onDelete: "cascade" }),
    selector: text("selector").notNull(),
    algorithm: text("algorithm", { enum: ["rsa-sha256", "ed25519-sha256"] }).notNull(),
    publicKey: text("public_key").notNull(),
    privateKeySealed: text("private_key_sealed").notNull(),
    status: text("status", { enum: ["pending", "active", "retiring", "retired"] }).notNull(),
    createdAt: integer("created_at").notNull(),
    activatedAt: integer("activated_at"),
    retireAt: integer("retire_at"),
  },
  (t) => [index("dkim_keys_domain").on(t.domainId, t.status)],
);
