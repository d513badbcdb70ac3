/**
 * Segment definitions compiled for SQLite. Conditions the contact index can answer (topic membership,
 * opened/clicked, source, text and yes/no equality, empty/not empty) become one FTS5 MATCH expression,
 * so a count intersects posting lists; the rest (numbers, dates, contains, time windows) become SQL
 * predicates on the contacts row. `referenceSql` compiles everything to plain SQL: tests check both
 * paths agree.
 */
import { DAY } from "../../lib/time";
import { T, canonicalValue, quote } from "./contact-index";
import type { Property } from "./model";
import { fieldType, type Condition, type SegmentDefinition } from "./segment-model";

type Sql = { sql: string; args: (string | number)[] };
type Atom = { fts: string; negated: boolean } | { sql: Sql } | { never: true };

export interface CompiledSegment {
  /** FTS5 MATCH expression over the contact index (null: no indexed part). */
  match: string | null;
  /** SQL predicate over `contacts c` (null: the MATCH answers alone). */
  where: Sql | null;
  /** How `match` and `where` combine: ALL → AND, ANY → OR. */
  combine: "AND" | "OR";
  /** Nothing can match (e.g. ALL with a condition on a deleted property). */
  empty: boolean;
}

const BUILTIN_COLUMN: Record<string, string> = { email: "c.email", firstName: "c.first_name", lastName: "c.last_name" };

function propPath(key: string): string {
  return `'$.${key}'`; // keys are [a-z][a-z0-9_]*, checked at write time
}

function propertyAtom(c: Extract<Condition, { kind: "contact_property" }>, props: Property[]): Atom {
  const type = fieldType(c.field, props);
  if (!type) return { never: true };
  const op = c.operator;
  const v = c.value ?? "";
  if (type === "source") return { fts: quote(T.source(v)), negated: op === "not_equals" };
  const builtin = BUILTIN_COLUMN[c.field];
  if (builtin) return builtinAtom(c.field, builtin, op, v);
  const p = props.find((x) => x.key === c.field)!;
  const value = `(c.properties ->> ${propPath(p.key)})`;
  if (op === "is_empty" || op === "not_empty") return { fts: quote(T.propSet(p.id)), negated: op === "is_empty" };
  if (op === "is_true" || op === "is_false") return { fts: quote(T.propValue(p.id, "true")), negated: op === "is_false" };
  if ((op === "equals" || op === "not_equals") && (p.type === "text" || p.type === "boolean")) {
    const canonical = canonicalValue(p.type, p.type === "boolean" ? ["true", "yes", "1"].includes(v.toLowerCase()) : v);
    if (canonical !== null) return { fts: quote(T.propValue(p.id, canonical)), negated: op === "not_equals" };
  }
  return { sql: comparison(value, p.type === "date" ? "date" : p.type === "number" ? "number" : "text", op, v) };
}

function builtinAtom(field: string, col: string, op: string, v: string): Atom {
  if (field === "email" && (op === "is_empty" || op === "not_empty")) return { fts: quote(T.hasEmail), negated: op === "is_empty" };
  return { sql: comparison(col, "text", op, v) };
}

/** A comparison in SQL; strings case-insensitive; numeric operators coerce like Number(). */
function comparison(expr: string, kind: "text" | "number" | "date", op: string, v: string): Sql {
  const cmp: Record<string, string> = { gt: ">", lt: "<", gte: ">=", lte: "<=" };
  if (op === "is_empty") return { sql: `coalesce(${expr}, '') = ''`, args: [] };
  if (op === "not_empty") return { sql: `coalesce(${expr}, '') != ''`, args: [] };
  if (op === "contains") return { sql: `instr(lower(${expr}), ?) > 0`, args: [v.toLowerCase()] };
  if (op === "not_contains") return { sql: `coalesce(instr(lower(${expr}), ?), 0) = 0`, args: [v.toLowerCase()] };
  if (kind === "date") {
    if (op === "equals") return { sql: `substr(${expr}, 1, 10) = ?`, args: [v] };
    if (op === "not_equals") return { sql: `coalesce(substr(${expr}, 1, 10), '') != ?`, args: [v] };
    return { sql: `substr(${expr}, 1, 10) ${cmp[op]} ?`, args: [v] };
  }
  if (kind === "number" || cmp[op]) {
    const num = `CAST(nullif(trim(${expr}), '') AS REAL)`;
    if (op === "equals") return { sql: `${num} = ?`, args: [Number(v)] };
    if (op === "not_equals") return { sql: `coalesce(${num} != ?, 1)`, args: [Number(v)] };
    return { sql: `${num} ${cmp[op]} ?`, args: [Number(v)] };
  }
  if (op === "equals") return { sql: `lower(trim(${expr})) = ?`, args: [v.trim().toLowerCase()] };
  return { sql: `coalesce(lower(trim(${expr})) != ?, 1)`, args: [v.trim().toLowerCase()] };
}

function activityAtom(c: Extract<Condition, { kind: "email_activity" }>, now: number): Atom {
  if (!c.withinDays && !c.campaignId) return { fts: quote(c.field === "opened" ? T.opened : T.clicked), negated: c.operator === "is_false" };
  const where = ["type = ?"];
  const args: (string | number)[] = [c.field];
  if (c.withinDays) where.push("occurred_at >= ?"), args.push(now - c.withinDays * DAY);
  if (c.campaignId) where.push("campaign_id = ?"), args.push(c.campaignId);
  const sub = `SELECT contact_id FROM email_events WHERE ${where.join(" AND ")}`;
  return { sql: { sql: c.operator === "is_true" ? `c.id IN (${sub})` : `c.id NOT IN (${sub})`, args } };
}

function atomOf(c: Condition, props: Property[], now: number): Atom {
  if (c.kind === "topic_membership") return { fts: quote(T.topic(c.topicId)), negated: c.operator === "not_equals" };
  if (c.kind === "email_activity") return activityAtom(c, now);
  return propertyAtom(c, props);
}

function joinSql(parts: Sql[], op: "AND" | "OR"): Sql {
  return { sql: parts.map((p) => `(${p.sql})`).join(` ${op} `), args: parts.flatMap((p) => p.args) };
}

export function compileSegment(def: SegmentDefinition, props: Property[], now: number): CompiledSegment {
  const atoms = def.conditions.map((c) => atomOf(c, props, now));
  const fts = atoms.filter((a): a is Extract<Atom, { fts: string }> => "fts" in a);
  const sqls = atoms.filter((a): a is Extract<Atom, { sql: Sql }> => "sql" in a).map((a) => a.sql);
  const never = atoms.some((a) => "never" in a);
  if (def.match === "all") {
    if (never) return { match: null, where: null, combine: "AND", empty: true };
    const pos = fts.filter((a) => !a.negated).map((a) => a.fts);
    const neg = fts.filter((a) => a.negated).map((a) => a.fts);
    let match: string | null = null;
    if (pos.length || neg.length || !sqls.length) {
      match = pos.length ? `(${pos.join(" AND ")})` : quote(T.all);
      for (const n of neg) match = `(${match} NOT ${n})`;
    }
    return { match, where: sqls.length ? joinSql(sqls, "AND") : null, combine: "AND", empty: false };
  }
  if (!fts.length && !sqls.length) return def.conditions.length ? { match: null, where: null, combine: "OR", empty: true } : { match: quote(T.all), where: null, combine: "OR", empty: false };
  const match = fts.length ? fts.map((a) => (a.negated ? `(${quote(T.all)} NOT ${a.fts})` : a.fts)).join(" OR ") : null;
  return { match, where: sqls.length ? joinSql(sqls, "OR") : null, combine: "OR", empty: false };
}

/** The whole definition as a plain SQL predicate on `contacts c` (reference evaluator for tests). */
export function referenceSql(def: SegmentDefinition, props: Property[], now: number): Sql {
  const parts = def.conditions.map((c): Sql => {
    if (c.kind === "topic_membership") {
      const e = "EXISTS (SELECT 1 FROM topic_members m WHERE m.contact_id = c.id AND m.topic_id = ?)";
      return { sql: c.operator === "equals" ? e : `NOT ${e}`, args: [c.topicId] };
    }
    const atom = atomOf(c, props, now);
    if ("sql" in atom) return atom.sql;
    if ("never" in atom) return { sql: "0", args: [] };
    return referenceForCondition(c, props, atom.negated);
  });
  if (!parts.length) return { sql: "1", args: [] };
  return joinSql(parts, def.match === "all" ? "AND" : "OR");
}

function referenceForCondition(c: Condition, props: Property[], negated: boolean): Sql {
  const wrap = (s: Sql): Sql => (negated ? { sql: `NOT coalesce((${s.sql}), 0)`, args: s.args } : s);
  if (c.kind === "email_activity") return wrap({ sql: c.field === "opened" ? "c.last_opened_at IS NOT NULL" : "c.last_clicked_at IS NOT NULL", args: [] });
  if (c.kind !== "contact_property") return { sql: "0", args: [] };
  if (c.field === "source") return wrap({ sql: "c.source = ?", args: [c.value ?? ""] });
  if (c.field === "email") return wrap({ sql: "c.email IS NOT NULL", args: [] });
  const p = props.find((x) => x.key === c.field)!;
  const v = `(c.properties ->> ${propPath(p.key)})`;
  if (c.operator === "is_empty" || c.operator === "not_empty") return wrap({ sql: `coalesce(trim(${v}), '') != ''`, args: [] });
  if (c.operator === "is_true" || c.operator === "is_false" || p.type === "boolean") {
    const want = c.operator === "is_true" || c.operator === "is_false" ? 1 : ["true", "yes", "1"].includes((c.value ?? "").toLowerCase()) ? 1 : 0;
    return wrap({ sql: `json_type(c.properties, ${propPath(p.key)}) = ?`, args: [want ? "true" : "false"] });
  }
  return wrap({ sql: `lower(trim(${v})) = ?`, args: [(c.value ?? "").trim().toLowerCase()] });
}
