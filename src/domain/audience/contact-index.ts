/**
 * The contact index: one FTS5 document of tokens per live contact. Facts (prefix "f") answer the
 * list filters and most segment conditions by intersecting posting lists inside SQLite; words
 * (prefix "w") answer the prefix search. Documents are built only here, so the index and its
 * queries cannot drift apart. Email addresses are searched through their own index (prefix range),
 * not here: their local parts are mostly unique words that would bloat the index. Tokens hold only letters and digits (the ascii tokenizer splits on
 * anything else), so every token is quoted safely in MATCH expressions.
 */
import type { ContactSource, DoiStatus, PropertyType } from "./model";

/** Bump when the document format changes: `audience.rebuild-index` then rewrites every document. */
export const CONTACT_INDEX_VERSION = 1;

export const T = {
  all: "fa",
  hasEmail: "fe",
  unsubscribed: "fu",
  blocked: "fb",
  opened: "fo",
  clicked: "fk",
  anyTopic: "fm",
  source: (s: string) => `fs${s}`,
  doi: (s: DoiStatus) => `fd${s === "pending" ? "p" : s === "confirmed" ? "c" : "n"}`,
  topic: (id: number) => `ft${id}`,
  propSet: (id: number) => `fp${id}`,
  propValue: (id: number, canonical: string) => `fp${id}h${hash53(canonical)}`,
};

export interface IndexedContact {
  id: number;
  email: string | null;
  firstName: string;
  lastName: string;
  source: ContactSource;
  doiStatus: DoiStatus;
  unsubscribedAt: number | null;
  lastOpenedAt: number | null;
  lastClickedAt: number | null;
  properties: Record<string, unknown>;
}

export interface PropertyMeta {
  id: number;
  key: string;
  type: PropertyType;
}

/** The document of one contact. */
export function contactDoc(c: IndexedContact, topicIds: Iterable<number>, blocked: boolean, props: PropertyMeta[]): string {
  const out = [T.all, T.source(c.source), T.doi(c.doiStatus)];
  if (c.email) out.push(T.hasEmail);
  if (c.unsubscribedAt) out.push(T.unsubscribed);
  if (blocked) out.push(T.blocked);
  if (c.lastOpenedAt) out.push(T.opened);
  if (c.lastClickedAt) out.push(T.clicked);
  let member = false;
  for (const id of topicIds) {
    out.push(T.topic(id));
    member = true;
  }
  if (member) out.push(T.anyTopic);
  for (const p of props) {
    const v = c.properties[p.key];
    if (v === undefined || v === null || v === "") continue;
    out.push(T.propSet(p.id));
    const canonical = canonicalValue(p.type, v);
    if (canonical !== null) out.push(T.propValue(p.id, canonical));
  }
  for (const w of nameTerms(c)) out.push(w);
  return out.join(" ");
}

/** The search terms of a contact's names ("w" + word); writers also record them in contact_terms. */
export function nameTerms(c: { firstName: string; lastName: string }): string[] {
  return c.firstName || c.lastName ? searchWords(`${c.firstName} ${c.lastName}`).map((w) => `w${w}`) : [];
}

/** Text and yes/no values are indexed for equality (case-insensitive); numbers and dates are compared in SQL. */
export function canonicalValue(type: PropertyType, v: unknown): string | null {
  if (type === "text") return String(v).trim().toLowerCase();
  if (type === "boolean") return v === true ? "true" : v === false ? "false" : null;
  return null;
}

/** Lowercased words of letters and digits, the same for documents and queries. */
export function searchWords(text: string): string[] {
  const lower = text.toLowerCase();
  const parts = /^[a-z0-9 ]*$/.test(lower) ? lower.split(" ") : lower.split(/[^\p{L}\p{N}]+/u);
  const out: string[] = [];
  for (const w of parts) if (w.length > 0 && w.length <= 40 && !out.includes(w)) out.push(w);
  return out;
}

/** MATCH expression for a search box: every word as a prefix; null when nothing searchable is left. */
export function searchMatch(text: string): string | null {
  const words = searchWords(text).slice(0, 6);
  return words.length ? words.map((w) => `"w${w}"*`).join(" AND ") : null;
}

export const quote = (token: string) => `"${token}"`;

/** cyrb53 in base36. */
export const hash53 = (str: string): string => hash53n(str).toString(36);

/** cyrb53: a fast, stable 53-bit string hash (public domain). */
export function hash53n(str: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
