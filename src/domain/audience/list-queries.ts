/**
 * The contacts list: filters through the contact index, search by name words (index, prefix) or by
 * email prefix (the email index), keyset paging; fast at a million rows.
 */
import { AppError } from "../../lib/errors";
import type { TenantDb } from "../../db/tenants";
import { T, quote, searchWords } from "./contact-index";
import type { Contact, ContactFilter, ContactSort } from "./model";
import { toContact, type ContactRow } from "./queries";

const FILTER_STATUS: Record<string, string> = {
  subscribed: `(${quote(T.anyTopic)} NOT ${quote(T.blocked)})`,
  unsubscribed: quote(T.unsubscribed),
  pending: quote(T.doi("pending")),
  blocklisted: quote(T.blocked),
  no_topics: `(${quote(T.all)} NOT ${quote(T.anyTopic)})`,
};

/** The MATCH expression of the filters alone (no search), or null for "every live contact". */
export function filterMatch(f: ContactFilter): string | null {
  const parts: string[] = [];
  if (f.topicId) parts.push(quote(T.topic(f.topicId)));
  if (f.source) parts.push(quote(T.source(f.source)));
  if (f.status) parts.push(FILTER_STATUS[f.status]!);
  return parts.length ? parts.join(" AND ") : null;
}

type Sql = { sql: string; args: (string | number)[] };
const IN_INDEX = "c.id IN (SELECT rowid FROM contact_index WHERE contact_index MATCH ?)";

/**
 * What a filter and search select: `names` (MATCH on name words and filters) and/or `email` (a
 * prefix range of the email index, ANDed with the filters). Short terms search names only; terms
 * of 4+ characters (or with @ or .) also match the start of email addresses.
 */
function planOf(db: TenantDb, f: ContactFilter) {
  const filters = filterMatch(f);
  const term = f.search?.trim().toLowerCase() ?? "";
  if (!term) return { filters, names: null, email: null, searching: false };
  const words = term.includes("@") ? null : namesMatch(db, term);
  const email = !/\s/.test(term) && (term.length >= 4 || /[@.]/.test(term)) ? term : null;
  return { filters, names: words ? (filters ? `${filters} AND ${words}` : words) : null, email, searching: true };
}
type Plan = ReturnType<typeof planOf>;

/**
 * Each word as a prefix. FTS5 merges the posting lists of every term of a prefix query up front,
 * so a prefix is first expanded through the name words (contact_terms) into an OR of exact terms (lazy, fast for
 * "first page" and counts); only prefixes with very many terms fall back to a prefix query.
 */
function namesMatch(db: TenantDb, text: string): string | null {
  const parts: string[] = [];
  for (const w of searchWords(text).slice(0, 6)) {
    const terms = (db.$client.query("SELECT term FROM contact_terms WHERE term >= ? AND term < ? LIMIT 201").all(`w${w}`, `w${w}\uffff`) as { term: string }[]).map((r) => r.term);
    if (!terms.length) return quote("wzzzznomatch");
    parts.push(terms.length > 200 ? `"w${w}"*` : `(${terms.map(quote).join(" OR ")})`);
  }
  return parts.length ? parts.join(" AND ") : null;
}

/** Ids matching a search, `limit` at most, in id order from `bound` (exclusive). */
function searchIds(db: TenantDb, p: Plan, bound: number, desc: boolean, limit: number): number[] {
  const cmp = desc ? "<" : ">";
  const dir = desc ? "DESC" : "ASC";
  const names = p.names
    ? (db.$client.query(`SELECT rowid AS id FROM contact_index WHERE contact_index MATCH ? AND rowid ${cmp} ? ORDER BY rowid ${dir} LIMIT ?`).all(p.names, bound, limit) as { id: number }[]).map((r) => r.id)
    : [];
  const email = p.email
    ? (db.$client.query(`SELECT c.id FROM contacts c INDEXED BY contacts_email_live WHERE c.email >= ? AND c.email < ? AND c.deleted_at IS NULL AND c.id ${cmp} ?${p.filters ? ` AND ${IN_INDEX}` : ""} ORDER BY c.id ${dir} LIMIT ?`)
        .all(p.email, p.email + "\uffff", bound, ...(p.filters ? [p.filters] : []), limit) as { id: number }[]).map((r) => r.id)
    : [];
  const all = [...new Set([...names, ...email])].sort((a, b) => (desc ? b - a : a - b));
  return all.slice(0, limit);
}

/** The predicate on `contacts c` for a search (used where rows are walked in email order). */
function searchWhere(p: Plan): Sql {
  const ors: string[] = [];
  const args: (string | number)[] = [];
  if (p.names) ors.push(IN_INDEX), args.push(p.names);
  if (p.email) {
    ors.push(`(c.email >= ? AND c.email < ?${p.filters ? ` AND ${IN_INDEX}` : ""})`);
    args.push(p.email, p.email + "\uffff", ...(p.filters ? [p.filters] : []));
  }
  return ors.length ? { sql: `(${ors.join(" OR ")})`, args } : { sql: "0", args: [] };
}

const SELECT = `SELECT id, email, first_name AS firstName, last_name AS lastName, language, timezone, source, notes, properties,
  doi_status AS doiStatus, doi_confirmed_at AS doiConfirmedAt, unsubscribed_at AS unsubscribedAt, last_opened_at AS lastOpenedAt,
  last_clicked_at AS lastClickedAt, last_engaged_at AS lastEngagedAt, soft_bounce_streak AS softBounceStreak, created_at AS createdAt, updated_at AS updatedAt
  FROM contacts c`;

function rowsToContacts(rows: Record<string, unknown>[]): Contact[] {
  return rows.map((r) => toContact({ ...(r as unknown as ContactRow), properties: JSON.parse(String(r.properties ?? "{}")) }));
}

export function parseCursor(raw: string | undefined, byEmail: boolean): { id?: number; email?: string } {
  if (!raw) return {};
  if (byEmail) return raw.startsWith("e:") ? { email: raw.slice(2) } : {};
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 0) throw new AppError("INVALID_INPUT", "Bad page cursor.", { field: "after" });
  return { id };
}

/** One page of contacts; `next` is the cursor of the following page. */
export function listContactPage(db: TenantDb, filter: ContactFilter, sort: ContactSort, cursor: string | undefined, limit: number): { contacts: Contact[]; next: string | null } {
  const p = planOf(db, filter);
  const searching = p.searching;
  const byEmail = sort === "email_asc" || sort === "email_desc";
  const after = parseCursor(cursor, byEmail);
  const q = db.$client;
  let rows: Record<string, unknown>[];
  if (byEmail) {
    const desc = sort === "email_desc";
    const where: Sql = searching ? searchWhere(p) : p.filters ? { sql: IN_INDEX, args: [p.filters] } : { sql: "1", args: [] };
    const cur = after.email !== undefined ? ` AND c.email ${desc ? "<" : ">"} ?` : "";
    rows = q.query(`${SELECT} INDEXED BY contacts_email_live WHERE c.deleted_at IS NULL AND c.email IS NOT NULL${cur} AND ${where.sql} ORDER BY c.email ${desc ? "DESC" : "ASC"} LIMIT ?`)
      .all(...(after.email !== undefined ? [after.email] : []), ...where.args, limit + 1) as never;
  } else {
    const desc = sort !== "oldest";
    const dir = desc ? "DESC" : "ASC";
    const bound = after.id ?? (desc ? Number.MAX_SAFE_INTEGER : 0);
    const cmp = desc ? "<" : ">";
    if (searching) {
      const ids = searchIds(db, p, bound, desc, limit + 1);
      rows = ids.length ? q.query(`${SELECT} WHERE c.id IN (${ids.join(",")}) AND c.deleted_at IS NULL ORDER BY c.id ${dir}`).all() as never : [];
    } else if (p.filters) {
      rows = q.query(`${SELECT} WHERE c.id IN (SELECT rowid FROM contact_index WHERE contact_index MATCH ? AND rowid ${cmp} ? ORDER BY rowid ${dir} LIMIT ?) AND c.deleted_at IS NULL ORDER BY c.id ${dir}`).all(p.filters, bound, limit + 1) as never;
    } else {
      rows = q.query(`${SELECT} WHERE c.deleted_at IS NULL AND c.id ${cmp} ? ORDER BY c.id ${dir} LIMIT ?`).all(bound, limit + 1) as never;
    }
  }
  const more = rows.length > limit;
  const contacts = rowsToContacts(rows.slice(0, limit));
  const last = contacts[contacts.length - 1];
  return { contacts, next: more && last ? (byEmail ? `e:${last.email}` : String(last.id)) : null };
}

/** How many contacts match the filter and search. */
export function countContacts(db: TenantDb, filter: ContactFilter): number {
  const p = planOf(db, filter);
  const q = db.$client;
  if (p.searching) {
    const names = p.names ? (q.query("SELECT count(*) AS n FROM contact_index WHERE contact_index MATCH ?").get(p.names) as { n: number }).n : 0;
    if (!p.email) return names;
    const range = `FROM contacts c INDEXED BY contacts_email_live WHERE c.email >= ? AND c.email < ? AND c.deleted_at IS NULL${p.filters ? ` AND ${IN_INDEX}` : ""}`;
    const args = [p.email, p.email + "\uffff", ...(p.filters ? [p.filters] : [])];
    const email = (q.query(`SELECT count(*) AS n ${range}`).get(...args) as { n: number }).n;
    const both = names && email ? (q.query(`SELECT count(*) AS n ${range} AND ${IN_INDEX}`).get(...args, p.names!) as { n: number }).n : 0;
    return names + email - both;
  }
  if (!p.filters) return (q.query("SELECT live AS n FROM contact_stats WHERE id = 1").get() as { n: number } | null)?.n ?? 0;
  return (q.query("SELECT count(*) AS n FROM contact_index WHERE contact_index MATCH ?").get(p.filters) as { n: number }).n;
}

/** Every contact id matching the filter and search, ascending, in batches (bulk actions, export). */
export function* filteredIdBatches(db: TenantDb, filter: ContactFilter, batch: number): Generator<number[]> {
  const p = planOf(db, filter);
  let after = 0;
  for (;;) {
    const ids = p.searching
      ? searchIds(db, p, after, false, batch)
      : (db.$client.query(`SELECT rowid AS id FROM contact_index WHERE contact_index MATCH ? AND rowid > ? ORDER BY rowid LIMIT ${batch}`).all(p.filters ?? quote(T.all), after) as { id: number }[]).map((r) => r.id);
    if (!ids.length) return;
    yield ids;
    after = ids[ids.length - 1]!;
    if (ids.length < batch) return;
  }
}
