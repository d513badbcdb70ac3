/** One CSV record → a contact to write, or the reason it cannot be imported. */
import { AppError } from "../../lib/errors";
import { normalizeEmail } from "../accounts/model";
import { checkLanguage, checkTimezone, coercePropertyValue } from "../audience/model";
import type { ColumnTarget, ImportSettings } from "./model";

export interface ImportRow {
  line: number;
  email: string;
  firstName: string;
  lastName: string;
  language: string;
  timezone: string;
  properties: Record<string, unknown>;
  topicIds: number[];
  unknownTopics: string[];
}

export type RowResult = { ok: true; row: ImportRow } | { ok: false; line: number; reason: string; value?: string };

const BAD_CHAR = "\uFFFD";

export function createRowNormalizer(settings: ImportSettings, topicIdByName: Map<string, number>) {
  const cols = settings.columns;
  const emailCol = cols.findIndex((c) => c.kind === "email");
  const idx = (kind: ColumnTarget["kind"]) => cols.findIndex((c) => c.kind === kind);
  const [first, last, lang, tz, topicCol] = [idx("firstName"), idx("lastName"), idx("language"), idx("timezone"), idx("topic")];
  const props = cols.map((c, i) => [c, i] as const).filter((x): x is [Extract<ColumnTarget, { kind: "property" }>, number] => x[0].kind === "property");
  const tzCache = new Map<string, string | null>();
  const fail = (line: number, reason: string, value?: string): RowResult => ({ ok: false, line, reason, value: value?.slice(0, 80) });
  const text = (cells: string[], i: number) => (i < 0 ? "" : (cells[i] ?? "").trim());

  return (cells: string[], line: number): RowResult => {
    const rawEmail = text(cells, emailCol);
    if (!rawEmail) return cells.every((c) => !c.trim()) ? fail(line, "empty row") : fail(line, "missing email");
    for (const i of [emailCol, first, last, lang, tz]) {
      const v = text(cells, i);
      if (v.includes(BAD_CHAR)) return fail(line, "contains characters that are not valid in the file's encoding", v);
      if (v.includes("\n") || v.includes("\r")) return fail(line, "a field spans several lines (check the quotes)", v);
    }
    let email: string;
    try {
      email = normalizeEmail(rawEmail);
    } catch {
      return fail(line, "invalid email", rawEmail);
    }
    const firstName = text(cells, first);
    const lastName = text(cells, last);
    if (firstName.length > 100 || lastName.length > 100) return fail(line, "name longer than 100 characters");
    let language = "";
    let timezone = "";
    const properties: Record<string, unknown> = {};
    try {
      language = checkLanguage(text(cells, lang));
      const rawTz = text(cells, tz);
      if (rawTz) {
        if (!tzCache.has(rawTz)) tzCache.set(rawTz, (() => { try { return checkTimezone(rawTz); } catch { return null; } })());
        const t = tzCache.get(rawTz);
        if (t === null) return fail(line, "unknown time zone", rawTz);
        timezone = t ?? "";
      }
      for (const [c, i] of props) {
        const v = coercePropertyValue(c.type, cells[i], c.key, c.label);
        if (v !== undefined) properties[c.key] = v;
      }
    } catch (e) {
      if (e instanceof AppError) return fail(line, e.message);
      throw e;
    }
    const topicIds = settings.topicId ? [settings.topicId] : [];
    const unknownTopics: string[] = [];
    if (topicCol >= 0 && !settings.topicId) {
      for (const name of text(cells, topicCol).split(/[,;|]/)) {
        const n = name.trim().toLowerCase();
        if (!n) continue;
        const id = topicIdByName.get(n);
        if (id) topicIds.includes(id) || topicIds.push(id);
        else unknownTopics.push(name.trim());
      }
    }
    return { ok: true, row: { line, email, firstName, lastName, language, timezone, properties, topicIds, unknownTopics } };
  };
}
