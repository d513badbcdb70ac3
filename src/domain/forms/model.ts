import { invalid } from "../../lib/errors";

export const FORM_FIELD_TYPES = ["email", "text", "checkbox"] as const;
export type FormFieldType = (typeof FORM_FIELD_TYPES)[number];
export interface FormField {
  key: string;
  label: string;
  type: FormFieldType;
  required: boolean;
}

export const FORM_OUTCOMES = ["success", "pending_confirmation", "duplicate", "invalid", "spam"] as const;
export type FormOutcome = (typeof FORM_OUTCOMES)[number];

export interface Form {
  id: string;
  /** `<orgId>.<id>`: the path segment of POST /forms/:formId. */
  publicId: string;
  name: string;
  topicId: number | null;
  redirectUrl: string | null;
  doubleOptIn: boolean;
  honeypotField: string;
  fields: FormField[];
  active: boolean;
  submissionCount: number;
  successCount: number;
  createdAt: number;
  updatedAt: number;
}

export interface FormSubmission {
  id: number;
  outcome: FormOutcome;
  email: string | null;
  contactId: number | null;
  data: Record<string, string>;
  error: string | null;
  ip: string | null;
  userAgent: string | null;
  createdAt: number;
}

export const MAX_BODY_BYTES = 100_000;
export const MAX_VALUE_CHARS = 10_000;
export const METADATA_RETENTION_DAYS = 90;
export const DEFAULT_FIELDS: FormField[] = [
  { key: "email", label: "Email", type: "email", required: true },
  { key: "firstName", label: "First name", type: "text", required: false },
  { key: "lastName", label: "Last name", type: "text", required: false },
];

/** A redirect is used only when it is http(s) without credentials (api.md §5.6). */
export function safeRedirect(raw: unknown, field = "redirectUrl"): string | null {
  const s = typeof raw === "string" ? raw.trim() : "";
  if (!s) return null;
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    throw invalid(field, "Redirect must be a full address like https://example.com/thanks.");
  }
  if (!["http:", "https:"].includes(url.protocol) || url.username || url.password) throw invalid(field, "Redirect must be an http(s) address without a user name or password.");
  if (s.length > 2000) throw invalid(field, "Redirect address is too long.");
  return url.toString();
}

export function checkFields(raw: unknown): FormField[] {
  if (!Array.isArray(raw)) throw invalid("fields", "Fields must be a list.");
  const seen = new Set<string>();
  const fields = raw.map((f, i) => {
    const r = (f ?? {}) as Record<string, unknown>;
    const key = typeof r.key === "string" ? r.key.trim() : "";
    if (!/^[A-Za-z][A-Za-z0-9_]{0,49}$/.test(key)) throw invalid(`field_${i}`, `Field ${i + 1}: the name must be letters, digits or _ (starting with a letter).`);
    if (seen.has(key)) throw invalid(`field_${i}`, `Field ${i + 1}: "${key}" appears twice.`);
    seen.add(key);
    const type = (FORM_FIELD_TYPES as readonly unknown[]).includes(r.type) ? (r.type as FormFieldType) : "text";
    const label = (typeof r.label === "string" && r.label.trim() ? r.label.trim() : key).slice(0, 100);
    return { key, label, type, required: r.required === true || r.required === "on" || r.required === "true" };
  });
  if (!fields.some((f) => f.type === "email")) throw invalid("fields", "A form needs one field of type email.");
  if (fields.length > 20) throw invalid("fields", "At most 20 fields.");
  return fields;
}

export function checkHoneypot(raw: unknown): string {
  const s = typeof raw === "string" && raw.trim() ? raw.trim() : "_hp_field";
  if (!/^[A-Za-z_][A-Za-z0-9_-]{0,49}$/.test(s)) throw invalid("honeypotField", "Honeypot field name: letters, digits, _ or -.");
  return s;
}
