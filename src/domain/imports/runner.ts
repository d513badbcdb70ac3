/**
 * The import engine: streams the file, normalizes rows, and writes them in batches, each batch one
 * transaction together with the import's counters and resume point, so a crash neither loses nor
 * duplicates rows (a restarted run skips the rows already written). Prepared statements, JS-built
 * index documents, no per-row activity rows (the timeline reads imports from the rows themselves).
 */
import { hash53n, contactDoc, nameTerms, type PropertyMeta } from "../audience/service";
import type { DoiStatus } from "../audience/model";
import type { TenantDb } from "../../db/tenants";
import { NumberSet } from "../../lib/number-set";
import { readRecords } from "./csv";
import { MAX_ERRORS_KEPT, type ImportRecord, type ImportSettings } from "./model";
import { importStatements, statusOf } from "./queries";
import { createRowNormalizer, type RowResult } from "./rows";

export interface RunOptions {
  db: TenantDb;
  record: ImportRecord;
  props: PropertyMeta[];
  topicIdByName: Map<string, number>;
  doiTopicIds: Set<number>;
  now: () => number;
  batchSize?: number;
  onProgress?: (r: ImportRecord) => void;
}

export type Counters = Pick<ImportRecord, "rowsDone" | "bytesDone" | "imported" | "updated" | "skipped" | "failed" | "addedToTopics" | "errors">;

export async function runImport(o: RunOptions): Promise<{ counters: Counters; cancelled: boolean }> {
  const s = o.record.settings as ImportSettings;
  const st = importStatements(o.db);
  const normalize = createRowNormalizer(s, o.topicIdByName);
  const c: Counters = { rowsDone: o.record.rowsDone, bytesDone: o.record.bytesDone, imported: o.record.imported, updated: o.record.updated, skipped: o.record.skipped, failed: o.record.failed, addedToTopics: o.record.addedToTopics, errors: [...o.record.errors] };
  const resumeAt = o.record.rowsDone;
  const seen = new NumberSet();
  const knownTerms = new Set<string>();
  const unknownTopics = new Set<string>();
  const batchSize = o.batchSize ?? 10_000;
  const anyBlocked = o.db.$client.query("SELECT 1 FROM blocklist LIMIT 1").get() !== null;
  let bytes = 0;
  let index = 0;
  let batch: RowResult[] = [];
  let lastIndex = resumeAt;
  let cancelled = false;

  const note = (line: number, reason: string, value?: string) => {
    c.failed++;
    if (c.errors.length < MAX_ERRORS_KEPT) c.errors.push(value ? { row: line, reason, value } : { row: line, reason });
  };

  const flush = () => {
    const added = new Map<number, number>();
    const reindexed: number[] = [];
    const now = o.now();
    const importedBefore = c.imported;
    o.db.$client.transaction(() => {
      for (const r of batch) writeRow(r, now, added, reindexed);
      for (const [topicId, n] of added) st.bumpTopic.run(n, topicId);
      st.bumpLive.run(c.imported - importedBefore);
      c.rowsDone = lastIndex;
      c.bytesDone = bytes;
      st.progress.run(c.rowsDone, c.bytesDone, c.imported, c.updated, c.skipped, c.failed, c.addedToTopics, JSON.stringify(c.errors), o.record.id);
      if (reindexed.length) reindex(reindexed);
    })();
    batch = [];
    o.onProgress?.({ ...o.record, ...c });
  };

  const reindex = (ids: number[]) => {
    // Existing contacts that changed: their documents depend on rows this import did not read.
    o.db.$client.run(`DELETE FROM contact_index WHERE rowid IN (${ids.join(",")})`);
    const rows = o.db.$client.query(`SELECT id, email, first_name AS firstName, last_name AS lastName, source, doi_status AS doiStatus, unsubscribed_at AS unsubscribedAt, last_opened_at AS lastOpenedAt, last_clicked_at AS lastClickedAt, properties FROM contacts WHERE id IN (${ids.join(",")})`).all() as Record<string, unknown>[];
    for (const r of rows) {
      const topics = (o.db.$client.query("SELECT topic_id AS t FROM topic_members WHERE contact_id = ?").all(r.id as number) as { t: number }[]).map((x) => x.t);
      const blocked = !!st.blocked.get(r.email as string);
      st.indexDoc.run(r.id as number, contactDoc({ ...(r as object), properties: JSON.parse(String(r.properties)) } as never, topics, blocked, o.props));
      for (const term of nameTerms(r as { firstName: string; lastName: string })) st.addTerm.run(term);
    }
  };

  function writeRow(r: RowResult, now: number, added: Map<number, number>, reindexed: number[]): void {
    if (!r.ok) {
      if (r.reason === "empty row") c.skipped++;
      else note(r.line, r.reason, r.value);
      return;
    }
    const row = r.row;
    for (const t of row.unknownTopics) unknownTopics.add(t);
    if (!seen.add(hash53n(row.email))) {
      c.skipped++;
      return;
    }
    const needsDoi = row.topicIds.some((t) => o.doiTopicIds.has(t));
    const existing = st.byEmail.get(row.email) as { id: number; properties: string; firstName: string; lastName: string; language: string; timezone: string; doiStatus: DoiStatus } | null;
    let id: number;
    if (existing) {
      if (s.duplicates === "skip") {
        c.skipped++;
        return;
      }
      id = existing.id;
      const props = { ...JSON.parse(existing.properties), ...row.properties };
      const doi: DoiStatus = needsDoi && existing.doiStatus === "not_required" ? "pending" : existing.doiStatus;
      st.updateContact.run(row.firstName || existing.firstName, row.lastName || existing.lastName, row.language || existing.language, row.timezone || existing.timezone, JSON.stringify(props), doi, now, id);
      c.updated++;
      reindexed.push(id);
    } else {
      const doi: DoiStatus = needsDoi ? "pending" : "not_required";
      const props = JSON.stringify(row.properties);
      id = Number(st.insertContact.run(row.email, row.firstName, row.lastName, row.language, row.timezone, props, doi, o.record.id, now, now).lastInsertRowid);
      st.indexDoc.run(id, contactDoc({ id, email: row.email, firstName: row.firstName, lastName: row.lastName, source: "import", doiStatus: doi, unsubscribedAt: null, lastOpenedAt: null, lastClickedAt: null, properties: row.properties }, row.topicIds, anyBlocked && !!st.blocked.get(row.email), o.props));
      c.imported++;
      for (const term of nameTerms(row)) {
        if (knownTerms.has(term)) continue;
        if (knownTerms.size > 200_000) knownTerms.clear();
        knownTerms.add(term);
        st.addTerm.run(term);
      }
    }
    for (const t of row.topicIds) {
      if (st.addMember.run(t, id, now).changes > 0) {
        added.set(t, (added.get(t) ?? 0) + 1);
        c.addedToTopics++;
      }
    }
  }

  const problems: { line: number; reason: string }[] = [];
  const records = readRecords(s.path, { encoding: s.encoding, delimiter: s.delimiter, onProblem: (p) => problems.push(p), onBytes: (n) => (bytes = n) });
  for await (const rec of records) {
    if (index++ === 0 && s.hasHeader) continue;
    const dataIndex = index - (s.hasHeader ? 1 : 0);
    const result = normalize(rec.cells, rec.line);
    if (dataIndex <= resumeAt) {
      // Resuming after a crash: rebuild the duplicate check, write nothing twice.
      if (result.ok) seen.add(hash53n(result.row.email));
      problems.length = 0;
      continue;
    }
    for (const p of problems.splice(0)) batch.push({ ok: false, line: p.line, reason: p.reason });
    batch.push(result);
    lastIndex = dataIndex;
    if (batch.length >= batchSize) {
      flush();
      await new Promise((r) => setImmediate(r));
      if (statusOf(o.db, o.record.id) === "cancelled") {
        cancelled = true;
        break;
      }
    }
  }
  for (const p of problems.splice(0)) batch.push({ ok: false, line: p.line, reason: p.reason });
  if (!cancelled && batch.length) flush();
  if (unknownTopics.size && c.errors.length < MAX_ERRORS_KEPT) {
    c.errors.push({ row: 0, reason: `topics not found, rows kept without them: ${[...unknownTopics].slice(0, 10).join(", ")}` });
  }
  return { counters: c, cancelled };
}
