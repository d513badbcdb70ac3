/** The contacts list: filters and search through the contact index, keyset paging, fast at a million rows. */
import { AppError } from "../../lib/errors";
import type { TenantDb } from "../../db/tenants";
import { T, quote, searchMatch } from "./contact-index";
import type { Contact, ContactFilter, ContactPage, ContactSort } from "./model";
import { toContact, type ContactRow } from "./queries";

const FILTER_STATUS: Record<string, string> = {
  subscribed: `${quote(T.anyTopic)} NOT ${quote(T.blocked)}`,
  unsubscribed: quote(T.unsubscribed),
  pending: quote(T.doi("pending")),
  blocklisted: quote(T.blocked),
  no_topics: `${quote(T.all)} NOT ${quote(T.anyTopic)}`,
};

/** The MATCH expression of a filter (without an email search), or null for "every live contact". */
export function filterMatch(f: ContactFilter): string | null {
  const parts: string[] = [];
  if (f.topicId) parts.push(quote(T.topic(f.topicId)));
  if (f.source) parts.push(quote(T.source(f.source)));
  if (f.status) parts.push(`(${FILTER_STATUS[f.status]})`);
  const search = f.search?.trim();
  if (search && !search.includes("@")) {
    const m = searchMatch(search);
    parts.push(m ?? quote("wzzzznothing"));
  }
  return parts.length ? parts.join(" AND ") : null;
}

const emailPrefix = (f: ContactFilter) => {
  const s = f.search?.trim().toLowerCase();
  return s && s.includes("@") ? s : null;
};

const SELECT = `SELECT id, email, first_name AS firstName, last_name AS lastName, language, timezone, source, notes, properties,
  doi_status AS doiStatus, doi_confirmed_at AS doiConfirmedAt, unsubscribed_at AS unsubscribedAt, last_opened_at AS lastOpenedAt,
  last_clicked_at AS lastClickedAt, last_engaged_at AS lastEngagedAt, soft_bounce_streak AS softBounceStreak, created_at AS createdAt, updated_at AS updatedAt
  FROM contacts c`;

function rowsToContacts(rows: Record<string, unknown>[]): Contact[] {
  return rows.map((r) => toContact({ ...(r as unknown as ContactRow), properties: JSON.parse(String(r.properties ?? "{}")) }));
}

export function parseCursor(raw: string | undefined, sort: ContactSort): { id?: number; email?: string } {
  if (!raw) return {};
  if (sort === "email_asc" || sort === "email_desc") return raw.startsWith("e:") ? { email: raw.slice(2) } : {};
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 0) throw new AppError("INVALID_INPUT", "Bad page cursor.", { field: "after" });
  return { id };
}

/** One page of contacts; `next` is the cursor of the following page. */
export function listContactPage(db: TenantDb, filter: ContactFilter, sort: ContactSort, cursor: string | undefined, limit: number): Omit<ContactPage, "contacts"> & { contacts: Contact[] } {
  const match = filterMatch(filter);
  const prefix = emailPrefix(filter);
  const byEmail = sort === "email_asc" || sort === "email_desc" || prefix !== null;
  const after = parseCursor(cursor, byEmail ? (sort === "email_desc" ? "email_desc" : "email_asc") : sort);
  const q = db.$client;
  let rows: Record<string, unknown>[];
  if (byEmail) {
    const desc = sort === "email_desc" && !prefix;
    const where = ["c.deleted_at IS NULL", "c.email IS NOT NULL"];
    const args: (string | number)[] = [];
    if (prefix) where.push("c.email >= ? AND c.email < ?"), args.push(prefix, prefix + "\uffff");
    if (after.email !== undefined) where.push(desc ? "c.email < ?" : "c.email > ?"), args.push(after.email);
    if (match) where.push("c.id IN (SELECT rowid FROM contact_index WHERE contact_index MATCH ?)"), args.push(match);
    rows = q.query(`${SELECT} INDEXED BY contacts_email_live WHERE ${where.join(" AND ")} ORDER BY c.email ${desc ? "DESC" : "ASC"} LIMIT ?`).all(...args, limit + 1) as never;
  } else {
    const desc = sort !== "oldest";
    const cmp = desc ? "<" : ">";
    const bound = after.id ?? (desc ? Number.MAX_SAFE_INTEGER : 0);
    rows = match
      ? q.query(`${SELECT} WHERE c.id IN (SELECT rowid FROM contact_index WHERE contact_index MATCH ? AND rowid ${cmp} ? ORDER BY rowid ${desc ? "DESC" : "ASC"} LIMIT ?) AND c.deleted_at IS NULL ORDER BY c.id ${desc ? "DESC" : "ASC"}`).all(match, bound, limit + 1) as never
      : q.query(`${SELECT} WHERE c.deleted_at IS NULL AND c.id ${cmp} ? ORDER BY c.id ${desc ? "DESC" : "ASC"} LIMIT ?`).all(bound, limit + 1) as never;
  }
  const more = rows.length > limit;
  const contacts = rowsToContacts(rows.slice(0, limit));
  const last = contacts[contacts.length - 1];
  return { contacts, next: more && last ? (byEmail ? `e:${last.email}` : String(last.id)) : null };
}

/** How many contacts match the filter. */
export function countContacts(db: TenantDb, filter: ContactFilter): number {
  const match = filterMatch(filter);
  const prefix = emailPrefix(filter);
  const q = db.$client;
  if (prefix) {
    const args: (string | number)[] = [prefix, prefix + "\uffff"];
    const extra = match ? " AND id IN (SELECT rowid FROM contact_index WHERE contact_index MATCH ?)" : "";
    if (match) args.push(match);
    return (q.query(`SELECT count(*) AS n FROM contacts WHERE deleted_at IS NULL AND email >= ? AND email < ?${extra}`).get(...args) as { n: number }).n;
  }
  return (q.query("SELECT count(*) AS n FROM contact_index WHERE contact_index MATCH ?").get(match ?? quote(T.all)) as { n: number }).n;
}

/** Every contact id matching the filter, ascending, in batches (bulk actions, export). */
export function* filteredIdBatches(db: TenantDb, filter: ContactFilter, batch: number): Generator<number[]> {
  const match = filterMatch(filter);
  const prefix = emailPrefix(filter);
  let after = 0;
  for (;;) {
    let ids: number[];
    if (prefix) {
      const extra = match ? " AND id IN (SELECT rowid FROM contact_index WHERE contact_index MATCH ?)" : "";
      const args: (string | number)[] = [prefix, prefix + "\uffff", after];
      if (match) args.push(match);
      ids = (db.$client.query(`SELECT id FROM contacts WHERE deleted_at IS NULL AND email >= ? AND email < ? AND id > ?${extra} ORDER BY id LIMIT ${batch}`).all(...args) as { id: number }[]).map((r) => r.id);
    } else {
      ids = (db.$client.query(`SELECT rowid AS id FROM contact_index WHERE contact_index MATCH ? AND rowid > ? ORDER BY rowid LIMIT ${batch}`).all(match ?? quote(T.all), after) as { id: number }[]).map((r) => r.id);
    }
    if (!ids.length) return;
    yield ids;
    after = ids[ids.length - 1]!;
    if (ids.length < batch) return;
  }
}
