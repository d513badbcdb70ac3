import { invalid } from "../../lib/errors";
import { DAY } from "../../lib/time";
import { normalizeEmail } from "../accounts/model";

export const CONTACT_SOURCES = ["api", "import", "form", "transactional", "inbound"] as const;
export type ContactSource = (typeof CONTACT_SOURCES)[number];
export const DOI_STATUSES = ["not_required", "pending", "confirmed"] as const;
export type DoiStatus = (typeof DOI_STATUSES)[number];
export const PROPERTY_TYPES = ["text", "number", "date", "boolean"] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];
export const BLOCK_REASONS = ["bounced", "complained", "manual"] as const;
export type BlockReason = (typeof BLOCK_REASONS)[number];
export const EMAIL_EVENT_TYPES = ["sent", "delivered", "opened", "clicked", "bounced", "soft_bounced", "complained"] as const;
export type EmailEventType = (typeof EMAIL_EVENT_TYPES)[number];

export const DOI_TOKEN_TTL_MS = 7 * DAY;
export const CONTACT_RETENTION_MS = 30 * DAY;
export const SOFT_BOUNCE_LIMIT = 5;
export const BULK_BATCH = 1000;

export interface Contact {
  id: number;
  email: string | null;
  firstName: string;
  lastName: string;
  language: string;
  timezone: string;
  source: ContactSource;
  notes: string;
  properties: Record<string, unknown>;
  doiStatus: DoiStatus;
  doiConfirmedAt: number | null;
  unsubscribedAt: number | null;
  lastOpenedAt: number | null;
  lastClickedAt: number | null;
  lastEngagedAt: number | null;
  softBounceStreak: number;
  createdAt: number;
  updatedAt: number;
}

export interface Property {
  id: number;
  key: string;
  label: string;
  type: PropertyType;
  source: string;
  createdAt: number;
}

export interface Topic {
  id: number;
  name: string;
  description: string;
  requireDoubleOptIn: boolean;
  memberCount: number;
  createdAt: number;
}

export interface Membership {
  topicId: number;
  topicName: string;
  requireDoubleOptIn: boolean;
  source: string;
  createdAt: number;
}

export interface BlocklistEntry {
  email: string;
  reason: BlockReason;
  note: string;
  source: string;
  createdAt: number;
}

export type ActivityType =
  | "created" | "updated" | "property_updated" | "topic_subscribed" | "topic_unsubscribed" | "topic_confirmed"
  | "doi_requested" | "doi_attested" | "unsubscribed" | "resubscribed" | "blocklisted" | "unblocked" | "form_submitted" | "deleted";

export interface TimelineEntry {
  kind: "activity" | "email";
  type: string;
  source: string;
  details: Record<string, unknown>;
  actor: string | null;
  at: number;
}

/** Contacts list: search, filters, sort, keyset cursor. */
export interface ContactFilter {
  search?: string;
  topicId?: number;
  source?: ContactSource;
  status?: ContactStatus;
}
export const CONTACT_STATUSES = ["subscribed", "unsubscribed", "pending", "blocklisted", "no_topics"] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];
export const CONTACT_SORTS = ["newest", "oldest", "email_asc", "email_desc"] as const;
export type ContactSort = (typeof CONTACT_SORTS)[number];

export interface ContactPage {
  contacts: (Contact & { blocked: boolean })[];
  next: string | null;
}

/** Built-in field names a custom property key may not take. */
const RESERVED_KEYS = new Set(["email", "first_name", "firstname", "last_name", "lastname", "language", "timezone", "source", "notes", "id", "created_at", "updated_at", "topics", "unsubscribe_url", "preferences_url"]);

export function propertyKeyFromLabel(label: string): string {
  const key = label.normalize("NFKD").toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^[_0-9]+|_+$/g, "").slice(0, 50);
  return key || "property";
}

export function checkPropertyKey(raw: unknown, field = "key"): string {
  const key = typeof raw === "string" ? raw.trim() : "";
  if (!key) throw invalid(field, "Key is required.");
  if (!/^[a-z][a-z0-9_]{0,49}$/.test(key)) throw invalid(field, "Key: lowercase letters, digits and _ only, starting with a letter, at most 50 characters.");
  if (RESERVED_KEYS.has(key)) throw invalid(field, `"${key}" is a built-in field; choose another key.`);
  return key;
}

export function checkLabel(raw: unknown, field = "label", max = 100): string {
  const label = typeof raw === "string" ? raw.trim() : "";
  if (!label) throw invalid(field, "Label is required.");
  if (label.length > max) throw invalid(field, `At most ${max} characters.`);
  return label;
}

export function checkPropertyType(raw: unknown): PropertyType {
  if (!(PROPERTY_TYPES as readonly unknown[]).includes(raw)) throw invalid("type", "Choose a type: text, number, date or yes/no.");
  return raw as PropertyType;
}

const TRUE = new Set(["true", "yes", "y", "1", "on"]);
const FALSE = new Set(["false", "no", "n", "0", "off"]);

/** A typed value from user input; undefined means "not set". Throws naming the field. */
export function coercePropertyValue(type: PropertyType, raw: unknown, field: string, label = field): string | number | boolean | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === "boolean" && type === "boolean") return raw;
  if (typeof raw === "number" && type === "number" && Number.isFinite(raw)) return raw;
  const s = String(raw).trim();
  if (s === "") return undefined;
  switch (type) {
    case "text":
      if (s.length > 2000) throw invalid(field, `${label} is longer than 2000 characters.`);
      return s;
    case "number": {
      const n = Number(s.replace(/^\+/, ""));
      if (!Number.isFinite(n)) throw invalid(field, `${label} must be a number ("${s.slice(0, 40)}" is not).`);
      return n;
    }
    case "boolean": {
      const l = s.toLowerCase();
      if (TRUE.has(l)) return true;
      if (FALSE.has(l)) return false;
      throw invalid(field, `${label} must be yes or no ("${s.slice(0, 40)}" is neither).`);
    }
    case "date":
      return checkDate(s, field, label);
  }
}

function checkDate(s: string, field: string, label: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(s);
  const d = m ? new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!)) : null;
  if (!m || !d || d.getUTCMonth() !== +m[2]! - 1 || d.getUTCDate() !== +m[3]!) throw invalid(field, `${label} must be a date like 2026-03-31 ("${s.slice(0, 40)}" is not).`);
  return `${m[1]}-${m[2]}-${m[3]}`;
}

export interface ContactInput {
  email: string | null;
  firstName: string;
  lastName: string;
  language: string;
  timezone: string;
  notes: string;
}

const text = (raw: unknown, field: string, label: string, max: number): string => {
  const s = typeof raw === "string" ? raw.trim() : raw === undefined || raw === null ? "" : String(raw).trim();
  if (s.length > max) throw invalid(field, `${label} must be at most ${max} characters.`);
  return s;
};

export function checkLanguage(raw: unknown, field = "language"): string {
  const s = text(raw, field, "Language", 35);
  if (s && !/^[a-zA-Z]{2,3}([-_][a-zA-Z0-9]{2,8})*$/.test(s)) throw invalid(field, `Language must be a code like "en" or "de-CH" ("${s}" is not).`);
  return s.replace("_", "-");
}

export function checkTimezone(raw: unknown, field = "timezone"): string {
  const s = text(raw, field, "Time zone", 64);
  if (!s) return "";
  try {
    new Intl.DateTimeFormat("en", { timeZone: s });
    return s;
  } catch {
    throw invalid(field, `"${s}" is not a time zone (use names like Europe/Berlin).`);
  }
}

/** The built-in fields of a contact form (CT-01); email is required when `requireEmail`. */
export function checkContactInput(body: Record<string, unknown>, requireEmail = true): ContactInput {
  const rawEmail = typeof body.email === "string" ? body.email.trim() : "";
  return {
    email: rawEmail || requireEmail ? normalizeEmail(rawEmail) : null,
    firstName: text(body.firstName, "firstName", "First name", 100),
    lastName: text(body.lastName, "lastName", "Last name", 100),
    language: checkLanguage(body.language),
    timezone: checkTimezone(body.timezone),
    notes: text(body.notes, "notes", "Notes", 5000),
  };
}

export function checkTopicInput(body: Record<string, unknown>): { name: string; description: string; requireDoubleOptIn: boolean } {
  const name = text(body.name, "name", "Name", 100);
  if (!name) throw invalid("name", "Name is required.");
  const raw = body.requireDoubleOptIn;
  return {
    name,
    description: text(body.description, "description", "Description", 500),
    // A new topic requires double opt-in unless it is explicitly turned off (TP-02).
    requireDoubleOptIn: raw === undefined ? true : raw === true || raw === "on" || raw === "true" || raw === "1",
  };
}

export const fullName = (c: { firstName: string; lastName: string }) => `${c.firstName} ${c.lastName}`.trim();
