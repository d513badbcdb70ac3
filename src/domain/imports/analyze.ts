/** The mapping step's view of a file: encoding, separator, header, column suggestions and a sample preview (IM-02, IM-05). */
import { normalizeEmail } from "../accounts/model";
import { headText, readHead, sampleRecords, sniffEncoding } from "./csv";
import { MAX_MAPPED_COLUMNS, detectDelimiter, detectHeader, suggestColumns, type Analysis } from "./model";

export function analyzeFile(path: string, forced: { delimiter?: string; hasHeader?: boolean } = {}): Analysis {
  const encoding = sniffEncoding(readHead(path));
  const delimiter = forced.delimiter ?? detectDelimiter(headText(path, encoding));
  const rows = sampleRecords(path, encoding, delimiter, 1001);
  const hasHeader = forced.hasHeader ?? detectHeader(rows);
  const width = Math.max(0, ...rows.slice(0, 50).map((r) => r.length));
  const shown = Math.min(width, MAX_MAPPED_COLUMNS);
  const headers = hasHeader ? (rows[0] ?? []).slice(0, shown) : Array.from({ length: shown }, (_, i) => `Column ${i + 1}`);
  while (headers.length < shown) headers.push(`Column ${headers.length + 1}`);
  const data = hasHeader ? rows.slice(1) : rows;
  const suggested = suggestColumns(headers, data.slice(0, 50), hasHeader);
  const columns = headers.map((header, index) => ({ index, header, samples: data.slice(0, 5).map((r) => (r[index] ?? "").slice(0, 60)), suggested: suggested[index]! }));
  const emailCol = suggested.findIndex((t) => t.kind === "email");
  const topicCol = suggested.findIndex((t) => t.kind === "topic");
  const seen = new Set<string>();
  const sample = { rows: data.length, valid: 0, invalidEmail: 0, missingEmail: 0, duplicates: 0 };
  const preview: Analysis["preview"] = [];
  const firstCol = suggested.findIndex((t) => t.kind === "firstName");
  const lastCol = suggested.findIndex((t) => t.kind === "lastName");
  data.forEach((r, i) => {
    const raw = emailCol >= 0 ? (r[emailCol] ?? "").trim() : "";
    let status: Analysis["preview"][number]["status"];
    if (!raw) status = "missing";
    else {
      try {
        const e = normalizeEmail(raw);
        status = seen.has(e) ? "duplicate" : "valid";
        seen.add(e);
      } catch {
        status = "invalid";
      }
    }
    sample[status === "valid" ? "valid" : status === "missing" ? "missingEmail" : status === "invalid" ? "invalidEmail" : "duplicates"]++;
    if (i < 5) preview.push({ row: i + (hasHeader ? 2 : 1), email: raw.slice(0, 80), name: `${r[firstCol] ?? ""} ${r[lastCol] ?? ""}`.trim().slice(0, 80), status });
  });
  const topicNames = topicCol >= 0 ? [...new Set(data.flatMap((r) => (r[topicCol] ?? "").split(/[,;|]/).map((s) => s.trim()).filter(Boolean)))].slice(0, 50) : [];
  return { encoding, delimiter, hasHeader, columns, sample, preview, topicNames, truncatedColumns: Math.max(0, width - shown) };
}
