import type { PropertyType } from "../audience/model";

/** Where a CSV column goes (IM-02). */
export type ColumnTarget =
  | { kind: "email" } | { kind: "firstName" } | { kind: "lastName" } | { kind: "language" } | { kind: "timezone" }
  | { kind: "topic" }
  | { kind: "property"; key: string; label: string; type: PropertyType }
  | { kind: "ignore" };

export interface ImportSettings {
  /** The file to read (uploads live in the data directory; the CLI reads the given path). */
  path: string;
  /** Delete the file when the import ends (uploads). */
  deleteFile: boolean;
  encoding: string;
  delimiter: string;
  hasHeader: boolean;
  columns: ColumnTarget[];
  duplicates: "skip" | "update";
  /** One topic for every row (IM-04 global) … */
  topicId: number | null;
  /** … or per row from the topic column: lowercased name → topic id (names not listed: matched by name, else skipped). */
  topicNames: Record<string, number | "skip">;
}

export interface ImportRecord {
  id: string;
  status: "uploading" | "mapping" | "queued" | "running" | "succeeded" | "failed" | "cancelled";
  fileName: string;
  fileSize: number;
  settings: ImportSettings | null;
  rowsDone: number;
  bytesDone: number;
  imported: number;
  updated: number;
  skipped: number;
  failed: number;
  addedToTopics: number;
  errors: { row: number; reason: string; value?: string }[];
  message: string | null;
  createdBy: string | null;
  createdAt: number;
  finishedAt: number | null;
}

export interface ColumnInfo {
  index: number;
  header: string;
  samples: string[];
  suggested: ColumnTarget;
}

export interface Analysis {
  encoding: string;
  delimiter: string;
  hasHeader: boolean;
  columns: ColumnInfo[];
  /** Counts over the sample (the first rows of the file). */
  sample: { rows: number; valid: number; invalidEmail: number; missingEmail: number; duplicates: number };
  preview: { row: number; email: string; name: string; status: "valid" | "invalid" | "missing" | "duplicate" }[];
  topicNames: string[];
  /** More columns than the mapping step shows: the rest are ignored. */
  truncatedColumns: number;
}

export const MAX_MAPPED_COLUMNS = 100;
export const MAX_ERRORS_KEPT = 100;
export const IMPORT_JOB = "contacts.import";

const norm = (h: string) => h.toLowerCase().replace(/[^a-z0-9]/g, "");
const BUILTIN: [RegExp, ColumnTarget][] = [
  [/^(email|e?mailaddress|email1|mail|emailadresse|correo|courriel)$/, { kind: "email" }],
  [/^(firstname|first|fname|givenname|forename|vorname|prenom)$/, { kind: "firstName" }],
  [/^(lastname|last|lname|surname|familyname|nachname|nom)$/, { kind: "lastName" }],
  [/^(language|lang|locale|sprache)$/, { kind: "language" }],
  [/^(timezone|tz|zeitzone)$/, { kind: "timezone" }],
  [/^(topic|topics|list|lists|listname|newsletter|newsletters|subscriptions)$/, { kind: "topic" }],
];

export function headerTarget(header: string): ColumnTarget | null {
  const n = norm(header);
  for (const [re, t] of BUILTIN) if (re.test(n)) return t;
  return null;
}

export const looksLikeEmail = (s: string) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s.trim());

/** Header auto-detection: a known column name, or no email in the first row while the next rows have one. */
export function detectHeader(rows: string[][]): boolean {
  const [first, ...rest] = rows;
  if (!first) return false;
  if (first.some((c) => headerTarget(c)?.kind === "email")) return true;
  if (first.some(looksLikeEmail)) return false;
  return rest.slice(0, 20).some((r) => r.some(looksLikeEmail)) || first.some((c) => headerTarget(c) !== null);
}

export function propertyKeyOf(header: string): string {
  const key = header.normalize("NFKD").toLowerCase().replace(/[^a-z0-9]+/g, "_").replace(/^[_0-9]+|_+$/g, "").slice(0, 50);
  return key || "column";
}

/** A property type guessed from sample values (all numbers → number, all yes/no → boolean, all dates → date). */
export function guessType(samples: string[]): PropertyType {
  const v = samples.map((s) => s.trim()).filter(Boolean);
  if (!v.length) return "text";
  if (v.every((s) => /^[-+]?\d+(\.\d+)?$/.test(s))) return "number";
  if (v.every((s) => /^(true|false|yes|no)$/i.test(s))) return "boolean";
  if (v.every((s) => /^\d{4}-\d{2}-\d{2}([T ].*)?$/.test(s))) return "date";
  return "text";
}

export function suggestColumns(headers: string[], rows: string[][], hasHeader: boolean): ColumnTarget[] {
  const used = new Set<string>();
  return headers.map((h, i) => {
    const samples = rows.map((r) => r[i] ?? "");
    let t: ColumnTarget | null = hasHeader ? headerTarget(h) : null;
    if (!t && samples.filter(looksLikeEmail).length > samples.length / 2) t = { kind: "email" };
    if (t && t.kind !== "property" && t.kind !== "ignore") {
      if (used.has(t.kind)) t = null;
      else used.add(t.kind);
    }
    if (t) return t;
    if (!hasHeader || !h.trim()) return { kind: "ignore" };
    return { kind: "property", key: propertyKeyOf(h), label: h.trim().slice(0, 100), type: guessType(samples) };
  });
}

/** The delimiter used most in the first lines, outside quotes. */
export function detectDelimiter(text: string): string {
  const lines = text.split(/\r?\n/).slice(0, 20).filter(Boolean);
  let best = ",";
  let bestScore = -1;
  for (const d of [",", ";", "\t", "|"]) {
    const counts = lines.map((l) => l.replace(/"[^"]*"/g, "").split(d).length - 1);
    const min = counts.length ? Math.min(...counts) : 0;
    const score = min * 1000 + (counts[0] ?? 0);
    if (score > bestScore) (best = d), (bestScore = score);
  }
  return best;
}
