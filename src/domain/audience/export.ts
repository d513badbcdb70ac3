/** CSV exports of contacts, streamed in batches (IM-13 list export, IM-14 account export). */
import { stringify } from "csv-stringify/sync";
import type { TenantDb } from "../../db/tenants";
import * as q from "./queries";
import * as tq from "./topic-queries";

export type ExportVariant = "list" | "account";

/** Spreadsheet formula injection: a leading =, +, - or @ is neutralised with a quote. */
const cell = (v: unknown): string => {
  const s = v === null || v === undefined ? "" : typeof v === "boolean" ? (v ? "yes" : "no") : String(v);
  return /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
};
const iso = (ms: number) => new Date(ms).toISOString();

/** Yields the CSV text: a header, then one chunk per batch of ids. */
export function* contactsCsv(db: TenantDb, idBatches: Iterable<number[]>, variant: ExportVariant): Generator<string> {
  const props = q.listProperties(db);
  const topicNames = new Map(tq.listTopics(db).map((t) => [t.id, t.name]));
  const head = variant === "list"
    ? ["Email", "First Name", "Last Name", "Language", "Source", "Created At", "Updated At", ...props.map((p) => p.label)]
    : ["email", "firstName", "lastName", "source", "timezone", "createdAt", "updatedAt", "topics", ...props.map((p) => p.key)];
  yield stringify([head.map(cell)]);
  for (const ids of idBatches) {
    const rows = q.contactsByIds(db, ids).sort((a, b) => a.id - b.id);
    const topicsOf = variant === "account" ? membershipNames(db, ids, topicNames) : new Map<number, string>();
    yield stringify(rows.map((r) => {
      const values = props.map((p) => r.properties?.[p.key]);
      return (variant === "list"
        ? [r.email, r.firstName, r.lastName, r.language, r.source, iso(r.createdAt), iso(r.updatedAt), ...values]
        : [r.email, r.firstName, r.lastName, r.source, r.timezone, iso(r.createdAt), iso(r.updatedAt), topicsOf.get(r.id) ?? "", ...values]).map(cell);
    }));
  }
}

function membershipNames(db: TenantDb, ids: number[], names: Map<number, string>): Map<number, string> {
  const out = new Map<number, string[]>();
  for (const m of db.$client.query(`SELECT contact_id AS c, topic_id AS t FROM topic_members WHERE contact_id IN (${ids.map(Number).join(",")})`).all() as { c: number; t: number }[]) {
    (out.get(m.c) ?? out.set(m.c, []).get(m.c)!).push(names.get(m.t) ?? String(m.t));
  }
  return new Map([...out].map(([k, v]) => [k, v.sort().join("; ")]));
}

/** A CSV response body from a generator, pulled chunk by chunk (bounded memory). */
export function csvStream(chunks: Generator<string>): ReadableStream<Uint8Array> {
  const enc = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    pull(c) {
      const next = chunks.next();
      if (next.done) c.close();
      else c.enqueue(enc.encode(next.value));
    },
  });
}

/** The organization's audience as JSON members of an object (AC-02), streamed in batches. */
export function* audienceJson(db: TenantDb, idBatches: Iterable<number[]>, extra: Record<string, unknown>): Generator<string> {
  const topicNames = new Map(tq.listTopics(db).map((t) => [t.id, t.name]));
  yield `"contacts":[`;
  let first = true;
  for (const ids of idBatches) {
    const topicsOf = membershipNames(db, ids, topicNames);
    const rows = q.contactsByIds(db, ids).sort((a, b) => a.id - b.id).map((r) => {
      const c = q.toContact(r);
      return JSON.stringify({ ...c, topics: topicsOf.get(r.id)?.split("; ") ?? [], createdAt: iso(c.createdAt), updatedAt: iso(c.updatedAt) });
    });
    if (rows.length) yield (first ? "" : ",") + rows.join(",");
    first = false;
  }
  yield `],"properties":${JSON.stringify(q.listProperties(db))},"topics":${JSON.stringify(tq.listTopics(db))}`;
  for (const [k, v] of Object.entries(extra)) yield `,${JSON.stringify(k)}:${JSON.stringify(v)}`;
}
