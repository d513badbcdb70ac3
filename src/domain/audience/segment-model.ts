import { invalid } from "../../lib/errors";
import { CONTACT_SOURCES, type Property, type PropertyType, type Topic } from "./model";

/** Operators of `contact_property` conditions (SG-02). */
export const PROPERTY_OPERATORS = ["equals", "not_equals", "contains", "not_contains", "gt", "lt", "gte", "lte", "is_empty", "not_empty", "is_true", "is_false"] as const;
export type PropertyOperator = (typeof PROPERTY_OPERATORS)[number];

export const BUILTIN_FIELDS = [
  { key: "email", label: "Email", type: "text" },
  { key: "firstName", label: "First name", type: "text" },
  { key: "lastName", label: "Last name", type: "text" },
  { key: "source", label: "Source", type: "source" },
] as const;

export type Condition =
  | { kind: "contact_property"; field: string; operator: PropertyOperator; value?: string }
  /** SG-03 plus two optional narrowings read from email_events: a time window and a campaign. */
  | { kind: "email_activity"; field: "opened" | "clicked"; operator: "is_true" | "is_false"; withinDays?: number; campaignId?: string }
  | { kind: "topic_membership"; topicId: number; operator: "equals" | "not_equals" };

export interface SegmentDefinition {
  match: "all" | "any";
  conditions: Condition[];
}

export interface Segment {
  id: number;
  name: string;
  description: string;
  definition: SegmentDefinition;
  cachedCount: number | null;
  countedAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export const MAX_CONDITIONS = 30;

/** Which operators a field type offers in the builder (and accepts at write time). */
export function operatorsFor(type: PropertyType | "source"): PropertyOperator[] {
  switch (type) {
    case "source": return ["equals", "not_equals"];
    case "boolean": return ["is_true", "is_false", "is_empty", "not_empty"];
    case "number": return ["equals", "not_equals", "gt", "lt", "gte", "lte", "is_empty", "not_empty"];
    case "date": return ["equals", "not_equals", "gt", "lt", "gte", "lte", "is_empty", "not_empty"];
    case "text": return ["equals", "not_equals", "contains", "not_contains", "gt", "lt", "gte", "lte", "is_empty", "not_empty"];
  }
}

export const OPERATOR_LABELS: Record<PropertyOperator, string> = {
  equals: "is", not_equals: "is not", contains: "contains", not_contains: "does not contain",
  gt: "is greater than", lt: "is less than", gte: "is at least", lte: "is at most",
  is_empty: "is empty", not_empty: "is not empty", is_true: "is yes", is_false: "is not yes",
};

export const needsValue = (op: PropertyOperator) => !["is_empty", "not_empty", "is_true", "is_false"].includes(op);

export function fieldType(field: string, props: Property[]): PropertyType | "source" | null {
  const builtin = BUILTIN_FIELDS.find((f) => f.key === field);
  if (builtin) return builtin.type;
  return props.find((p) => p.key === field)?.type ?? null;
}

/** Validates a definition at write time (SG-05), naming the condition that is wrong. */
export function checkDefinition(raw: unknown, props: Property[], topics: Topic[], lenient = false): SegmentDefinition {
  const d = (raw ?? {}) as { match?: unknown; conditions?: unknown };
  const match = d.match === "any" ? "any" : "all";
  if (!Array.isArray(d.conditions)) throw invalid("conditions", "Conditions must be a list.");
  if (d.conditions.length > MAX_CONDITIONS) throw invalid("conditions", `At most ${MAX_CONDITIONS} conditions.`);
  const conditions = d.conditions.map((c, i) => checkCondition(c, i, props, topics, lenient));
  return { match, conditions };
}

function checkCondition(raw: unknown, i: number, props: Property[], topics: Topic[], lenient: boolean): Condition {
  const c = (raw ?? {}) as Record<string, unknown>;
  const field = `condition_${i}`;
  const n = `Condition ${i + 1}`;
  if (c.kind === "topic_membership") {
    const topicId = Number(c.topicId);
    if (!Number.isSafeInteger(topicId) || (!lenient && !topics.some((t) => t.id === topicId))) throw invalid(field, `${n}: choose a topic.`);
    if (c.operator !== "equals" && c.operator !== "not_equals") throw invalid(field, `${n}: choose "is member" or "is not member".`);
    return { kind: "topic_membership", topicId, operator: c.operator };
  }
  if (c.kind === "email_activity") {
    if (c.field !== "opened" && c.field !== "clicked") throw invalid(field, `${n}: choose opened or clicked.`);
    if (c.operator !== "is_true" && c.operator !== "is_false") throw invalid(field, `${n}: choose "has" or "has not".`);
    const out: Condition = { kind: "email_activity", field: c.field, operator: c.operator };
    if (c.withinDays !== undefined && c.withinDays !== "" && c.withinDays !== null) {
      const days = Number(c.withinDays);
      if (!Number.isInteger(days) || days < 1 || days > 3650) throw invalid(field, `${n}: the time window is a number of days between 1 and 3650.`);
      out.withinDays = days;
    }
    if (typeof c.campaignId === "string" && c.campaignId.trim()) out.campaignId = c.campaignId.trim().slice(0, 100);
    return out;
  }
  if (c.kind === "contact_property") {
    const fieldName = typeof c.field === "string" ? c.field : "";
    const type = fieldType(fieldName, props);
    // A stored condition on a deleted property stays readable; it simply matches nobody (CP-05).
    if (!type && lenient && /^[a-z][a-z0-9_]{0,49}$/.test(fieldName)) return { kind: "contact_property", field: fieldName, operator: c.operator as PropertyOperator, value: typeof c.value === "string" ? c.value : undefined };
    if (!type) throw invalid(field, `${n}: choose a field.`);
    const operator = c.operator as PropertyOperator;
    if (!operatorsFor(type).includes(operator)) throw invalid(field, `${n}: "${String(c.operator)}" does not apply to this field.`);
    if (!needsValue(operator)) return { kind: "contact_property", field: fieldName, operator };
    const value = typeof c.value === "string" ? c.value.trim() : typeof c.value === "number" ? String(c.value) : "";
    if (!value) throw invalid(field, `${n}: enter a value.`);
    if (value.length > 500) throw invalid(field, `${n}: the value is longer than 500 characters.`);
    if (type === "source" && !(CONTACT_SOURCES as readonly string[]).includes(value)) throw invalid(field, `${n}: source is one of ${CONTACT_SOURCES.join(", ")}.`);
    const numeric = ["gt", "lt", "gte", "lte"].includes(operator) || type === "number";
    if (numeric && type !== "date" && !Number.isFinite(Number(value))) throw invalid(field, `${n}: enter a number.`);
    if (type === "date" && !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw invalid(field, `${n}: enter a date like 2026-03-31.`);
    return { kind: "contact_property", field: fieldName, operator, value };
  }
  throw invalid(field, `${n}: unknown kind of condition.`);
}

/** A corrupt stored definition counts as zero matches (SG-05) instead of failing pages. */
export function safeDefinition(raw: unknown, props: Property[], topics: Topic[]): SegmentDefinition | null {
  try {
    return checkDefinition(raw, props, topics, true);
  } catch {
    return null;
  }
}
